"""When a ticket wants a person sooner than its order in the queue: urgent words in what the
user wrote (anger, fraud, the police, a chargeback, large sums), or many messages in a short
time. Priority is only ever raised here, and the reason kept for the card, as a short
neutral code ("words:报警", "burst:6") that the card puts in the desk's language."""

from __future__ import annotations

from dialogs.content import Content
from dialogs.tickets.priority import TicketPriority

_ORDER = list(TicketPriority)


def raised(current: TicketPriority, wanted: TicketPriority) -> bool:
    return _ORDER.index(wanted) > _ORDER.index(current)


def urgent_reason(content: Content, text: str | None) -> str | None:
    """ "words:<word>" when ``text`` holds an urgent word, else None."""
    word = content.desk.urgent_word(text or "")
    return f"words:{word}" if word else None


def burst_reason(content: Content, recent: int) -> str | None:
    """ "burst:<n>" when the user sent more messages than the burst allows."""
    return f"burst:{recent}" if recent >= content.desk.burst.messages else None
