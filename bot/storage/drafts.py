"""Where dialog state (a report in progress) lives: the database, always.

A draft is an effect of the update that changed it, so it is written in that update's
transaction, with the update's ledger row and replies (bot.app.unit_of_work): a crash
leaves either all of them or none, and a redelivered update cannot advance a draft twice.
Redis could not join that transaction, so drafts no longer live there.

Most messages come from users with no report in progress; with ``cached`` the store keeps
in memory which users have no draft (bot.storage.read_cache says when that is correct), so
their messages read nothing. Drafts themselves are always read from the database.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.database import within
from bot.storage.models import DraftRow
from bot.storage.read_cache import MISSING, ReadCache
from bot.support.clock import Clock


class SqlDraftStore:
    """Drafts as rows of the ``drafts`` table."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        reads: async_sessionmaker[AsyncSession] | None = None,
        *,
        cached: bool = False,
    ) -> None:
        """``reads``: sessions for reads only, if they have their own engine; ``cached``:
        remember the users who have no draft (only while this process is the only writer)."""
        self._sessions = sessions
        self._reads = reads or sessions
        self._clock = clock
        self._none: ReadCache[int, None] = ReadCache(cached)  # users known to have none

    async def get(self, user_id: int) -> dict[str, Any] | None:
        if self._none.get(user_id) is not MISSING:
            return None
        token = self._none.token()
        async with self._reads() as session:
            row = await session.get(DraftRow, user_id)
            if row is None:
                self._none.fill(user_id, None, token)
                return None
            return dict(row.data)

    async def put(
        self, user_id: int, data: dict[str, Any], session: AsyncSession | None = None
    ) -> None:
        async with within(self._sessions, session) as session:
            self._none.forget(user_id, session)
            row = await session.get(DraftRow, user_id)
            if row is None:
                session.add(DraftRow(user_id=user_id, data=data, updated_at=self._clock.now()))
            else:
                row.data = data
                row.updated_at = self._clock.now()

    async def delete(self, user_id: int, session: AsyncSession | None = None) -> None:
        async with within(self._sessions, session) as session:
            self._none.forget(user_id, session)  # the next get() reads it, and knows
            row = await session.get(DraftRow, user_id)
            if row is not None:
                await session.delete(row)
