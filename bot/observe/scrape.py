"""What /metrics reads at each scrape rather than counts: the outbox's queues, the tickets
open and unclaimed, today's SLA breaches and first-response times (the desk's figures,
bot/storage/desk_stats.py), and the recipients of broadcasts in progress.

Prometheus collects synchronously and the reads are async, so a scrape first awaits
:meth:`ScrapeReads.refresh` (within a timeout), then collects what it read. A read that
fails or times out leaves its figures out of that scrape and ``kefu_scrape_reads_ok`` at 0:
a gap in a graph, never a stale number or a hung scrape.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from bot.observe.metrics import chat_kind
from bot.storage.broadcasts import BroadcastStore
from bot.storage.desk_stats import DeskStats
from dialogs.notices.broadcast import RecipientState
from dialogs.ports.stats import Period

log = logging.getLogger(__name__)
# Broadcasts looked at for progress: the latest few, of which those not finished count.
RECENT_BROADCASTS = 20


@dataclass
class Snapshot:
    """The figures of one scrape's reads."""

    open_now: int = 0
    unclaimed_now: int = 0
    sla_breaches: int = 0
    first_response: dict[str, float] = field(default_factory=dict)  # quantile -> seconds
    first_responses: int = 0
    broadcasts: dict[tuple[str, str], int] = field(default_factory=dict)  # (id, state) -> n


class ScrapeReads(Collector):
    """A collector of figures read from the database and the outbox at scrape time."""

    def __init__(self, timeout: float) -> None:
        self._timeout = timeout
        self._outbox_depth: Callable[[], dict[int | None, int]] | None = None
        self._stats: DeskStats | None = None
        self._broadcasts: BroadcastStore | None = None
        self._snapshot: Snapshot | None = None

    def watch(
        self,
        outbox_depth: Callable[[], dict[int | None, int]],
        stats: DeskStats,
        broadcasts: BroadcastStore,
    ) -> None:
        """What to read: until told, a scrape has none of these figures."""
        self._outbox_depth, self._stats, self._broadcasts = outbox_depth, stats, broadcasts

    async def refresh(self) -> None:
        """Read the database's figures for the next collect (None: the read failed)."""
        if self._stats is None or self._broadcasts is None:
            return
        try:
            async with asyncio.timeout(self._timeout):
                self._snapshot = await self._read(self._stats, self._broadcasts)
        except Exception as exc:  # a scrape answers whatever the driver raised
            log.warning("metrics: reading the database failed: %s", type(exc).__name__)
            self._snapshot = None

    @staticmethod
    async def _read(stats: DeskStats, broadcasts: BroadcastStore) -> Snapshot:
        figures = await stats.figures(Period.TODAY)
        quantiles = {"0.5": figures.first_response_median, "0.9": figures.first_response_p90}
        progress: dict[tuple[str, str], int] = {}
        for info in await broadcasts.recent(RECENT_BROADCASTS):
            if info.state.finished:
                continue
            for state in RecipientState:
                progress[(str(info.id), state.value)] = info.counts.get(state.value, 0)
        return Snapshot(
            open_now=figures.open_now,
            unclaimed_now=figures.unclaimed_now,
            sla_breaches=figures.sla_breaches,
            first_response={q: v for q, v in quantiles.items() if v is not None},
            first_responses=figures.first_responses,
            broadcasts=progress,
        )

    def describe(self) -> list[Metric]:
        return []  # read at each scrape: nothing to check against other names up front

    def collect(self) -> Iterator[Metric]:
        if self._outbox_depth is None:
            return
        yield from self._outbox(self._outbox_depth())
        snap = self._snapshot
        yield GaugeMetricFamily(
            "kefu_scrape_reads_ok",
            "1 if this scrape's database reads answered in time",
            value=int(snap is not None),
        )
        if snap is None:
            return
        yield GaugeMetricFamily(
            "kefu_tickets_open", "Tickets open now (not resolved or closed)", value=snap.open_now
        )
        yield GaugeMetricFamily(
            "kefu_tickets_unclaimed", "Tickets waiting for an agent now", value=snap.unclaimed_now
        )
        yield GaugeMetricFamily(
            "kefu_sla_breaches_today",
            "Tickets created today that waited longer than KEFU_SLA_FIRST_RESPONSE for a claim",
            value=snap.sla_breaches,
        )
        first = GaugeMetricFamily(
            "kefu_first_response_today_seconds",
            "First-response time of tickets first answered today (median, p90)",
            labels=["quantile"],
        )
        for quantile, seconds in snap.first_response.items():
            first.add_metric([quantile], seconds)
        yield first
        yield GaugeMetricFamily(
            "kefu_first_responses_today", "Tickets first answered today", value=snap.first_responses
        )
        progress = GaugeMetricFamily(
            "kefu_broadcast_recipients",
            "Recipients of broadcasts in progress (scheduled, running, paused), by state",
            labels=["broadcast", "state"],
        )
        for (broadcast, state), n in sorted(snap.broadcasts.items()):
            progress.add_metric([broadcast, state], n)
        yield progress

    def _outbox(self, depth: dict[int | None, int]) -> Iterator[Metric]:
        queued = {"private": 0, "group": 0, "bot": 0}
        for chat, n in depth.items():
            queued[chat_kind(chat)] += n
        family = GaugeMetricFamily(
            "kefu_outbox_queued",
            "Operations in the outbox (queued or in flight), by lane kind",
            labels=["lane"],
        )
        for lane, n in queued.items():
            family.add_metric([lane], n)
        yield family
        yield GaugeMetricFamily(
            "kefu_outbox_lanes", "Chats with something in the outbox", value=len(depth)
        )
        yield GaugeMetricFamily(
            "kefu_outbox_deepest_lane",
            "Operations queued in the one chat with the most",
            value=max(depth.values(), default=0),
        )
