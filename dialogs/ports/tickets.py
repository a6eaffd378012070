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


class TicketLookup(Protocol):
    async def recent(self, user_id: int, limit: int) -> list[TicketSummary]: ...
