"""The agents' desk, as decisions: when a user's case goes to a person, what an agent's
message in the agents' group means, and the ticket card agents see. Plain Python: the app
reads through dialogs.ports.desk and carries out the Actions."""
