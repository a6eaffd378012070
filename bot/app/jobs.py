"""The job runner: durable timers (SLA reminders, draft expiry, scheduled broadcasts...).

A timer kept in memory dies with the process; a job is a row, so it survives restarts and
is shared by every instance. Each runner claims due jobs with a compare-and-set on the
row (see bot.storage.jobs), so with several instances on one PostgreSQL a due job is
taken by one of them. A claim is a lease: a runner that dies mid-job leaves the row
claimable again once the lease ends, and a handler still running near its lease's end is
cancelled, so no two runners run one job at the same time. A job runs at least once (a
crash between its handler's end and the row's update runs it again): handlers must be
safe to repeat. A handler that raises is retried with exponential backoff, then recorded
``failed``; a recurring one returns its next time. Features only add handlers for kinds.

Time is the injected clock's: tests move a ManualClock instead of sleeping.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.storage.jobs import ClaimedJob, JobStore
from bot.support.clock import Clock
from bot.support.waiting import first_done

log = logging.getLogger(__name__)

# A handler gets the job's payload; a recurring one returns when it wants to run next.
Handler = Callable[[dict[str, Any]], Awaitable[datetime | None]]


@dataclass(frozen=True)
class JobTuning:
    """Every number of the runner (seconds unless said otherwise)."""

    poll_interval: float = 5.0  # longest wait between two looks for due jobs
    lease: float = 300.0  # how long a claim holds
    # A handler is cancelled this long before its lease ends, so that another instance
    # (whose clock may be a little ahead) never claims a job still running here.
    lease_margin: float = 5.0
    batch: int = 20  # most jobs run in one pass before looking at the clock again
    max_attempts: int = 5  # failures before a job is recorded failed
    backoff_base: float = 30.0  # wait after the first failure; doubled after each next one
    backoff_cap: float = 3600.0
    close_timeout: float = 10.0  # how long close() lets the job in hand finish
    error_chars: int = 2000  # how much of an error's text is kept on the row

    def backoff(self, attempts: int) -> float:
        """The wait after the ``attempts``-th failure: base, 2*base, 4*base... up to cap."""
        return min(self.backoff_cap, self.backoff_base * 2 ** max(0, attempts - 1))


def default_worker_id() -> str:
    """Unique per process (and per runner): host, pid and a random tail."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class JobRunner:
    """Runs due jobs with their kind's handler, one at a time, in a background loop."""

    def __init__(
        self,
        store: JobStore,
        clock: Clock,
        handlers: Mapping[str, Handler],
        tuning: JobTuning | None = None,
        worker_id: str | None = None,
    ) -> None:
        self._store = store
        self._clock = clock
        self._handlers = dict(handlers)
        self.tuning = tuning or JobTuning()
        self.worker_id = worker_id or default_worker_id()
        self._woken = asyncio.Event()
        self._one_pass = asyncio.Lock()  # run_due from a test and from the loop never overlap
        self._stopping = False
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Start the background loop."""
        if self._task is None:
            self._stopping = False
            self._task = asyncio.create_task(self._loop(), name=f"jobs {self.worker_id}")

    def wake(self) -> None:
        """Look for due jobs now (e.g. after scheduling one due before the next poll)."""
        self._woken.set()

    async def close(self) -> None:
        """Take no more jobs; let the one in hand finish, cancelling it after close_timeout
        (its lease then lets another runner retry it)."""
        self._stopping = True
        self._woken.set()
        task, self._task = self._task, None
        if task is not None:
            await first_done(task, self._clock.sleep(self.tuning.close_timeout))

    async def _loop(self) -> None:
        while not self._stopping:
            self._woken.clear()  # a wake() during the pass below makes the wait end at once
            try:
                await self.run_due()
                delay = await self._delay()
            except Exception:
                log.exception("job runner %s: a pass failed; trying again", self.worker_id)
                delay = self.tuning.poll_interval
            if not self._stopping:
                await first_done(self._clock.sleep(delay), self._woken.wait())

    async def _delay(self) -> float:
        # Until the next job is due, but never longer than poll_interval: other instances
        # may schedule jobs this one does not hear of.
        due = await self._store.next_due()
        if due is None:
            return self.tuning.poll_interval
        seconds = (due - self._clock.now()).total_seconds()
        return max(0.0, min(self.tuning.poll_interval, seconds))

    async def run_due(self) -> int:
        """One pass: run up to ``batch`` due jobs; how many ran (whatever their outcome)."""
        ran = 0
        async with self._one_pass:
            # One claim at a time, so each lease starts when its job does.
            while ran < self.tuning.batch and not self._stopping:
                claimed = await self._store.claim(self.worker_id, 1, self.tuning.lease)
                if not claimed:
                    break
                await self._run(claimed[0])
                ran += 1
        return ran

    async def _run(self, job: ClaimedJob) -> None:
        handler = self._handlers.get(job.kind)
        if handler is None:
            reason = f"no handler for job kind {job.kind!r}"
            log.error("job %d: %s; recorded failed", job.id, reason)
            await self._store.failed(job, reason)
            return
        task = asyncio.ensure_future(handler(job.payload))
        await first_done(task, self._clock.sleep(self.tuning.lease - self.tuning.lease_margin))
        error: BaseException | None
        if task.cancelled():
            error = TimeoutError(f"still running when its {self.tuning.lease:g} s lease ended")
        else:
            error = task.exception()
        if error is None:
            again = task.result()
            settled = (
                await self._store.again(job, again)
                if isinstance(again, datetime)
                else await self._store.done(job)
            )
            if not settled:
                # Rescheduled, cancelled or (past its lease) taken by another runner meanwhile.
                log.info("job %d (%s) ran, but its claim was lost", job.id, job.kind)
            return
        if not isinstance(error, Exception):  # KeyboardInterrupt, SystemExit: not ours
            raise error
        text = f"{type(error).__name__}: {error}"[: self.tuning.error_chars]
        if job.attempts >= self.tuning.max_attempts:
            log.error(
                "job %d (%s) failed %d times; giving up",
                job.id,
                job.kind,
                job.attempts,
                exc_info=error,
            )
            await self._store.failed(job, text)
            return
        wait = self.tuning.backoff(job.attempts)
        log.warning(
            "job %d (%s) failed (attempt %d of %d); retrying in %g s",
            job.id,
            job.kind,
            job.attempts,
            self.tuning.max_attempts,
            wait,
            exc_info=error,
        )
        await self._store.retry(job, text, self._clock.now() + timedelta(seconds=wait))
