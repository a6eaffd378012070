"""Maintenance windows kept: added by an admin, ended by one (a recurring window: the
occurrence on now), read as dialogs.notices.windows.Window objects with their ids, and the
marks of what kefu has said about each (see bot.storage.window_tables).

Also who is owed "service restored" once an occurrence is over: the users who asked to be
told, and those who filed a ticket in the window's scope while it was on.
"""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.audiences import Recipient
from bot.storage.models import NoticeWishRow, Ticket, User, WindowRow
from bot.support.clock import Clock
from dialogs.notices.windows import Scope, ScopeKind, Window

# The marks a compare-and-set may move (WindowStore.mark).
MARKS = ("announced_for", "reminded_at", "restored_for")


@dataclass(frozen=True)
class StoredWindow:
    """A window as kept: the domain's :class:`Window`, its id, and its marks."""

    id: int
    window: Window
    announce: bool
    lead: timedelta | None
    created_at: datetime
    created_by: int | None
    announced_for: datetime | None = None
    reminded_at: datetime | None = None
    restored_for: datetime | None = None

    @property
    def topic(self) -> str:
        """What a user's wish to be told of its end names (NoticeWishRow.topic)."""
        return f"window:{self.id}"


class EndOutcome(StrEnum):
    ENDED = "ended"
    NOT_FOUND = "not-found"
    ALREADY = "already"  # a one-off ended before
    NOT_ON = "not-on"  # a recurring window between its occurrences: nothing to end


