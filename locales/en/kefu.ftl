# kefu's own strings in English. Operators' texts (categories, forms, FAQ) live in content YAML.

start-greeting = Hello, { $name }! I am the support assistant. Choose what your problem is about, and I will take the details so nobody has to ask twice.
menu-title = How can we help?
menu-my-tickets = My tickets
menu-language = Language
language-choose = Choose your language:
language-set = Language set to English.
my-tickets-empty = You have no tickets yet.
my-tickets-title = Your tickets:
my-tickets-line = { $id } · { $category } · { $status } · { $date }
button-expired = That button is no longer active. Here is the menu again.
unknown-input = I did not understand that. Please use the buttons below.
text-too-long = That message is too long ({ $length } characters). Please keep it under { $limit }.
error-try-again = Something went wrong on our side. Please try again in a moment.
cmd-start = Main menu
cmd-language = Change language
cmd-cancel = Cancel what you are doing
ticket-status-open = open
ticket-status-waiting_agent = waiting for an agent
ticket-status-waiting_user = waiting for you
ticket-status-resolved = resolved
ticket-status-closed = closed
nothing-to-cancel = There is nothing to cancel.
unknown-command = I do not know that command. Here is the menu.
alert-group-forbidden = kefu cannot post in the agents' group { $chat } any more ({ $reason }). Tickets will wait until it can: add the bot back as an admin.

## The problem report
report-step = <b>Step { $number } of { $total }</b>
report-example = Example: <code>{ $example }</code>
report-want-text = Please type your answer as text.
report-want-images = Please send screenshots as photos or image files.
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
report-deep-link = We will look into order <code>{ $order }</code>. What went wrong?
report-cancelled = Report cancelled: { $category }, { $count ->
    [one] 1 answer
   *[other] { $count } answers
} discarded.
report-cancelled-plain = Report cancelled.
report-filed = Thank you. Your ticket <b>{ $id }</b> ({ $category }) is filed. An agent will reply here, usually within 15 minutes; you do not need to send anything else. "My tickets" in the menu shows its status.
