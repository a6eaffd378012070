"""Orders as users and agents meet them: a status shown only to its owner (a linked
account, or a challenge answered), payment channels' health said plainly, and the
order's snapshot carried onto the ticket for the agents. Plain async Python over the
order-backend port (dialogs/ports/orders.py); the app applies what is decided."""