class WindowStore:
    """Reads and writes :class:`WindowRow`."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        reads: async_sessionmaker[AsyncSession] | None = None,
    ) -> None:
        self._sessions = sessions
        self._reads = reads or sessions
        self._clock = clock

    @asynccontextmanager
    async def begin(self) -> AsyncIterator[AsyncSession]:
        """A transaction of the window's store, for a mark and what it says (a broadcast)
        to commit together."""
        async with self._sessions.begin() as session:
            yield session

    async def add(
        self,
        window: Window,
        *,
        announce: bool = False,
        lead: timedelta | None = None,
        created_by: int | None = None,
        session: AsyncSession | None = None,
    ) -> int:
        """The new window's id; written in ``session`` when given (an update's unit of
        work: it commits with the rest of the update, or not at all)."""
        row = WindowRow(
            scope=window.scope.kind.value,
            target=window.scope.target,
            messages=dict(window.messages),
            starts_at=window.start,
            ends_at=window.end,
            rule=window.rule,
            duration_seconds=int(window.duration.total_seconds()) if window.duration else None,
            tz=window.tz.key,
            ended_at=window.ended_at,
            announce=announce,
            lead_seconds=int(lead.total_seconds()) if lead is not None else None,
            created_at=self._clock.now(),
            created_by=created_by,
        )
        if session is not None:
            session.add(row)
            await session.flush()
            return row.id
        async with self._sessions.begin() as s:
            s.add(row)
            await s.flush()
            return row.id

    async def get(self, window_id: int) -> StoredWindow | None:
        async with self._reads() as s:
            row = await s.get(WindowRow, window_id)
            return stored(row) if row is not None else None

    async def live(self) -> builtins.list[StoredWindow]:
        """The windows that may still have something to say: recurring ones, one-offs not
        ended, and ended one-offs whose "service restored" is not settled."""
        query = select(WindowRow).where(
            or_(
                WindowRow.rule.is_not(None),
                WindowRow.ended_at.is_(None),
                WindowRow.restored_for.is_(None),
            )
        )
        async with self._reads() as s:
            return [stored(r) for r in await s.scalars(query.order_by(WindowRow.id))]

    async def active(self, now: datetime) -> builtins.list[StoredWindow]:
        """The windows on at ``now`` (before or past their expected end)."""
        return [w for w in await self.live() if w.window.current(now) is not None]

    async def starting_within(self, now: datetime, lead: timedelta) -> builtins.list[StoredWindow]:
        """The windows whose next occurrence starts within ``lead`` of ``now``."""
        return [w for w in await self.live() if w.window.starting_within(now, lead) is not None]

    async def end(
        self, window_id: int, session: AsyncSession | None = None
    ) -> tuple[EndOutcome, StoredWindow | None]:
        """End the window now: a one-off for good (before its start: cancelled), a
        recurring one's occurrence on now only (the next ones still come). In ``session``
        when given (an update's unit of work)."""
        if session is not None:
            return await self._end(session, window_id)
        async with self._sessions.begin() as s:
            return await self._end(s, window_id)

    async def _end(self, s: AsyncSession, window_id: int) -> tuple[EndOutcome, StoredWindow | None]:
        row = await s.get(WindowRow, window_id, with_for_update=True)
        if row is None:
            return EndOutcome.NOT_FOUND, None
        now = self._clock.now()
        window = stored(row).window
        if row.rule is None and row.ended_at is not None:
            return EndOutcome.ALREADY, stored(row)
        if row.rule is not None and window.current(now) is None:
            return EndOutcome.NOT_ON, stored(row)
        row.ended_at = now
        await s.flush()
        return EndOutcome.ENDED, stored(row)

    @staticmethod
    async def mark(
        session: AsyncSession, window_id: int, mark: str, value: datetime, below: datetime
    ) -> bool:
        """Set ``mark`` to ``value`` unless it is already ``below`` or later: whether this
        call did (another run, or another instance, may have been first)."""
        if mark not in MARKS:
            raise ValueError(f"not a window's mark: {mark}")
        column = getattr(WindowRow, mark)
        done = await session.execute(
            update(WindowRow)
            .where(WindowRow.id == window_id, or_(column.is_(None), column < below))
            .values({mark: value})
        )
        return done.rowcount == 1  # type: ignore[attr-defined]

    @staticmethod
    async def unmark(
        session: AsyncSession, window_id: int, mark: str, value: datetime, back: datetime | None
    ) -> None:
        """Undo :meth:`mark` (what it was to say could not be said): ``back`` again, if the
        mark is still ``value``."""
        if mark not in MARKS:
            raise ValueError(f"not a window's mark: {mark}")
        column = getattr(WindowRow, mark)
        await session.execute(
            update(WindowRow).where(WindowRow.id == window_id, column == value).values({mark: back})
        )

    @staticmethod
    async def owed_restored(
        session: AsyncSession,
        found: StoredWindow,
        start: datetime,
        end: datetime,
        channel_field: str,
    ) -> builtins.list[Recipient]:
        """Who is told the window's occurrence from ``start`` to ``end`` is over: who asked
        (a wish for its topic) and who filed a ticket in its scope meanwhile; users who
        blocked the bot left out (it is essential: notices turned off do not count)."""
        asked = select(NoticeWishRow.user_id).where(NoticeWishRow.topic == found.topic)
        ids = set(await session.scalars(asked))
        # The channel is a field of the report (JSON), read in Python rather than through
        # each database's JSON operators: an occurrence's tickets are a desk's volumes.
        filed = await session.execute(
            select(Ticket.user_id, Ticket.category, Ticket.fields).where(
                Ticket.created_at >= start, Ticket.created_at <= end
            )
        )
        scope = found.window.scope
        for user_id, category, fields in filed:
            if scope.covers(category, (fields or {}).get(channel_field)):
                ids.add(user_id)
        if not ids:
            return []
        users = await session.execute(
            select(User.id, User.language)
            .where(User.id.in_(ids), User.blocked.is_(False))
            .order_by(User.id)
        )
        return [(user_id, locale) for user_id, locale in users]

    @staticmethod
    async def forget_wishes(session: AsyncSession, found: StoredWindow, until: datetime) -> None:
        """The wishes made by ``until`` are answered (a recurring window's next occurrence
        is told to those who ask again)."""
        await session.execute(
            delete(NoticeWishRow).where(
                NoticeWishRow.topic == found.topic, NoticeWishRow.at <= until
            )
        )

    async def list(self) -> builtins.list[StoredWindow]:
        """Every window, oldest first."""
        async with self._reads() as s:
            return [stored(r) for r in await s.scalars(select(WindowRow).order_by(WindowRow.id))]


def stored(row: WindowRow) -> StoredWindow:
    """The row as the domain sees it."""
    duration = timedelta(seconds=row.duration_seconds) if row.duration_seconds else None
    window = Window(
        scope=Scope(ScopeKind(row.scope), row.target),
        messages=dict(row.messages),
        start=row.starts_at,
        end=row.ends_at,
        rule=row.rule,
        duration=duration,
        tz=ZoneInfo(row.tz),
        ended_at=row.ended_at,
    )
    lead = timedelta(seconds=row.lead_seconds) if row.lead_seconds is not None else None
    return StoredWindow(
        id=row.id,
        window=window,
        announce=row.announce,
        lead=lead,
        created_at=row.created_at,
        created_by=row.created_by,
        announced_for=row.announced_for,
        reminded_at=row.reminded_at,
        restored_for=row.restored_for,
    )


def scope_text(window: Window) -> str:
    """``service``, ``category:topup``, ``channel:alipay``: as `kefu maintenance` takes it."""
    scope = window.scope
    return scope.kind.value if scope.target is None else f"{scope.kind.value}:{scope.target}"
