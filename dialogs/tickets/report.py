"""What a finished problem report files: the form's answers mapped onto a ticket.

Answers land in the ticket's own columns by field kind (when, error, order, screenshots) or
by the conventional id ``steps``; everything else (channel, amount, account id, redeem
code...) is kept under ``fields``. An urgent category files an urgent ticket.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dialogs.tickets.priority import TicketPriority

# A screenshots field's answer when the user pressed "I don't have one": kept as is in the
# draft, and on the ticket under ``fields[<field id>]``, so the agent sees that none exists
# rather than wondering why no image came.
NO_SCREENSHOTS = "none"
# The question asked at the menu before the report (dialogs.kb): "~" is never a field id.
QUESTION = "~question"


@dataclass
class NewTicket:
    """What a finished problem report carries into a ticket."""

    user_id: int
    category: str
    occurred_at: datetime | None = None
    occurred_text: str | None = None
    steps: str | None = None
    error_text: str | None = None
    order_number: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    attachments: list[dict[str, str]] = field(default_factory=list)
    priority: TicketPriority = TicketPriority.NORMAL
    priority_reason: str | None = None  # see dialogs.desk.urgency
    tags: list[str] = field(default_factory=list)  # more are added as it is filed: see tags.py
    order_snapshot: dict[str, Any] | None = None  # dialogs.orders.snapshot: for the card


def ticket_from_report(
    user_id: int,
    category: str,
    fields: Iterable[Any],
    answers: dict[str, Any],
    *,
    linked_order: str | None = None,
    snapshot: dict[str, Any] | None = None,
    question: str | None = None,
    urgent: bool = False,
    urgent_word: Callable[[str], str | None] | None = None,
) -> NewTicket:
    """The ticket a report files: ``fields`` are the form's, in order; ``answers`` the
    draft's by field id; ``linked_order`` a deep link's order number, ``snapshot`` the
    order as looked up, ``question`` what the user asked the knowledge base first (kept
    under ``fields[QUESTION]``). ``urgent_word``
    finds an urgent word in what the user typed (the error, the steps, text answers): it
    makes the ticket urgent, the reason kept for the card."""
    report = NewTicket(user_id=user_id, category=category, order_snapshot=snapshot)
    if question:
        report.fields[QUESTION] = question
    typed: list[str] = []
    for f in fields:
        value = answers.get(f.id)
        if value is None:
            continue
        kind = str(f.kind)
        if kind in ("text", "error") and isinstance(value, str | dict):
            typed.append(value if isinstance(value, str) else str(value.get("text") or ""))
        if kind == "when":
            report.occurred_at = datetime.fromisoformat(value["at"])
            report.occurred_text = value["said"]
        elif kind == "error":
            report.error_text = value.get("text")
            if value.get("photo"):
                report.attachments.append({"kind": "photo", "file_id": value["photo"]})
        elif kind == "order" and report.order_number is None:
            report.order_number = value
        elif kind == "screenshots" and value == NO_SCREENSHOTS:
            report.fields[f.id] = NO_SCREENSHOTS
        elif kind == "screenshots":
            report.attachments.extend(value)
        elif f.id == "steps":
            report.steps = value
        else:
            report.fields[f.id] = value
    if report.order_number is None:
        # A deep link's order number, on a form that asks for none: the agent needs it.
        report.order_number = linked_order
    if urgent:
        report.priority = TicketPriority.URGENT
    word = urgent_word(" ".join(typed)) if urgent_word is not None else None
    if word is not None:
        report.priority, report.priority_reason = TicketPriority.URGENT, f"words:{word}"
    return report
