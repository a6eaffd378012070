## The agents' group's budget: the user's messages that waited, copied at once
desk-budget-merged = 📨 { $count ->
    [one] 1 message
   *[other] { $count } messages
}, { $first }–{ $last }
desk-budget-merged-at = 📨 { $count ->
    [one] 1 message
   *[other] { $count } messages
}, { $first }
