"""kefu's own recurring job: once a day, what is only history is purged: finished jobs,
sent or failed outbox rows, handled update ids older than Telegram's redelivery, and the
knowledge base's records (the questions users typed) past ``Tuning.keep_kb_events``."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.app.jobs import Handler
from bot.storage.handled_updates import HandledUpdates
from bot.storage.jobs import JobStore
from bot.storage.kb_log import KbEvents
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
        kb_events: KbEvents | None = None,
    ) -> None:
        self._jobs = jobs
        self._kb_events = kb_events
        self._keep_kb = timedelta(seconds=tuning.keep_kb_events)
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
        kb = await self._kb_events.purge(now - self._keep_kb) if self._kb_events else 0
        log.info(
            "purged %s finished jobs, %s settled outbox rows, %s handled update ids, "
            "%s knowledge base records",
            jobs,
            rows,
            updates,
            kb,
        )
        return self._clock.now() + self._every  # a recurring job: when to run next
