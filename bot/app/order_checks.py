"""The order dialogs' reads (dialogs/ports/order_checks.py) over kefu's database, by
kefu's clock."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage import order_log
from bot.support.clock import Clock


class SqlOrderChecks:
    """Reads the lookup log and the challenges under way."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def now(self) -> datetime:
        return self._clock.now()

    async def marks(self, user_id: int, results: Iterable[str], since: datetime) -> list[datetime]:
        async with self._sessions() as session:
            return await order_log.marks(session, user_id, results, since)

    async def pending(self, user_id: int) -> dict[str, Any] | None:
        async with self._sessions() as session:
            return await order_log.pending(session, user_id)
