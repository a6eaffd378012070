"""kefu's own recurring job, run by the real runner on SQLite and PostgreSQL: finished job
rows, settled outbox rows and day-old update ids are purged once a period, and a restart
does not push the purge back."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app.housekeeping import PURGE_JOBS, Housekeeping
from bot.app.jobs import JobRunner, JobTuning
from bot.app.kefu_app import Tuning
from bot.storage import kb_log
from bot.storage.database import make_sessionmaker
from bot.storage.handled_updates import HandledUpdates
from bot.storage.jobs import JobStore
from bot.storage.kb_log import KbEvents
from bot.storage.outbox_rows import OutboxRows, Outcome
from bot.support.clock import ManualClock
from dialogs.kb.actions import KbOutcome, RecordKb

DAY = 86400.0


async def noop(payload: dict[str, object]) -> None:
    return None


async def test_finished_jobs_are_purged_daily_and_restarts_do_not_delay_it(
    engine: AsyncEngine, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    sessions = make_sessionmaker(engine)
    store = JobStore(sessions, clock)
    updates, rows = HandledUpdates(sessions), OutboxRows(sessions)
    tuning = Tuning(purge_jobs_every=DAY, keep_finished_jobs=2 * DAY, keep_handled_updates=DAY)
    house = Housekeeping(store, updates, rows, clock, tuning, KbEvents(sessions))
    async with sessions.begin() as session:
        updates.add(session, [41], clock.now())
        asked = RecordKb(KbOutcome.NOTHING, question="vip price?")
        kb_log.record(session, 9, asked, clock.now() - timedelta(seconds=tuning.keep_kb_events))
        kb_log.record(session, 9, asked, clock.now())
        sent = rows.add(session, chat_id=7, priority=0, op={}, notify="user",
                        created_at=clock.now())  # fmt: skip
        waiting = rows.add(session, chat_id=7, priority=0, op={}, notify="user",
                           created_at=clock.now())  # fmt: skip
    await rows.record([Outcome(sent.id, True, (5,))], clock.now())
    runner = JobRunner(store, clock, {**house.handlers(), "ping": noop}, JobTuning())
    old = await store.schedule("ping", {}, clock.now())
    await house.schedule()
    assert await runner.run_due() == 1  # the ping; the purge is a day away
    clock.advance(DAY / 2)
    await house.schedule()  # kefu restarted: the purge keeps its time
    fresh = await store.schedule("ping", {}, clock.now())
    assert await runner.run_due() == 1
    clock.advance(DAY / 2)
    assert await runner.run_due() == 1  # the purge, on time despite the restart
    assert await store.get(old) is not None, "younger than two days: kept"
    clock.advance(DAY * 2)
    assert await runner.run_due() == 1  # the next purge, three days in
    assert await store.get(old) is None
    assert await store.get(fresh) is None
    # And it set its own next run, a day on.
    assert await store.next_due() == clock.now() + timedelta(seconds=DAY)
    assert PURGE_JOBS in house.handlers()
    assert "purged 2 finished jobs, 1 settled outbox rows, 1 handled update ids" in caplog.text
    assert "1 knowledge base records" in caplog.text  # at the first purge: 90 days old
    async with sessions() as session:
        assert (await kb_log.figures(session, clock.now() - timedelta(days=365))).nothing == 1
    assert [row.id for row in await rows.pending()] == [waiting.id], "pending rows stay"
    assert not await updates.any_recorded([41]), "forgotten after a day"
    assert "claim was lost" not in caplog.text, "a recurring job settles its own row"
