"""Crashes at random points of the pipeline, then a restart, as hypothesis chooses them: the
real KefuApp (units of work, sender, outbox) on a SQLite file, users' updates fed to it,
and a Telegram stand-in that records what it accepted.

A crash is a kill: from that instant the dead instance reaches neither the database nor
Telegram (both refuse it), and its tasks are dropped. Telegram then brings back every
update sent so far (the worst a webhook retry or an unconfirmed poll can do), and a new
instance starts on the same database. At the end: every update handled once (one reply
row each), every reply delivered (its row sent, with an id Telegram gave), and replies
doubled only where a kill fell between Telegram's accepting a send and kefu's recording
it: at most ``max_in_flight`` per kill.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import itertools
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, func, select

from bot.app.i18n import Translator
from bot.app.kefu_app import KefuApp, Tuning
from bot.config import Settings
from bot.storage import migrate
from bot.storage.database import RollbackOnClose, make_engine, make_sessionmaker
from bot.storage.models import HandledUpdate, OutboxMessage, OutboxState
from bot.support.clock import SystemClock
from bot.telegram.errors import ServerError
from bot.telegram.ops import Op, OpResult, SendText
from bot.telegram.outbox import OutboxLimits
from dialogs.content import load_content
from dialogs.events import Inbound, Kind

USERS, MESSAGES = 3, 4
IN_FLIGHT = 4
POINTS = ("after_commit", "after_send", "before_record")
TOKEN = "123456:" + "A" * 35


class Killed(Exception):
    """What the dead instance meets wherever it still reaches out."""


@dataclass
class Telegram:
    """Accepts sends while the instance lives; remembers each message it accepted."""

    delivered: list[tuple[int, int]] = field(default_factory=list)  # (chat, message id)
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))


@dataclass
class Life:
    """One instance: where it is to die (the n-th time it passes ``point``), and whether
    it has."""

    point: str | None
    nth: int
    passed: int = 0
    dead: asyncio.Event = field(default_factory=asyncio.Event)

    def passing(self, point: str) -> None:
        if self.dead.is_set():
            raise Killed(point)
        if point == self.point:
            self.passed += 1
            if self.passed == self.nth:
                self.dead.set()
                raise Killed(point)


class Transport:
    def __init__(self, telegram: Telegram, life: Life) -> None:
        self.telegram, self.life = telegram, life

    async def execute(self, op: Op) -> OpResult:
        if self.life.dead.is_set():
            raise ServerError(type(op).__name__, "the process is dead")
        if not isinstance(op, SendText):
            return OpResult()
        message_id = next(self.telegram.ids)
        self.telegram.delivered.append((op.chat_id, message_id))
        try:
            self.life.passing("after_send")  # Telegram has it; kefu has not recorded it
        except Killed:
            raise ServerError("sendMessage", "the process died") from None
        return OpResult(message_ids=(message_id,))


def updates() -> list[Inbound]:
    """Each user's /help commands, update ids in the order Telegram numbered them."""
    ids = itertools.count(1000)
    return [
        Inbound(
            kind=Kind.COMMAND,
            user_id=user,
            chat_id=user,
            chat_type="private",
            date=datetime(2026, 11, 30, tzinfo=UTC),
            message_id=n + 1,
            text="/help",
            command="help",
            update_ids=(next(ids),),
        )
        for n in range(MESSAGES)
        for user in range(501, 501 + USERS)
    ]


def kefu_settings(db: Path) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        bot_token=TOKEN,
        database_url=f"sqlite+aiosqlite:///{db}",
        redis_url=None,
        default_locale="en",
        timezone="UTC",
    )


TUNING = Tuning(
    outbox=OutboxLimits(
        private_per_second=1000,
        private_burst=100,
        global_per_second=10000,
        global_burst=1000,
        max_in_flight=IN_FLIGHT,
        backoff_base=0.01,
        backoff_cap=0.05,
    ),
    drain_timeout=1.0,
)


