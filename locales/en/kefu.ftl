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
category-chosen = You chose: { $category }. The problem report form is coming soon; an agent can already help you.
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
