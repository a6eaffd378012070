"""Broadcasts and their recipients: made in one transaction, claimed by one sender at a time
(a lease, so a killed instance's broadcast is taken over), paged through by user id, each
recipient's outcome recorded once."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.audiences import Recipient
from bot.storage.broadcast_types import BroadcastInfo, NewBroadcast, Outcome
from bot.storage.database import within
from bot.storage.models import BroadcastRow, RecipientRow
from bot.support.clock import Clock
from dialogs.notices.broadcast import MOVES, BroadcastState, RecipientState

_RECIPIENTS = RecipientRow.__table__.c
# A batch of outcomes, one statement run for each (executemany): only a pending row changes.
_RECORD = (
    update(RecipientRow.__table__)
    .where(
        _RECIPIENTS.broadcast_id == bindparam("b_id"),
        _RECIPIENTS.user_id == bindparam("u_id"),
        _RECIPIENTS.state == RecipientState.PENDING.value,
    )
    .values(state=bindparam("new_state"), reason=bindparam("why"), done_at=bindparam("at"))
)
# Rows per INSERT when a broadcast is made (SQLite takes at most 32,766 parameters).
_INSERT_CHUNK = 5000
REASON_CHARS = 200
__all__ = ["BroadcastInfo", "BroadcastStore", "NewBroadcast", "Outcome"]


class BroadcastStore:
    """Reads and writes :class:`BroadcastRow` and :class:`RecipientRow`."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        reads: async_sessionmaker[AsyncSession] | None = None,
    ) -> None:
        self._sessions = sessions
        self._reads = reads or sessions
        self._clock = clock

    async def create(
        self,
        new: NewBroadcast,
        recipients: list[Recipient],
        session: AsyncSession | None = None,
    ) -> int:
        """The broadcast and a pending row per recipient, in one transaction."""
        async with within(self._sessions, session) as s:
            row = BroadcastRow(
                created_at=self._clock.now(), created_by=new.created_by,
                state=BroadcastState.SCHEDULED, audience=new.audience,
                content=new.content.to_json(), at=new.at, paid=new.paid, total=len(recipients),
                purpose=new.purpose, locale=new.locale, progress_chat=new.progress_chat,
            )  # fmt: skip
            s.add(row)
            await s.flush()
            pending = RecipientState.PENDING.value
            for start in range(0, len(recipients), _INSERT_CHUNK):
                chunk = recipients[start : start + _INSERT_CHUNK]
                await s.execute(
                    insert(RecipientRow),
                    [
                        {"broadcast_id": row.id, "user_id": u, "locale": loc, "state": pending}
                        for u, loc in chunk
                    ],
                )
            return row.id

    async def get(self, broadcast_id: int) -> BroadcastInfo | None:
        async with self._reads() as s:
            row = await s.get(BroadcastRow, broadcast_id)
            if row is None:
                return None
            return BroadcastInfo(row, await self._counts(s, broadcast_id))

    async def recent(self, limit: int = 20) -> list[BroadcastInfo]:
        """The latest broadcasts, newest first."""
        async with self._reads() as s:
            rows = await s.scalars(
                select(BroadcastRow).order_by(BroadcastRow.id.desc()).limit(limit)
            )
            return [BroadcastInfo(r, await self._counts(s, r.id)) for r in rows]

    async def counts(self, broadcast_id: int) -> dict[str, int]:
        async with self._reads() as s:
            return await self._counts(s, broadcast_id)

    @staticmethod
    async def _counts(s: AsyncSession, broadcast_id: int) -> dict[str, int]:
        rows = await s.execute(
            select(RecipientRow.state, func.count())
            .where(RecipientRow.broadcast_id == broadcast_id)
            .group_by(RecipientRow.state)
        )
        return {state: n for state, n in rows}

    async def move(self, broadcast_id: int, action: str) -> tuple[bool, BroadcastState | None]:
        """Pause, resume or cancel (``MOVES``); whether it moved, and the state it is in
        (None: no such broadcast). A broadcast paused before it began resumes to wait for
        its time. A compare-and-set: a move raced by another is refused."""
        async with self._sessions.begin() as s:
            row = await s.get(BroadcastRow, broadcast_id)
            if row is None:
                return False, None
            state = BroadcastState(row.state)
            target = MOVES[action].get(state)
            if target is None:
                return False, state
            if target is BroadcastState.RUNNING and row.started_at is None:
                target = BroadcastState.SCHEDULED  # paused before its time: it waits for it
            values: dict[str, Any] = {"state": target}
            if target.finished:
                values["finished_at"] = self._clock.now()
            done = await s.execute(
                update(BroadcastRow)
                .where(BroadcastRow.id == broadcast_id, BroadcastRow.state == state)
                .values(**values)
            )
            return done.rowcount == 1, target if done.rowcount == 1 else state  # type: ignore[attr-defined]

    async def claim(
        self,
        worker: str,
        lease_until: datetime,
        dead: Callable[[str], bool] = lambda owner: False,
        exclude: Collection[int] = (),
    ) -> BroadcastRow | None:
        """A broadcast due now (running, or scheduled and its time come), not ``exclude``d,
        that nobody else holds (``dead``: an owner known gone, a killed process here, whose
        lease is not waited out); this worker's until ``lease_until`` (see :meth:`renew`)."""
        now = self._clock.now()
        due = or_(
            BroadcastRow.state == BroadcastState.RUNNING,
            (BroadcastRow.state == BroadcastState.SCHEDULED) & (BroadcastRow.at <= now),
        )
        async with self._sessions.begin() as s:
            rows = await s.scalars(
                select(BroadcastRow).where(due).order_by(BroadcastRow.at, BroadcastRow.id)
            )
            found = next((r for r in rows if _free(r, worker, now, dead, exclude)), None)
            if found is None:
                return None
            # As read: nobody renewed or took it meanwhile.
            held_by = BroadcastRow.owner.is_not_distinct_from(found.owner) & (
                BroadcastRow.lease_until.is_not_distinct_from(found.lease_until)
            )
            done = await s.execute(
                update(BroadcastRow)
                .where(BroadcastRow.id == found.id, BroadcastRow.state == found.state, held_by)
                .values(
                    state=BroadcastState.RUNNING,
                    owner=worker,
                    lease_until=lease_until,
                    started_at=found.started_at or now,
                )
            )
            if done.rowcount != 1:  # type: ignore[attr-defined]
                return None  # another instance took it first
        async with self._sessions() as s:
            return await s.get(BroadcastRow, found.id)

    async def renew(
        self, broadcast_id: int, worker: str, lease_until: datetime
    ) -> BroadcastState | None:
        """Hold the broadcast longer; its state now (an admin may have paused or cancelled
        it), or None if another worker holds it."""
        async with self._sessions.begin() as s:
            done = await s.execute(
                update(BroadcastRow)
                .where(BroadcastRow.id == broadcast_id, BroadcastRow.owner == worker)
                .values(lease_until=lease_until)
            )
            if done.rowcount != 1:  # type: ignore[attr-defined]
                return None
            state = await s.scalar(
                select(BroadcastRow.state).where(BroadcastRow.id == broadcast_id)
            )
            return BroadcastState(state)

    async def release(self, broadcast_id: int, worker: str, finished: bool) -> None:
        """Let go of the broadcast; ``finished``: no recipient is pending, so a running one
        is done."""
        now = self._clock.now()
        async with self._sessions.begin() as s:
            values: dict[str, Any] = {"owner": None, "lease_until": None}
            await s.execute(
                update(BroadcastRow)
                .where(BroadcastRow.id == broadcast_id, BroadcastRow.owner == worker)
                .values(**values)
            )
            if finished:
                await s.execute(
                    update(BroadcastRow)
                    .where(
                        BroadcastRow.id == broadcast_id,
                        BroadcastRow.state == BroadcastState.RUNNING,
                    )
                    .values(state=BroadcastState.DONE, finished_at=now)
                )

    async def pending(self, broadcast_id: int, after: int, limit: int) -> list[Recipient]:
        """The next pending recipients after user id ``after``, by user id."""
        async with self._reads() as s:
            rows = await s.execute(
                select(RecipientRow.user_id, RecipientRow.locale)
                .where(
                    RecipientRow.broadcast_id == broadcast_id,
                    RecipientRow.state == RecipientState.PENDING,
                    RecipientRow.user_id > after,
                )
                .order_by(RecipientRow.user_id)
                .limit(limit)
            )
            return [(user_id, locale) for user_id, locale in rows]

    async def record(self, broadcast_id: int, outcomes: Iterable[Outcome]) -> None:
        """Each recipient's outcome, in one transaction; only a pending row changes (a
        recipient is settled once)."""
        now = self._clock.now()
        params = [
            {
                "b_id": broadcast_id,
                "u_id": o.user_id,
                "new_state": o.state.value,
                "why": (o.reason or "")[:REASON_CHARS] or None,
                "at": now,
            }
            for o in outcomes
        ]
        if params:
            async with self._sessions.begin() as s:
                await s.execute(_RECORD, params)

    async def set_progress(self, broadcast_id: int, chat_id: int, message_id: int) -> None:
        """The admin's progress message, once it is sent."""
        async with self._sessions.begin() as s:
            await s.execute(
                update(BroadcastRow)
                .where(BroadcastRow.id == broadcast_id)
                .values(progress_chat=chat_id, progress_message=message_id)
            )


def _free(
    row: BroadcastRow, worker: str, now: datetime, dead: Callable[[str], bool], exclude: Any
) -> bool:
    """Nobody holds it: no owner, this worker, a lease run out, or an owner known dead."""
    if row.id in exclude:
        return False
    if row.owner is None or row.owner == worker or dead(row.owner):
        return True
    return row.lease_until is None or row.lease_until < now
