"""The job runner on SQLite and on the real PostgreSQL, moving a ManualClock (no sleeping)."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app.jobs import JobRunner, JobTuning
from bot.storage import migrate
from bot.storage.database import make_engine, make_sessionmaker
from bot.storage.jobs import JobStore
from bot.support.clock import ManualClock

TUNING = JobTuning(
    poll_interval=5, lease=30, batch=10, max_attempts=4, backoff_base=10, backoff_cap=25
)


class Calls:
    """A handler that records its payloads, and can be told to fail or to wait."""

    def __init__(self, fail: Exception | None = None) -> None:
        self.payloads: list[dict[str, Any]] = []
        self.fail = fail
        self.ran = asyncio.Event()

    async def __call__(self, payload: dict[str, Any]) -> None:
        self.payloads.append(payload)
        self.ran.set()
        if self.fail is not None:
            raise self.fail


def _runner(
    engine: AsyncEngine,
    clock: ManualClock,
    handlers: dict[str, Callable[[dict[str, Any]], Awaitable[None]]],
    tuning: JobTuning = TUNING,
    worker_id: str | None = None,
) -> tuple[JobStore, JobRunner]:
    store = JobStore(make_sessionmaker(engine), clock)
    return store, JobRunner(store, clock, handlers, tuning, worker_id)


async def _until(condition: Callable[[], bool]) -> None:
    """Let the event loop run until ``condition`` holds (with a real-time deadline)."""

    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0)

    await asyncio.wait_for(poll(), 5)


async def test_a_job_runs_once_at_its_time(engine: AsyncEngine, clock: ManualClock) -> None:
    calls = Calls()
    store, runner = _runner(engine, clock, {"ping": calls})
    job_id = await store.schedule("ping", {"n": 1}, clock.now() + timedelta(seconds=60))
    clock.advance(59)
    assert await runner.run_due() == 0 and calls.payloads == []
    clock.advance(1)
    assert await runner.run_due() == 1 and calls.payloads == [{"n": 1}]
    assert await runner.run_due() == 0 and calls.payloads == [{"n": 1}]
    assert (await store.get(job_id)).state == "done"  # type: ignore[union-attr]


async def test_a_failing_job_backs_off_then_fails_with_its_error(engine, clock, caplog) -> None:
    calls = Calls(fail=RuntimeError("gateway said no"))
    store, runner = _runner(engine, clock, {"flaky": calls})
    job_id = await store.schedule("flaky", {"token": "s3cret"}, clock.now())
    waits = []
    for attempt in range(1, TUNING.max_attempts):
        start = clock.now()
        assert await runner.run_due() == 1
        row = await store.get(job_id)
        assert row is not None and row.state == "pending" and row.attempts == attempt
        assert row.last_error == "RuntimeError: gateway said no"
        waits.append((row.run_at - start).total_seconds())
        clock.advance(waits[-1] - 1)
        assert await runner.run_due() == 0, "not before its backoff ends"
        clock.advance(1)
    assert waits == [10, 20, 25]  # base, 2 x base, then the cap
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="bot.app.jobs"):
        assert await runner.run_due() == 1
    row = await store.get(job_id)
    assert row is not None and row.state == "failed" and row.attempts == TUNING.max_attempts
    assert row.last_error == "RuntimeError: gateway said no"
    [record] = caplog.records
    assert record.levelno == logging.ERROR and f"job {job_id} (flaky)" in record.getMessage()
    assert "s3cret" not in caplog.text, "payloads are never logged"
    clock.advance(3600)
    assert await runner.run_due() == 0 and len(calls.payloads) == TUNING.max_attempts


async def test_a_retry_is_logged_as_a_warning(engine, clock, caplog) -> None:
    store, runner = _runner(engine, clock, {"flaky": Calls(fail=ValueError("x" * 5000))})
    job_id = await store.schedule("flaky", {}, clock.now())
    with caplog.at_level(logging.WARNING, logger="bot.app.jobs"):
        await runner.run_due()
    [record] = caplog.records
    assert record.levelno == logging.WARNING and f"job {job_id} (flaky)" in record.getMessage()
    assert len((await store.get(job_id)).last_error) == TUNING.error_chars  # type: ignore[union-attr,arg-type]


async def test_an_unknown_kind_is_failed_with_a_reason(engine, clock, caplog) -> None:
    store, runner = _runner(engine, clock, {})
    job_id = await store.schedule("nobody", {}, clock.now())
    with caplog.at_level(logging.ERROR, logger="bot.app.jobs"):
        assert await runner.run_due() == 1
    row = await store.get(job_id)
    assert row is not None and row.state == "failed" and row.attempts == 1
    assert row.last_error == "no handler for job kind 'nobody'"
    assert "nobody" in caplog.text
    clock.advance(3600)
    assert await runner.run_due() == 0


async def test_a_dead_runners_job_runs_elsewhere_after_its_lease(engine, clock) -> None:
    calls = Calls()
    store, runner = _runner(engine, clock, {"ping": calls}, worker_id="alive")
    job_id = await store.schedule("ping", {}, clock.now())
    await store.claim("dead", 1, lease=TUNING.lease)  # ...and then the process died
    clock.advance(TUNING.lease - 1)
    assert await runner.run_due() == 0
    clock.advance(1)
    assert await runner.run_due() == 1 and len(calls.payloads) == 1
    row = await store.get(job_id)
    assert row is not None and row.state == "done" and row.claimed_by == "alive"


async def test_a_handler_still_running_at_its_lease_end_is_cancelled_and_retried(
    engine, clock
) -> None:
    async def stuck(_payload: dict[str, Any]) -> None:
        await asyncio.Event().wait()

    store, runner = _runner(engine, clock, {"stuck": stuck})
    job_id = await store.schedule("stuck", {}, clock.now())
    running = asyncio.create_task(runner.run_due())
    await _until(lambda: clock.sleepers == 1)
    clock.advance(TUNING.lease)
    assert await asyncio.wait_for(running, 5) == 1
    row = await store.get(job_id)
    assert row is not None and row.state == "pending" and "lease ended" in row.last_error


async def test_keys_keep_one_job_and_cancel_removes_it(engine, clock) -> None:
    calls = Calls()
    store, runner = _runner(engine, clock, {"sla": calls})
    soon = clock.now() + timedelta(seconds=10)
    first = await store.schedule("sla", {"v": 1}, soon, key="ticket:7")
    assert await store.schedule("sla", {"v": 2}, soon, key="ticket:7") == first
    await store.schedule("sla", {"v": 9}, soon, key="ticket:8")
    assert await store.cancel("ticket:8")
    clock.advance(10)
    assert await runner.run_due() == 1 and calls.payloads == [{"v": 2}]


async def test_the_loop_runs_due_jobs_and_closes_promptly(engine, clock) -> None:
    calls = Calls()
    store, runner = _runner(engine, clock, {"ping": calls})
    await store.schedule("ping", {}, clock.now() + timedelta(seconds=60))
    await runner.start()
    try:
        for _ in range(12):  # the runner looks every poll_interval (5 s) on the clock
            await _until(lambda: clock.sleepers == 1)
            assert calls.payloads == []
            clock.advance(5)
        await asyncio.wait_for(calls.ran.wait(), 5)
        # wake(): a job due now runs without waiting for the next poll.
        calls.ran.clear()
        await _until(lambda: clock.sleepers == 1)
        await store.schedule("ping", {"now": True}, clock.now())
        runner.wake()
        await asyncio.wait_for(calls.ran.wait(), 5)
        assert calls.payloads == [{}, {"now": True}]
    finally:
        await asyncio.wait_for(runner.close(), 5)


async def test_close_lets_the_job_in_hand_finish_then_cuts_it_off(engine, clock) -> None:
    release = asyncio.Event()
    started = Calls()

    async def slow(payload: dict[str, Any]) -> None:
        await started(payload)
        await release.wait()

    store, runner = _runner(engine, clock, {"slow": slow})
    first = await store.schedule("slow", {}, clock.now())
    second = await store.schedule("slow", {}, clock.now())
    await runner.start()
    await asyncio.wait_for(started.ran.wait(), 5)
    closing = asyncio.create_task(runner.close())
    await _until(lambda: clock.sleepers == 2)  # the handler's lease and close's timeout
    release.set()
    await asyncio.wait_for(closing, 5)
    assert len(started.payloads) == 1, "no new job is taken once closing"
    # A handler that will not finish is cancelled after close_timeout.
    release.clear()
    await runner.start()
    await asyncio.wait_for(started.ran.wait(), 5)
    closing = asyncio.create_task(runner.close())
    await _until(lambda: clock.sleepers == 2)
    clock.advance(TUNING.close_timeout)
    await asyncio.wait_for(closing, 5)
    done, cut = await store.get(first), await store.get(second)
    assert done is not None and done.state == "done"
    # Cut off, not settled: still pending, and claimable again once its lease ends.
    assert cut is not None and cut.state == "pending" and cut.lease_until is not None


async def _two_runners_run_each_job_once(url: str, clock: ManualClock, jobs: int) -> None:
    engines = [make_engine(url), make_engine(url)]
    try:
        await migrate.upgrade(engines[0])
        ran: Counter[int] = Counter()

        async def handler(payload: dict[str, Any]) -> None:
            ran[payload["n"]] += 1
            await clock.sleep(0)  # let the other runner in mid-job

        pairs = [
            _runner(e, clock, {"n": handler}, worker_id=f"w{i}") for i, e in enumerate(engines)
        ]
        store = pairs[0][0]
        ids = [await store.schedule("n", {"n": n}, clock.now()) for n in range(jobs)]
        per_runner = [0, 0]
        for _ in range(jobs):  # passes, until both find nothing left
            counts = await asyncio.gather(*(r.run_due() for _, r in pairs))
            per_runner = [a + b for a, b in zip(per_runner, counts, strict=True)]
            if counts == [0, 0]:
                break
        assert ran == Counter(range(jobs)), "each job's handler ran exactly once"
        assert sum(per_runner) == jobs and all(per_runner), per_runner
        for job_id in ids:
            assert (await store.get(job_id)).state == "done"  # type: ignore[union-attr]
    finally:
        for engine in engines:
            await engine.dispose()


@pytest.mark.postgres
async def test_two_runners_on_one_postgresql_run_each_job_once(postgres_url, clock) -> None:
    await _two_runners_run_each_job_once(postgres_url, clock, 60)


async def test_two_runners_on_one_sqlite_file_run_each_job_once(tmp_path: Path, clock) -> None:
    await _two_runners_run_each_job_once(f"sqlite+aiosqlite:///{tmp_path / 'k.db'}", clock, 60)
