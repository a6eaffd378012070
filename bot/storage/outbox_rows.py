"""The durable outbox's rows: messages to send, committed with the effects that caused them,
and what became of each (bot.app.sender sends them and records the outcome here)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.desk import DeskStore, Sent
from bot.storage.leases import INSTANCE
from bot.storage.models import Lease, OutboxMessage, OutboxState


@dataclass(frozen=True)
class Outcome:
    """How one row ended: sent (with Telegram's ids) or failed (with the reason)."""

    row_id: int
    sent: bool
    message_ids: tuple[int, ...] = ()
    thread_id: int | None = None
    error: str | None = None
    # The row's desk link and chat, written with the outcome when it was sent.
    link: dict[str, Any] | None = None
    chat_id: int | None = None


_CHUNK = 1000  # row ids in one statement


class OutboxRows:
    """Adds rows inside a caller's transaction; reads pending ones; records outcomes."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    @staticmethod
    def add(session: AsyncSession, **values: Any) -> OutboxMessage:
        """A new pending row in ``session`` (its id is known once the session flushes)."""
        row = OutboxMessage(state=OutboxState.PENDING, message_ids=[], **values)
        session.add(row)
        return row

    async def pending(
        self, chat_id: int | None = None, owner: str | None = None
    ) -> list[OutboxMessage]:
        """Every row not yet sent nor given up on (of ``chat_id`` only, and ``owner``'s
        only, if given), oldest first (the order they go in)."""
        query = select(OutboxMessage).where(OutboxMessage.state == OutboxState.PENDING)
        if chat_id is not None:
            query = query.where(OutboxMessage.chat_id == chat_id)
        if owner is not None:
            query = query.where(OutboxMessage.owner == owner)
        async with self._sessions() as session:
            return list(await session.scalars(query.order_by(OutboxMessage.id)))

    async def adopt(
        self, me: str, now: datetime, dead: Callable[[str], bool] = lambda _: False
    ) -> list[OutboxMessage]:
        """Make ``me`` the owner of every pending row whose owner is no running instance
        (its lease ran out, or it is ``dead``: a process of this machine that is gone),
        and return those rows, oldest first.

        The candidates are locked first (PostgreSQL: FOR UPDATE SKIP LOCKED, so two
        adopters never wait on each other nor take the same row), then the live owners are
        read again: an instance that started, and adopted one of these rows, after this
        statement's snapshot is seen by then, and its rows are left to it.
        """
        live_leases = select(Lease.owner).where(Lease.name.like(f"{INSTANCE}%"), Lease.until > now)
        owner = OutboxMessage.owner
        async with self._sessions.begin() as session:
            gone = [o for o in await session.scalars(live_leases) if o != me and dead(o)]
            if gone:
                await session.execute(delete(Lease).where(Lease.owner.in_(gone)))
            candidates = (
                await session.execute(
                    select(OutboxMessage.id, owner)
                    .where(
                        OutboxMessage.state == OutboxState.PENDING,
                        or_(owner.is_(None), owner.not_in(live_leases)),
                    )
                    .order_by(OutboxMessage.id)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            if not candidates:
                return []
            live = set(await session.scalars(live_leases))
            ids = [row_id for row_id, was in candidates if was is None or was not in live]
            taken: list[OutboxMessage] = []
            for start in range(0, len(ids), _CHUNK):  # within any database's parameters
                chunk = ids[start : start + _CHUNK]
                await session.execute(
                    update(OutboxMessage)
                    .where(OutboxMessage.id.in_(chunk))
                    .values(owner=me)
                    .execution_options(synchronize_session=False)
                )
                taken += await session.scalars(
                    select(OutboxMessage).where(OutboxMessage.id.in_(chunk))
                )
            return sorted(taken, key=lambda row: row.id)

    async def blockers(self, chat_ids: Collection[int | None], me: str) -> dict[int | None, int]:
        """For each of ``chat_ids``: the oldest pending row another instance owns."""
        owner = OutboxMessage.owner
        query = (
            select(OutboxMessage.chat_id, func.min(OutboxMessage.id))
            .where(
                OutboxMessage.state == OutboxState.PENDING,
                OutboxMessage.chat_id.in_([c for c in chat_ids if c is not None]),
                or_(owner.is_(None), owner != me),
            )
            .group_by(OutboxMessage.chat_id)
        )
        async with self._sessions() as session:
            return {chat: first for chat, first in (await session.execute(query)).all()}

    async def record(self, outcomes: Sequence[Outcome], now: datetime) -> None:
        """Write outcomes in one transaction and one statement (the sender gathers them:
        one commit for many), with the desk links of those sent."""
        async with self._sessions.begin() as session:
            await session.execute(
                update(OutboxMessage),
                [
                    {
                        "id": o.row_id,
                        "state": OutboxState.SENT if o.sent else OutboxState.FAILED,
                        "message_ids": list(o.message_ids),
                        "thread_id": o.thread_id,
                        "error": o.error,
                        "settled_at": now,
                    }
                    for o in outcomes
                ],
            )
            sent = [
                Sent(o.link, o.chat_id, o.message_ids, o.thread_id)
                for o in outcomes
                if o.sent and o.link
            ]
            if sent:
                await DeskStore.record_links(session, sent, now)

    @staticmethod
    async def mark_resent(session: AsyncSession, row_id: int, now: datetime) -> None:
        """A row sent again as a new row (in ``session``, with the new row): failed."""
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .values(state=OutboxState.FAILED, error="sent again as a new row", settled_at=now)
        )

    async def purge(self, before: datetime) -> int:
        """Delete rows sent or failed before ``before``; returns how many."""
        async with self._sessions.begin() as session:
            done = await session.execute(
                delete(OutboxMessage).where(
                    OutboxMessage.state != OutboxState.PENDING,
                    OutboxMessage.settled_at < before,
                )
            )
            return done.rowcount or 0  # type: ignore[attr-defined]
