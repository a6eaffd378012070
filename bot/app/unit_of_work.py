"""One transaction per update: its ledger row, its effects and its messages commit together.

The executor writes an update's effects (tickets, drafts, language) and its messages (rows
of the durable outbox) into one :class:`UnitOfWork`; the update's ids are recorded in the
same transaction. So after a crash an update has either had all its effects and has its
messages waiting to be sent, or none of them and is handled again when Telegram brings it
back. Once the transaction commits, the update may be confirmed to Telegram (a webhook
answered, a poll's offset moved on) without waiting for anything to be sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.handled_updates import HandledUpdates
from bot.storage.models import OutboxMessage
from bot.support.clock import Clock
from bot.telegram.ops import AnswerCallback, Op, OpResult
from bot.telegram.outbox import Priority


class Queue(Protocol):
    """Adds ``op`` to a unit as an outbox row, sent once the unit commits (Executor.queue;
    a Protocol, so the desk modules need not import the executor)."""

    def __call__(
        self,
        unit: UnitOfWork,
        op: Op,
        priority: Priority,
        notify: str,
        locale: str | None = None,
        *,
        fill: str | None = None,
        ticket_id: int | None = None,
        link: dict[str, Any] | None = None,
    ) -> Any: ...


class Redelivered(Exception):
    """The update's effects were committed before: this is Telegram bringing it again."""


@dataclass
class UnitOfWork:
    """An open transaction and what is to happen once it commits."""

    session: AsyncSession
    now: datetime
    rows: list[tuple[OutboxMessage, Op]] = field(default_factory=list)  # messages, in order
    # Button answers are not worth a row: Telegram forgets a press within seconds.
    answers: list[AnswerCallback] = field(default_factory=list)
    # After the commit: the rows' sends, as the outbox runs them.
    sent: list[asyncio.Future[OpResult]] = field(default_factory=list)
    # Told once the unit committed (a broadcast queued wakes its sender).
    then: list[Callable[[], None]] = field(default_factory=list)
    owner: str | None = None  # the instance whose outbox sends its rows (bot.app.fleet)


# Told each committed unit: its rows go to the sender, its button answers to Telegram.
AfterCommit = Callable[[UnitOfWork], None]


class UnitsOfWork:
    """Opens units of work; see the module's docstring."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        after_commit: AfterCommit,
        owner: str | None = None,
    ) -> None:
        self._sessions = sessions
        self._owner = owner
        self._clock = clock
        self._after_commit = after_commit
        self._ledger = HandledUpdates(sessions)

    @asynccontextmanager
    async def begin(self, update_ids: Sequence[int] = ()) -> AsyncIterator[UnitOfWork]:
        """A unit recording ``update_ids`` as handled; raises :class:`Redelivered` (and
        does nothing) if one of them already is. Commits when the block ends without an
        exception, rolls back otherwise."""
        now = self._clock.now()
        try:
            async with self._sessions.begin() as session:
                # Written at the commit with the rest, so the one connection SQLite has is
                # held only for that, not while the batch is worked out.
                HandledUpdates.add(session, update_ids, now)
                unit = UnitOfWork(session, now, owner=self._owner)
                yield unit
        except IntegrityError:
            # Most likely the ledger: another delivery of the update committed first.
            if update_ids and await self._ledger.any_recorded(update_ids):
                raise Redelivered(f"update {', '.join(map(str, update_ids))} came again") from None
            raise
        self._after_commit(unit)


@dataclass
class Applied:
    """What applying a batch gave: the sends of its messages (once committed) and the
    named results."""

    sent: list[asyncio.Future[OpResult]]
    results: dict[str, Any]
