"""A SQLite connection SQLAlchemy closes in the middle of a write transaction lets go of
the write lock at once, whatever still refers to its statements (bot.storage.database).

The case from CI: a task cancelled while it waited for the database (the crash test's
dead instance, a broadcast's stop) leaves its cursor in a traceback cycle; sqlite3 closed
the connection as a "zombie" still in its transaction, and every later write failed with
"database is locked" until the garbage collector ran.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from sqlalchemy import text

from bot.storage.database import make_engine, make_sessionmaker


def write_lock_free(db: Path) -> bool:
    probe = sqlite3.connect(db, timeout=0)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.rollback()
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        probe.close()


async def test_a_connection_closed_mid_transaction_holds_no_lock(tmp_path: Path) -> None:
    db = tmp_path / "kefu.db"
    engine = make_engine(f"sqlite+aiosqlite:///{db}")
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (v INTEGER)"))
            await conn.execute(text("INSERT INTO t VALUES (1), (2), (3)"))
        conn = await engine.connect()
        raw = await conn.get_raw_connection()
        driver = raw.driver_connection
        assert driver is not None
        await driver.execute("BEGIN")
        await driver.execute("UPDATE t SET v = v + 10")
        stepping = await driver.execute("SELECT v FROM t")  # unfinished, and kept
        assert await stepping.fetchone() is not None
        assert not write_lock_free(db)  # the transaction is open, as it should be
        await conn.invalidate()  # what SQLAlchemy does to a cancelled statement's connection
        await conn.close()
        assert write_lock_free(db), "the closed connection still holds the write lock"
        async with make_sessionmaker(engine)() as session:
            values = list(await session.scalars(text("SELECT v FROM t ORDER BY v")))
        assert values == [1, 2, 3], "the interrupted write was rolled back"
    finally:
        await engine.dispose()


async def test_cancelled_writers_never_lock_out_the_next_write(tmp_path: Path) -> None:
    """Writes cancelled at every point of their transaction: the next write always goes
    through (within a 2 s busy timeout: the cancelled one's connection may still be
    closing, in its thread, but no longer than that)."""
    db = tmp_path / "kefu.db"
    engine = make_engine(f"sqlite+aiosqlite:///{db}", connect_args={"timeout": 2})
    sessions = make_sessionmaker(engine)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (v INTEGER)"))
            await conn.execute(text("INSERT INTO t VALUES (0)"))

        async def write() -> None:
            async with sessions.begin() as session:
                await session.execute(text("UPDATE t SET v = v + 1"))
                await session.execute(text("SELECT count(*) FROM t, t AS a, t AS b"))
                await asyncio.sleep(1)

        for attempt in range(40):
            task = asyncio.ensure_future(write())
            for _ in range(attempt % 8):  # cancelled after a varying number of steps
                await asyncio.sleep(0)
            await asyncio.sleep(0.0005 * (attempt // 8))
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            async with sessions.begin() as session:
                await session.execute(text("UPDATE t SET v = v + 1"))
    finally:
        await engine.dispose()
