"""kefu's own recurring job: rows of finished jobs are purged once a day, so the jobs table
holds what is pending and a few days of history, not every timer ever set."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from bot.app.jobs import Handler
from bot.storage.jobs import JobStore
from bot.support.clock import Clock

log = logging.getLogger(__name__)
PURGE_JOBS = "purge-jobs"


class Housekeeping:
    """Schedules and runs the purge; ``every`` and ``keep`` are seconds."""

    def __init__(self, jobs: JobStore, clock: Clock, every: float, keep: float) -> None:
        self._jobs = jobs
        self._clock = clock
        self._every = timedelta(seconds=every)
        self._keep = timedelta(seconds=keep)

    def handlers(self) -> dict[str, Handler]:
        return {PURGE_JOBS: self._purge}

    async def schedule(self) -> None:
        """Due one period from now, unless already pending (a restart does not delay it)."""
        at = self._clock.now() + self._every
        await self._jobs.schedule(PURGE_JOBS, {}, at, key=PURGE_JOBS, keep_pending=True)

    async def _purge(self, payload: dict[str, Any]) -> datetime:
        gone = await self._jobs.purge(self._clock.now() - self._keep)
        log.info("purged %s finished jobs", gone)
        return self._clock.now() + self._every  # a recurring job: when to run next
