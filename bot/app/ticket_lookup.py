"""The dialogs' TicketLookup port over the ticket store."""

from __future__ import annotations

from bot.storage.tickets import TicketStore
from dialogs.ports.tickets import TicketSummary
from dialogs.tickets.status import TicketStatus


class StoreTicketLookup:
    """A user's recent tickets, as the dialogs see them."""

    def __init__(self, tickets: TicketStore) -> None:
        self._tickets = tickets

    async def recent(self, user_id: int, limit: int) -> list[TicketSummary]:
        rows = await self._tickets.for_user(user_id, limit)
        return [
            TicketSummary(t.public_id, t.category, TicketStatus(t.status), t.created_at)
            for t in rows
        ]
