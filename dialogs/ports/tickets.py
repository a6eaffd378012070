"""Reading a user's tickets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from dialogs.tickets.status import TicketStatus


@dataclass(frozen=True)
class TicketSummary:
    public_id: str
    category: str
    status: TicketStatus
    created_at: datetime


@dataclass(frozen=True)
class TicketDetail:
    """One of the user's tickets as they may see it: what they reported, where it stands."""

    summary: TicketSummary
    updated_at: datetime
    order_number: str | None
    error_text: str | None
    steps: str | None


class TicketLookup(Protocol):
    async def recent(self, user_id: int, limit: int) -> list[TicketSummary]: ...

    async def detail(self, user_id: int, public_id: str) -> TicketDetail | None:
        """The ticket, if it is ``user_id``'s (anyone else's is None, as if it did not
        exist)."""
        ...
