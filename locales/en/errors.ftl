# kefu's own strings in English: bad input, errors and alerts.

button-expired = That button is no longer active. Here is the menu again.
unknown-input = I did not understand that. Please use the buttons below.
unknown-command = I do not know that command. Here is the menu.
text-too-long = That message is too long ({ $length } characters). Please keep it under { $limit }.
error-try-again = Something went wrong on our side. Please try again in a moment.
alert-group-forbidden = kefu cannot post in the agents' group { $chat } any more ({ $reason }). Tickets will wait until it can: add the bot back as an admin.
error-not-delivered = A reply to you could not be delivered: Telegram kept refusing it. If you are still waiting for an answer, please send your last message again.
alert-desk-message-failed = A message for the agents' chat { $chat } could not be delivered and was given up on ({ $reason }). Check the agents' group; the ticket's details are in kefu.
alert-group-back = The agents' group { $chat } is back: { $count } waiting messages are being posted there now.
error-not-passed-on = That kind of message cannot be passed on to our team. Please describe it in words, or send a screenshot.
