"""The dialogs' TicketLookup port over the ticket store."""

from __future__ import annotations

from bot.storage.models import Ticket
from bot.storage.tickets import TicketStore
from dialogs.ports.tickets import TicketDetail, TicketSummary
from dialogs.tickets.status import TicketStatus


class StoreTicketLookup:
    """A user's recent tickets, as the dialogs see them."""

    def __init__(self, tickets: TicketStore) -> None:
        self._tickets = tickets

    async def recent(self, user_id: int, limit: int) -> list[TicketSummary]:
        rows = await self._tickets.for_user(user_id, limit)
        return [_summary(t) for t in rows]

    async def detail(self, user_id: int, public_id: str) -> TicketDetail | None:
        found = await self._tickets.by_public_id(public_id)
        if found is None or found.user_id != user_id:
            return None
        return TicketDetail(
            _summary(found), found.updated_at, found.order_number, found.error_text, found.steps
        )


def _summary(t: Ticket) -> TicketSummary:
    return TicketSummary(t.public_id, t.category, TicketStatus(t.status), t.created_at)
