"""The recorded update ledger: which Telegram updates have had their effects committed.

A row is written in the transaction of the update's own effects (bot.app.unit_of_work),
so either both are there or neither: a redelivered update finds its row and is skipped,
and an update whose transaction never committed is handled as if new.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.models import HandledUpdate


class HandledUpdates:
    """Claims update ids inside a caller's transaction, and purges old ones."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    @staticmethod
    async def claim(session: AsyncSession, update_ids: Iterable[int], now: datetime) -> bool:
        """Record the ids in ``session``'s transaction; False if one is recorded already
        (the transaction is then unusable: the caller rolls it back)."""
        session.add_all(HandledUpdate(update_id=u, handled_at=now) for u in update_ids)
        try:
            await session.flush()
        except IntegrityError:
            return False
        return True

    async def purge(self, before: datetime) -> int:
        """Forget ids recorded before ``before``; returns how many."""
        async with self._sessions.begin() as session:
            done = await session.execute(
                delete(HandledUpdate).where(HandledUpdate.handled_at < before)
            )
            return done.rowcount or 0  # type: ignore[attr-defined]
