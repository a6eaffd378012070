"""Turning a finished report into a ticket: the dialogs' TicketFiler port over the stores.

The form's answers land in the ticket's own columns by field kind (when, error, order,
screenshots) or by the conventional id ``steps``; everything else (channel, amount, account
id, redeem code...) is kept under ``fields``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.storage.models import Priority
from bot.storage.tickets import NewTicket, TicketStore
from dialogs.content import Content
from dialogs.report.draft import ORDER_HINT
from dialogs.report.engine import Filed


class StoreTicketFiler:
    """Files tickets through the TicketStore."""

    def __init__(self, tickets: TicketStore, content: Content) -> None:
        self._tickets = tickets
        self._content = content

    async def file(
        self, user_id: int, category: str, fields: list[Any], answers: dict[str, Any]
    ) -> Filed:
        report = NewTicket(user_id=user_id, category=category)
        for field in fields:
            value = answers.get(field.id)
            if value is None:
                continue
            kind = str(field.kind)
            if kind == "when":
                report.occurred_at = datetime.fromisoformat(value["at"])
                report.occurred_text = value["said"]
            elif kind == "error":
                report.error_text = value.get("text")
                if value.get("photo"):
                    report.attachments.append({"kind": "photo", "file_id": value["photo"]})
            elif kind == "order" and report.order_number is None:
                report.order_number = value
            elif kind == "screenshots":
                report.attachments.extend(value)
            elif field.id == "steps":
                report.steps = value
            else:
                report.fields[field.id] = value
        if report.order_number is None:
            # A deep link's order number, on a form that asks for none: the agent needs it.
            report.order_number = answers.get(ORDER_HINT)
        meta = self._content.category(category)
        if meta is not None and getattr(meta, "urgent", False):
            report.priority = Priority.URGENT
        ticket = await self._tickets.create(report)
        return Filed(public_id=ticket.public_id)
