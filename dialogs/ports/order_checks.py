"""What the order dialogs read of their own past: a user's lookups and wrong answers
lately (the log every lookup is recorded in), their challenge under way, who waits to hear
of a channel's recovery. Written only through actions (dialogs/orders/actions.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol


class OrderChecks(Protocol):
    def now(self) -> datetime:
        """The time by kefu's clock: windows and cool-downs count from it."""
        ...

    async def marks(self, user_id: int, results: frozenset[str], since: datetime) -> list[datetime]:
        """When the user's lookups with one of ``results`` were made since ``since``,
        newest first (dialogs.orders.checks names the results)."""
        ...

    async def pending(self, user_id: int) -> dict[str, Any] | None:
        """The user's challenge under way, as stored (dialogs.orders.checks.PendingCheck)."""
        ...
