"""What the dialogs may ask of the outside world, as Protocols the app implements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class TicketSummary:
    public_id: str
    category: str
    status: str
    created_at: datetime


class TicketLookup(Protocol):
    async def recent(self, user_id: int, limit: int) -> list[TicketSummary]: ...


@dataclass(frozen=True)
class Context:
    """Who the dialogs are talking to: the user's locale (already resolved)."""

    locale: str


class DraftStore(Protocol):
    """Where a user's report in progress is kept (as JSON-able data)."""

    async def get(self, user_id: int) -> dict[str, Any] | None: ...

    async def put(self, user_id: int, data: dict[str, Any]) -> None: ...

    async def delete(self, user_id: int) -> None: ...
