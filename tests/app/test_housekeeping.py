"""kefu's own recurring job, run by the real runner on SQLite and PostgreSQL: finished job
rows are purged once a period, and a restart does not push the purge back."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app.housekeeping import PURGE_JOBS, Housekeeping
from bot.app.jobs import JobRunner, JobTuning
from bot.storage.database import make_sessionmaker
from bot.storage.jobs import JobStore
from bot.support.clock import ManualClock

DAY = 86400.0


async def noop(payload: dict[str, object]) -> None:
    return None


async def test_finished_jobs_are_purged_daily_and_restarts_do_not_delay_it(
    engine: AsyncEngine, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    store = JobStore(make_sessionmaker(engine), clock)
    house = Housekeeping(store, clock, every=DAY, keep=2 * DAY)
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
    assert "purged 2 finished jobs" in caplog.text
    assert "claim was lost" not in caplog.text, "a recurring job settles its own row"
