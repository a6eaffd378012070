"""The users kefu knows: language, when first and last seen, whether they blocked the bot."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.database import within
from bot.storage.models import User
from bot.storage.read_cache import MISSING, ReadCache
from bot.support.clock import Clock

SEEN_PRECISION = timedelta(minutes=1)
UNHEARD_KEPT = 10  # the last messages nobody read, kept for a hand-off


@dataclass(frozen=True, slots=True)
class SeenUser:
    """What handling a user's message needs of their row (see :meth:`UserStore.seen`):
    kept for every user who wrote, so no more than that."""

    language: str
    last_seen: datetime
    blocked: bool
    first_name: str | None
    username: str | None

    @classmethod
    def of(cls, user: User) -> SeenUser:
        # Three languages among all the users: one string each, not one per user.
        return cls(sys.intern(user.language), user.last_seen, user.blocked,
                   user.first_name, user.username)  # fmt: skip


class UserStore:
    """Reads and writes :class:`User` rows; one short transaction per call.

    With ``cached``, what :meth:`seen` needs of each user is kept in memory
    (bot.storage.read_cache: only while this process is the rows' only writer), so a
    known user's message reads nothing; every write here forgets the user's entry.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        reads: async_sessionmaker[AsyncSession] | None = None,
        *,
        cached: bool = False,
    ) -> None:
        """``reads``: sessions for reads only, if they have their own engine."""
        self._sessions = sessions
        self._reads = reads or sessions
        self._clock = clock
        self._seen: ReadCache[int, SeenUser] = ReadCache(cached)

    async def get(self, user_id: int, session: AsyncSession | None = None) -> User | None:
        if session is not None:
            return await session.get(User, user_id)
        async with self._reads() as own:
            return await own.get(User, user_id)

    async def by_username(self, username: str) -> User | None:
        """The user Telegram last showed with ``username`` (any case)."""
        async with self._reads() as own:
            return await own.scalar(
                select(User)
                .where(func.lower(User.username) == username.lower())
                .order_by(User.last_seen.desc())
                .limit(1)
            )

    async def seen(
        self,
        user_id: int,
        language: str,
        first_name: str | None = None,
        username: str | None = None,
    ) -> SeenUser:
        """Record that the user wrote now, as Telegram names them; a new user starts with
        ``language``.

        A user who writes again has evidently unblocked the bot, so ``blocked`` is cleared.
        ``last_seen`` is kept to the minute: a write per message would be most of kefu's
        database work for nothing.
        """
        now = self._clock.now()
        first_name, username = (first_name or None), (username or None)
        if first_name:
            first_name = first_name[:64]
        token = self._seen.token()
        known: SeenUser | None = self._seen.get(user_id)
        if known is MISSING:
            row = await self.get(user_id)
            known = SeenUser.of(row) if row is not None else None
        if (
            known is not None
            and not known.blocked
            and now - known.last_seen < SEEN_PRECISION
            and (known.first_name, known.username) == (first_name, username)
        ):
            self._seen.fill(user_id, known, token)
            return known
        token = self._seen.token()
        async with self._sessions.begin() as session:
            user = await session.get(User, user_id)
            if user is None:
                user = User(id=user_id, language=language, first_seen=now, last_seen=now)
                session.add(user)
            else:
                user.last_seen = now
                user.blocked = False
                user.blocked_at = None
            user.first_name, user.username = first_name, username
            seen = SeenUser.of(user)
        self._seen.fill(user_id, seen, token)  # committed, and nothing else wrote since
        return seen

    @staticmethod
    async def note_unheard(
        user_id: int, message_ids: tuple[int, ...], at: datetime, session: AsyncSession
    ) -> None:
        """Keep the user's last unread messages (``()``: forget them)."""
        user = await session.get(User, user_id)
        if user is None:
            return
        if not message_ids:
            user.unheard = []
            return
        noted = [[m, int(at.timestamp())] for m in message_ids]
        user.unheard = [*user.unheard, *noted][-UNHEARD_KEPT:]  # a new list: JSON columns

    @staticmethod
    async def set_screening(user_id: int, state: str, session: AsyncSession) -> str | None:
        """Set the user's first-contact screening (dialogs.desk.screening); the state it
        was before (None also for an unknown user, who is left unknown)."""
        user = await session.get(User, user_id)
        if user is None:
            return None
        before, user.screening = user.screening, state
        return before

    async def set_language(
        self, user_id: int, language: str, session: AsyncSession | None = None
    ) -> None:
        async with within(self._sessions, session) as session:
            self._seen.forget(user_id, session)
            user = await session.get(User, user_id)
            if user is not None:
                user.language = language

    async def mark_blocked(
        self, user_id: int, blocked: bool = True, session: AsyncSession | None = None
    ) -> None:
        """The user blocked the bot (a 403, or Telegram's my_chat_member), or unblocked it."""
        async with within(self._sessions, session) as session:
            self._seen.forget(user_id, session)
            user = await session.get(User, user_id)
            if user is not None and user.blocked != blocked:
                user.blocked = blocked
                user.blocked_at = self._clock.now() if blocked else None

    @staticmethod
    async def set_notices_off(user_id: int, off: bool, session: AsyncSession) -> bool:
        """The user's choice about notices (/notices); whether the user is known."""
        user = await session.get(User, user_id)
        if user is None:
            return False
        user.notices_off = off
        return True
