"""What the dialogs read of maintenance windows (issue 15): the windows on now, to tell a
user in scope before anything else and to show a banner, and the ones about to start, so a
user choosing a channel shortly before is told to avoid it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from dialogs.notices.windows import Window


class WindowLookup(Protocol):
    """Windows with their ids; the dialogs ask each window's ``covers`` and ``message``."""

    async def active(self, now: datetime) -> list[tuple[int, Window]]:
        """The windows on at ``now``: before their expected end, or past it (overdue)."""
        ...

    async def starting_within(self, now: datetime, lead: timedelta) -> list[tuple[int, Window]]:
        """The windows whose next occurrence starts within ``lead`` of ``now``."""
        ...
