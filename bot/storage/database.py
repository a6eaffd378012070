"""The async engine and sessions, for SQLite (aiosqlite) or PostgreSQL (asyncpg)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.config_values import normalise_database_url


class RollbackOnClose(sqlite3.Connection):
    """A SQLite connection that rolls back what it has open before it closes.

    SQLAlchemy closes a connection whose statement was interrupted (a task cancelled while
    it waited for the database: a shutdown, a timeout). Python's sqlite3 (3.11) closes it
    with sqlite3_close_v2, which leaves it open as a "zombie" while any statement is
    unfinished, and a cursor caught in the cancelled task's traceback keeps one unfinished
    until the garbage collector breaks the cycle. A zombie in a write transaction holds
    SQLite's write lock: every other write waits out the busy timeout and fails with
    "database is locked", for as long as the collector takes. Rolled back first, it holds
    nothing.
    """

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            if self.in_transaction:
                self.rollback()
        super().close()


def make_engine(database_url: str, **kwargs: Any) -> AsyncEngine:
    """An engine for the URL; a SQLite file's folder is created, and foreign keys enforced."""
    url = normalise_database_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        # SQLite takes one writer at a time; with a pool, concurrent chats' writes queue in
        # SQLite's busy loop and can time out ("database is locked"). One connection,
        # shared in turn, queues them in the pool instead, in order and without errors.
        kwargs.setdefault("pool_size", 1)
        kwargs.setdefault("max_overflow", 0)
        kwargs.setdefault("pool_timeout", 60)
        kwargs["connect_args"] = {
            "timeout": 30,
            "factory": RollbackOnClose,
            **kwargs.get("connect_args", {}),
        }
        # kefu's writes all go through session.begin(), which commits or rolls back
        # itself, and the driver opens no transaction for a SELECT: the pool's rollback
        # on each return would be one more trip to the database thread for nothing.
        kwargs.setdefault("pool_reset_on_return", None)
        engine = create_async_engine(url, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(url, pool_pre_ping=True, **kwargs)


def make_read_engine(database_url: str, connections: int = 4) -> AsyncEngine | None:
    """For a SQLite file, an engine for reads only, beside the one-connection engine that
    writes: in WAL mode readers never wait for the writer, so a chat's reads (its user,
    its draft) do not queue behind other chats' commits. None where one engine serves
    both (PostgreSQL, an in-memory SQLite)."""
    url = normalise_database_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    engine = create_async_engine(
        url,
        pool_size=connections,
        max_overflow=0,
        pool_timeout=60,
        connect_args={"timeout": 30, "factory": RollbackOnClose},
        # The driver opens no transaction for a SELECT and these connections write
        # nothing, so there is nothing to roll back when one returns to the pool: the
        # rollback would only cost a trip to the database thread per read.
        pool_reset_on_return=None,
    )
    event.listen(engine.sync_engine, "connect", _sqlite_read_pragmas)
    return engine


def _sqlite_read_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only=ON")  # a write here would be a bug: refuse it
    cursor.close()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLite ignores foreign keys unless asked, and WAL lets readers work during a write.
    # In WAL mode, synchronous=NORMAL syncs at checkpoints, not at every commit: a killed
    # kefu loses no committed transaction (the WAL is in the OS's hands), only a power cut
    # may take the last few back, and the database stays consistent either way. Every
    # update commits (its ledger row and replies), so a sync per commit would be kefu's
    # largest cost.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker:  # type: ignore[type-arg]
    """Sessions that keep loaded attributes after commit (no lazy reload in async code)."""
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def within(
    sessions: async_sessionmaker[AsyncSession], session: AsyncSession | None
) -> AsyncIterator[AsyncSession]:
    """``session`` if the caller has a transaction open (its unit of work commits it), else
    a transaction of our own, committed on leaving."""
    if session is not None:
        yield session
        return
    async with sessions.begin() as own:
        yield own


def upsert_insert(session: AsyncSession) -> Callable[..., Any]:
    """The ``insert`` of the session's dialect, which has ``on_conflict_do_update`` and
    ``on_conflict_do_nothing``: one statement, no read-then-write race between instances
    (SQLite and PostgreSQL spell it alike)."""
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
