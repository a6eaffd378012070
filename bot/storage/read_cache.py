"""Rows read on every update, kept in this process's memory between updates.

Every private message reads its user's row and draft; served from the database each time
they were most of kefu's cost per message (two transactions, a dozen hand-offs to
aiosqlite's thread). A :class:`ReadCache` keeps what was read, and the stores that own the
rows forget an entry whenever they write it.

When it is correct: only while this process is the only writer of the cached rows, which
is the case exactly when no Redis is configured. Without Redis kefu runs as one instance
(several instances need Redis for the per-chat order, bot.app.chat_order.RedisChatLock),
every write of these rows goes through that instance's stores, and the command-line tools
do not write them. With Redis, another instance may write a row behind this one's back,
so the stores are built with the cache off and read the database every time, as before.

Within the process, a write is forgotten twice: when it is made (so nothing serves the old
value from then on) and when its transaction commits (a read that began in between saw the
old row, which the database still held; its entry goes too). A read fills the cache only if
no write was forgotten while it ran (``token``/``fill``), so a read racing a write (a 403
marking a user blocked while the user's update is handled) never caches the old row.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, Generic, TypeVar

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

MISSING: Any = object()  # what get() answers for a key not cached
DEFAULT_LIMIT = 100_000  # entries kept at most; the oldest go first beyond it
_ON_COMMIT = "kefu_forget_on_commit"  # session.info: caches and keys to forget on commit


class ReadCache(Generic[K, V]):
    """Values by key, at most ``limit`` of them; a cache built with ``enabled=False``
    keeps nothing (every get() misses)."""

    def __init__(self, enabled: bool, limit: int = DEFAULT_LIMIT) -> None:
        self.enabled = enabled
        self._limit = limit
        self._values: dict[K, V] = {}
        self._writes = 0  # writes forgotten so far: a read's token

    def __len__(self) -> int:
        return len(self._values)

    def get(self, key: K) -> V:
        """The cached value, or ``MISSING``."""
        return self._values.get(key, MISSING)

    def token(self) -> int:
        """Taken before reading the database; given back to :meth:`fill`."""
        return self._writes

    def fill(self, key: K, value: V, token: int) -> None:
        """Keep ``value``, read after ``token`` was taken, unless a write came since."""
        if not self.enabled or token != self._writes:
            return
        values = self._values
        values.pop(key, None)  # re-inserted last: the oldest entries are the first ones
        values[key] = value
        if len(values) > self._limit:
            del values[next(iter(values))]

    def forget(self, key: K, session: AsyncSession | None = None) -> None:
        """``key``'s row is being written (in ``session``, if given; else the write has
        committed): forget it now, and again when ``session`` commits."""
        self._forget(key)
        if session is not None and self.enabled:
            session.info.setdefault(_ON_COMMIT, []).append((self, key))

    def _forget(self, key: K) -> None:
        self._writes += 1
        self._values.pop(key, None)


@event.listens_for(Session, "after_commit")
def _forget_committed(session: Session) -> None:
    pending = session.info.pop(_ON_COMMIT, None)
    for cache, key in pending or ():
        cache._forget(key)  # the cache's own hook


@event.listens_for(Session, "after_rollback")
def _drop_rolled_back(session: Session) -> None:
    # Nothing was written: the database keeps the row the cache may hold again.
    session.info.pop(_ON_COMMIT, None)
