# kefu's own strings in English: the problem report. Operators' texts (categories, forms,
# FAQ) live in content YAML.

report-step = <b>Step { $number } of { $total }</b>
report-example = Example: <code>{ $example }</code>
report-want-text = Please type your answer as text.
report-want-when = Please type when it happened, like "yesterday 14:30", or use a button below.
report-want-error = Please type the error as text or send a screenshot of it.
report-want-images = Please send screenshots as photos or image files, or use a button below.
report-use-buttons = Please use the buttons below.
report-bad-shape = That does not look right. It should look like: <code>{ $example }</code>
report-bad-amount = Please send the amount as a number, with the currency if it is not the first one here: { $currencies }. For example: 100 or 25.5 USDT.
report-when-unreadable = I could not read that time. Try "10 minutes ago", "yesterday 14:30" or "2026-11-20 15:00", or use a button.
report-when-future = That time is in the future. When did it happen? For example "just now" or "yesterday 14:30".
report-when-just-now = Just now
report-when-within-hour = Within the hour
report-when-earlier-today = Earlier today
report-when-yesterday = Yesterday
report-when-approx = about { $at }
report-images-so-far = { $count ->
    [one] 1 screenshot received. Send more, or press Done.
   *[other] { $count } screenshots received. Send more, or press Done.
}
report-images-full = That is the most I can take ({ $limit }). Press Done to go on.
report-images = { $count ->
    [one] 1 screenshot
   *[other] { $count } screenshots
}
report-no-images = I don't have one
report-no-images-value = none (I don't have one)
report-error-photo = (a photo of the error)
report-error-photo-text = { $text } (and a photo)
report-skipped = —
report-done = Done
report-skip = Skip
report-keep = Keep as it was
report-cancel = Cancel
report-summary = <b>Your report: { $category }</b>
    Please check it, then submit.
report-summary-line = <b>{ $label }:</b> { $value }
report-edit = ✏️ { $label }
report-submit = Submit
report-resume = You have an unfinished report ({ $category }, { $count ->
    [one] 1 answer
   *[other] { $count } answers
}). Continue where you left off?
report-continue = Continue
report-start-over = Start over
report-deep-link = Order <code>{ $order }</code> is noted. Choose below what went wrong, and the order number will go with your report.
report-cancelled = Report cancelled: { $category }, { $count ->
    [one] 1 answer
   *[other] { $count } answers
} discarded.
report-cancelled-plain = Report cancelled.
report-filed = Thank you. Your ticket <b>{ $id }</b> ({ $category }) is filed. An agent will reply here; you do not need to send anything else. "My tickets" in the menu shows its status.
report-filed-no-desk = Thank you. Your ticket <b>{ $id }</b> ({ $category }) is recorded with every detail you gave; you do not need to send anything else. "My tickets" in the menu shows it and its status.
