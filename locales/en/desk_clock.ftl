## The desk's clock, duty and ratings
desk-sla-reminder = ⏰ { $id } has waited { $minutes } min without an agent. On duty: { $agents }
desk-sla-reminder-nobody = ⏰ { $id } has waited { $minutes } min without an agent, and nobody is on duty (/duty).
desk-sla-digest = ⏰ { $count } tickets wait without an agent past the SLA, the longest { $minutes } min: { $tickets }. On duty: { $agents }
desk-list-join = { $first }, { $rest }
desk-auto-resolved = The user did not answer: { $id } was resolved automatically.
desk-rating-low = ⚠️ Low rating for { $id }: { $score }/5.
desk-rating-comment = The user rated { $id } { $score }/5 and commented:
desk-duty-on = You are on duty now: reminders and after-hours alerts mention you. On duty: { $agents }
desk-duty-off = You are off duty now.
desk-duty-nobody = nobody is on duty (/duty)
cmd-queue = My place in the queue
cmd-desk-duty = Go on or off duty (reminders mention you)
desk-after-hours-alert = 🌙 Outside working hours: { $id } needs someone now. { $agents }

## The queue and the wait (never a fixed promise: from the latest tickets' waits)
queue-place = You are number { $position } in the queue; an agent will answer as soon as one is free.
queue-place-wait = You are number { $position } in the queue; at the moment the wait is about { $minutes ->
    [one] 1 minute
   *[other] { $minutes } minutes
}.
queue-after-hours = Our agents are away now and back at { $when }. You are number { $position } in the queue and keep your place; you can add details or screenshots here meanwhile, and "My tickets" shows your ticket.
queue-no-ticket = You have no ticket waiting for an agent. Tap "Talk to a person" in the menu if you need one.
queue-ticket = Your ticket <b>{ $id }</b>:
queue-taken = An agent is already on your ticket <b>{ $id }</b>; they will answer here.

## Reminders and the end of a ticket
wait-user-reminder = Our agent is waiting for your answer on ticket <b>{ $id }</b>. If we hear nothing, it will be closed as solved on { $by }; writing here keeps it open.
ticket-auto-resolved = We did not hear back, so ticket <b>{ $id }</b> is now closed as solved. Write here if the problem is still there and it opens again.

## Satisfaction
csat-ask = How did we do? Rate this ticket from 1 (poor) to 5 (excellent):
csat-thanks = Thank you for rating { $id }: { $score } of 5. If you want to add a comment, just write it in the next few minutes.
csat-already = This ticket is already rated. Thank you!
csat-comment-kept = Thank you, your comment on { $id } is passed on to our team.
flood-notice = We have all your messages for ticket <b>{ $id }</b>: so that nothing gets lost in a crowd, what you send now reaches our agents together in a minute or two. No need to send it again.