async def live(db: Path, telegram: Telegram, life: Life, events: list[Inbound]) -> None:
    """Run one instance over ``events`` until it has answered them all, or died."""
    opened: list[sqlite3.Connection] = []

    class Opened(RollbackOnClose):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            opened.append(self)

    engine = make_engine(f"sqlite+aiosqlite:///{db}", connect_args={"factory": Opened})
    await migrate.upgrade(engine)

    def refuse_the_dead(*_: Any) -> None:
        if life.dead.is_set():
            raise Killed("database")

    event.listen(engine.sync_engine, "before_cursor_execute", refuse_the_dead)
    before = asyncio.all_tasks()
    app = KefuApp(
        kefu_settings(db),
        SystemClock(),
        engine,
        Transport(telegram, life),
        load_content(None),
        translator=Translator(),
        tuning=TUNING,
    )
    commit = app.units._after_commit

    def after_commit(unit: Any) -> None:
        life.passing("after_commit")  # committed; not yet handed to the sender
        commit(unit)

    app.units._after_commit = after_commit
    record = app.outbox_rows.record

    async def before_record(*args: Any) -> None:
        life.passing("before_record")  # sent; the row does not say so yet
        await record(*args)

    app.outbox_rows.record = before_record  # type: ignore[method-assign]

    async def serve() -> None:
        await app.start()
        handled = [app.dispatch(e).done for e in events]
        await asyncio.gather(*handled, return_exceptions=True)
        while await app.outbox_rows.pending() or app.outbox.queued:
            await asyncio.sleep(0.01)
        await app.close()

    try:
        # It may die anywhere, starting included (sending what the last one left).
        served = asyncio.ensure_future(serve())
        died = asyncio.ensure_future(life.dead.wait())
        await asyncio.wait({served, died}, timeout=30, return_when=asyncio.FIRST_COMPLETED)
        assert served.done() or died.done(), "neither answered nor dead within 30 s"
        died.cancel()
        if not life.dead.is_set():
            served.result()  # a living instance's failure is the test's
    finally:
        life.dead.set()  # whatever is left of this instance is dead now
        ghosts = asyncio.all_tasks() - before - {asyncio.current_task()}
        for task in ghosts:
            task.cancel()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(asyncio.gather(*ghosts, return_exceptions=True), 5)
        await engine.dispose()
        # A killed process's files are closed by the system, and its locks with them. Here
        # a dropped task's connection lives on until the garbage collector reaches it,
        # still in its write transaction: every write of the next instance would wait.
        await asyncio.to_thread(close_all, opened)
        # The connections the dead tasks held are collected here, where their warning is
        # expected, not in whichever test the garbage collector next runs in.
        gc.collect()


def close_all(connections: list[sqlite3.Connection]) -> None:
    for connection in connections:
        with contextlib.suppress(sqlite3.Error):
            connection.close()


crashes = st.lists(st.tuples(st.sampled_from(POINTS), st.integers(1, USERS * MESSAGES)),
                   min_size=1, max_size=3)  # fmt: skip


# A dead instance's tasks are dropped holding database connections, as a killed process
# would; SQLAlchemy warns when the garbage collector finds them.
@pytest.mark.filterwarnings("ignore:The garbage collector is trying to clean up")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=crashes)
async def test_crashes_anywhere_lose_nothing_and_double_only_what_was_in_flight(
    tmp_path_factory: Any, plan: list[tuple[str, int]]
) -> None:
    db = tmp_path_factory.mktemp("crash") / "kefu.db"
    telegram = Telegram()
    events = updates()
    kills = 0
    for point, nth in plan:
        life = Life(point, nth)
        await live(db, telegram, life, events)  # Telegram brings every update again
        kills += life.passed >= nth
    await live(db, telegram, Life(None, 0), events)

    engine = make_engine(f"sqlite+aiosqlite:///{db}")
    try:
        async with make_sessionmaker(engine)() as session:
            handled = await session.scalar(select(func.count()).select_from(HandledUpdate))
            rows = list(await session.scalars(select(OutboxMessage)))
    finally:
        await engine.dispose()
    replies = [r for r in rows if r.chat_id is not None and r.chat_id > 0]
    assert handled == USERS * MESSAGES
    assert len(replies) == USERS * MESSAGES, "one reply per update: no effect doubled"
    assert {r.state for r in replies} == {OutboxState.SENT}
    accepted = {message_id for _, message_id in telegram.delivered}
    lost = [r.id for r in replies if r.message_ids[0] not in accepted]
    assert lost == []
    doubled = len(telegram.delivered) - len(replies)
    assert 0 <= doubled <= kills * IN_FLIGHT, (doubled, plan)
