# kefu's own strings in English: "My tickets" and the ticket statuses.

my-tickets-empty = You have no tickets yet.
my-tickets-title = Your tickets:
my-tickets-line = { $id } · { $category } · { $status } · { $date }
ticket-status-open = waiting for an agent
ticket-status-new = received
ticket-status-claimed = an agent is on it
ticket-status-waiting_user = waiting for you
ticket-status-resolved = resolved
ticket-status-closed = closed
my-ticket-title = 🎫 <b>{ $id }</b> · { $category }
my-ticket-status = Status: { $status }
my-ticket-dates = Filed { $created } · last change { $updated }
my-ticket-close = Close this ticket
my-ticket-closed = Ticket <b>{ $id }</b> is closed. Thank you! If something else comes up, just write to us.
