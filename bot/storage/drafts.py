"""Where dialog state (a report in progress) lives: the database, always.

A draft is an effect of the update that changed it, so it is written in that update's
transaction, with the update's ledger row and replies (bot.app.unit_of_work): a crash
leaves either all of them or none, and a redelivered update cannot advance a draft twice.
Redis could not join that transaction, so drafts no longer live there.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.database import within
from bot.storage.models import DraftRow
from bot.support.clock import Clock


class SqlDraftStore:
    """Drafts as rows of the ``drafts`` table."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        reads: async_sessionmaker[AsyncSession] | None = None,
    ) -> None:
        """``reads``: sessions for reads only, if they have their own engine."""
        self._sessions = sessions
        self._reads = reads or sessions
        self._clock = clock

    async def get(self, user_id: int) -> dict[str, Any] | None:
        async with self._reads() as session:
            row = await session.get(DraftRow, user_id)
            return dict(row.data) if row else None

    async def put(
        self, user_id: int, data: dict[str, Any], session: AsyncSession | None = None
    ) -> None:
        async with within(self._sessions, session) as session:
            row = await session.get(DraftRow, user_id)
            if row is None:
                session.add(DraftRow(user_id=user_id, data=data, updated_at=self._clock.now()))
            else:
                row.data = data
                row.updated_at = self._clock.now()

    async def delete(self, user_id: int, session: AsyncSession | None = None) -> None:
        async with within(self._sessions, session) as session:
            row = await session.get(DraftRow, user_id)
            if row is not None:
                await session.delete(row)
