"""The order dialogs' reads (dialogs/ports/order_checks.py) over kefu's database, by
kefu's clock, and the one write of a challenge under way.

Every private message asks whether its user has a challenge under way (an order number
waiting for proof that it is theirs); almost nobody has one, and reading the table for each
message was a fifth of kefu's work on a message. With ``cached``, the users known to have
none are kept in memory (bot.storage.read_cache: only while this process is the rows' only
writer), and :meth:`SqlOrderChecks.keep`, the only writer, forgets them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage import order_log
from bot.storage.read_cache import MISSING, ReadCache
from bot.support.clock import Clock


class SqlOrderChecks:
    """Reads the lookup log and the challenges under way; keeps a challenge."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], clock: Clock, *, cached: bool = False
    ) -> None:
        """``sessions``: for the reads (a read-only engine's, where there is one)."""
        self._sessions = sessions
        self._clock = clock
        self._none: ReadCache[int, None] = ReadCache(cached)  # users known to have none

    def now(self) -> datetime:
        return self._clock.now()

    async def marks(self, user_id: int, results: Iterable[str], since: datetime) -> list[datetime]:
        async with self._sessions() as session:
            return await order_log.marks(session, user_id, results, since)

    async def pending(self, user_id: int) -> dict[str, Any] | None:
        if self._none.get(user_id) is not MISSING:
            return None
        token = self._none.token()
        async with self._sessions() as session:
            data = await order_log.pending(session, user_id)
        if data is None:
            self._none.fill(user_id, None, token)
        return data

    async def keep(
        self, session: AsyncSession, user_id: int, data: dict[str, Any] | None, now: datetime
    ) -> None:
        """Keep ``data`` as the user's challenge (None: none any more), in ``session``."""
        self._none.forget(user_id, session)
        await order_log.keep_check(session, user_id, data, now)
