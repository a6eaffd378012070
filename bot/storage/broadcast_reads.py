"""Reads about broadcasts beyond :class:`bot.storage.broadcasts.BroadcastStore`'s: how fast
they are going lately, and why their failed recipients failed (`kefu broadcast list` and
`kefu broadcast status`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.notice_tables import BroadcastRow, RecipientRow
from dialogs.notices.broadcast import BroadcastState, RecipientState

# "Lately": long enough to smooth over a 429's pause, short enough to show a slowdown.
RATE_WINDOW = timedelta(seconds=60)


def rate_of(settled: int, now: datetime, row: BroadcastRow) -> float | None:
    """Recipients settled a second over the last :data:`RATE_WINDOW` (or since the
    broadcast started, if that is more recent: a broadcast 10 s old that sent 300 goes at
    30/s, not 5/s); None when nothing was settled lately and it is not running."""
    if not settled:
        return 0.0 if row.state == BroadcastState.RUNNING else None
    start = now - RATE_WINDOW
    if row.started_at is not None and row.started_at > start:
        start = row.started_at
    # At least a second: the first few recipients of a broadcast just started are no rate.
    seconds = max((now - start).total_seconds(), 1.0)
    return settled / seconds


class BroadcastReads:
    """Read-only queries over broadcasts' recipients."""

    def __init__(self, reads: async_sessionmaker[AsyncSession]) -> None:
        self._reads = reads

    async def settled_since(self, broadcast_ids: Sequence[int], since: datetime) -> dict[int, int]:
        """How many recipients of each broadcast were settled (sent, blocked or failed) at
        or after ``since``; a broadcast with none is left out."""
        if not broadcast_ids:
            return {}
        async with self._reads() as s:
            rows = await s.execute(
                select(RecipientRow.broadcast_id, func.count())
                .where(
                    RecipientRow.broadcast_id.in_(list(broadcast_ids)),
                    RecipientRow.done_at >= since,
                )
                .group_by(RecipientRow.broadcast_id)
            )
            return {broadcast_id: n for broadcast_id, n in rows}

    async def rates(self, rows: Sequence[BroadcastRow], now: datetime) -> dict[int, float | None]:
        """Each broadcast's recent rate (:func:`rate_of`), in one read."""
        settled = await self.settled_since([r.id for r in rows], now - RATE_WINDOW)
        return {r.id: rate_of(settled.get(r.id, 0), now, r) for r in rows}

    async def failures(self, broadcast_id: int, limit: int = 5) -> list[tuple[str | None, int]]:
        """The commonest reasons its failed recipients failed, with how many each, most
        first (None: no reason was recorded)."""
        count = func.count().label("n")
        async with self._reads() as s:
            rows = await s.execute(
                select(RecipientRow.reason, count)
                .where(
                    RecipientRow.broadcast_id == broadcast_id,
                    RecipientRow.state == RecipientState.FAILED,
                )
                .group_by(RecipientRow.reason)
                .order_by(count.desc(), RecipientRow.reason)
                .limit(limit)
            )
            return [(reason, n) for reason, n in rows]
