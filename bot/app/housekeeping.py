"""kefu's own recurring job: once a day, what is only history is purged: finished jobs,
sent or failed outbox rows, and handled update ids older than Telegram's redelivery."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.app.jobs import Handler
from bot.storage.handled_updates import HandledUpdates
from bot.storage.jobs import JobStore
from bot.storage.outbox_rows import OutboxRows
from bot.support.clock import Clock

if TYPE_CHECKING:
    from bot.app.kefu_app import Tuning

log = logging.getLogger(__name__)
PURGE_JOBS = "purge-jobs"


class Housekeeping:
    """Schedules and runs the purge (every ``Tuning.purge_jobs_every``)."""

    def __init__(
        self,
        jobs: JobStore,
        updates: HandledUpdates,
        outbox: OutboxRows,
        clock: Clock,
        tuning: Tuning,
    ) -> None:
        self._jobs = jobs
        self._updates = updates
        self._outbox = outbox
        self._clock = clock
        self._every = timedelta(seconds=tuning.purge_jobs_every)
        self._keep = timedelta(seconds=tuning.keep_finished_jobs)
        self._keep_updates = timedelta(seconds=tuning.keep_handled_updates)

    def handlers(self) -> dict[str, Handler]:
        return {PURGE_JOBS: self._purge}

    async def schedule(self) -> None:
        """Due one period from now, unless already pending (a restart does not delay it)."""
        at = self._clock.now() + self._every
        await self._jobs.schedule(PURGE_JOBS, {}, at, key=PURGE_JOBS, keep_pending=True)

    async def _purge(self, payload: dict[str, Any]) -> datetime:
        now = self._clock.now()
        jobs = await self._jobs.purge(now - self._keep)
        rows = await self._outbox.purge(now - self._keep)
        updates = await self._updates.purge(now - self._keep_updates)
        log.info(
            "purged %s finished jobs, %s settled outbox rows, %s handled update ids",
            jobs,
            rows,
            updates,
        )
        return self._clock.now() + self._every  # a recurring job: when to run next
