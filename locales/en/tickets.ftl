# kefu's own strings in English: "My tickets" and the ticket statuses.

my-tickets-empty = You have no tickets yet.
my-tickets-title = Your tickets:
my-tickets-line = { $id } · { $category } · { $status } · { $date }
ticket-status-open = open
ticket-status-waiting_agent = waiting for an agent
ticket-status-waiting_user = waiting for you
ticket-status-resolved = resolved
ticket-status-closed = closed
