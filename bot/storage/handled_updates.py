"""The recorded update ledger: which Telegram updates have had their effects committed.

A row is written in the transaction of the update's own effects (bot.app.unit_of_work),
so either both are there or neither: a redelivered update finds its row and is skipped,
and an update whose transaction never committed is handled as if new.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.models import HandledUpdate


class HandledUpdates:
    """Records update ids inside a caller's transaction; tells whether ids are recorded;
    purges old ones."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    @staticmethod
    def add(session: AsyncSession, update_ids: Iterable[int], now: datetime) -> None:
        """Record the ids in ``session``'s transaction: its commit fails (IntegrityError)
        if one is recorded already."""
        session.add_all(HandledUpdate(update_id=u, handled_at=now) for u in update_ids)

    async def any_recorded(self, update_ids: Iterable[int]) -> bool:
        async with self._sessions() as session:
            found = await session.scalar(
                select(HandledUpdate.update_id).where(HandledUpdate.update_id.in_(list(update_ids)))
            )
            return found is not None

    async def purge(self, before: datetime) -> int:
        """Forget ids recorded before ``before``; returns how many."""
        async with self._sessions.begin() as session:
            done = await session.execute(
                delete(HandledUpdate).where(HandledUpdate.handled_at < before)
            )
            return done.rowcount or 0  # type: ignore[attr-defined]
