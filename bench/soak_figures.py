"""What the soak reads after each simulated hour (kefu's memory, its tables' rows, the
hour's latencies) and how it prints them: a line an hour, then the summary."""

from __future__ import annotations

import gc
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

# The tables a leak-free kefu keeps bounded (or growing only with its users and tickets),
# with the short names the hourly line shows them under; "active" and "closed" are tickets
# too: the desk's clock moving them on (resolved for want of an answer, then closed).
TABLES = {
    "tickets": "tickets",
    "active": "tickets WHERE status NOT IN ('resolved', 'closed')",
    "closed": "tickets WHERE status = 'closed'",
    "events": "ticket_events",
    "links": "message_links",
    "outbox": "outbox_messages",
    "handled": "handled_updates",
    "jobs": "jobs",
}


@dataclass
class Hour:
    """One simulated hour's figures."""

    hour: int
    updates: int
    latencies: list[float]  # seconds, each update's
    rss_kib: int
    objects: int
    rows: dict[str, int]
    notes: list[str] = field(default_factory=list)
    growth: list[str] = field(default_factory=list)  # tracemalloc's top lines, if on

    @property
    def p50(self) -> float:
        return percentile(self.latencies, 0.50)

    @property
    def p99(self) -> float:
        return percentile(self.latencies, 0.99)


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (NaN when there are no values)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def rss_kib() -> int:
    """This process's resident set, KiB (Linux /proc), after a full collection."""
    gc.collect()
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def table_rows(engine: AsyncEngine) -> dict[str, int]:
    """The rows counted by each of :data:`TABLES` now."""
    async with engine.connect() as conn:
        return {
            name: int((await conn.execute(text(f"SELECT COUNT(*) FROM {table}"))).scalar_one())  # noqa: S608
            for name, table in TABLES.items()
        }


class Growth:
    """tracemalloc's biggest growths since the last look, by line of code."""

    def __init__(self, top: int = 3) -> None:
        self._top = top
        tracemalloc.start()
        self._last = tracemalloc.take_snapshot()

    def since_last(self) -> list[str]:
        now = tracemalloc.take_snapshot()
        diff = now.compare_to(self._last, "lineno")[: self._top]
        self._last = now
        return [f"{s.size_diff / 1024:+.0f} KiB {s.traceback[0]}" for s in diff]


def print_columns(out: TextIO) -> None:
    rows = "".join(f"{name:>9}" for name in TABLES)
    print(f"  {'hour':>4}{'updates':>8}{'p50 ms':>8}{'p99 ms':>8}{'RSS MiB':>9}"
          f"{'ΔKiB':>7}{'objects':>9}{rows}  notes", file=out, flush=True)  # fmt: skip


def print_hour(hour: Hour, previous: Hour | None, out: TextIO) -> None:
    delta = hour.rss_kib - previous.rss_kib if previous else 0
    rows = "".join(f"{hour.rows[name]:>9}" for name in TABLES)
    print(
        f"  {hour.hour:>4}{hour.updates:>8}{hour.p50 * 1000:>8.1f}{hour.p99 * 1000:>8.1f}"
        f"{hour.rss_kib / 1024:>9.1f}{delta:>+7}{hour.objects:>9}{rows}  {'; '.join(hour.notes)}",
        file=out,
        flush=True,
    )
    for line in hour.growth:
        print(f"         {line}", file=out, flush=True)


def slope(points: list[tuple[float, float]]) -> float:
    """The least-squares slope of y over x (0 with fewer than two points)."""
    if len(points) < 2:
        return 0.0
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread if spread else 0.0


def print_summary(hours: list[Hour], out: TextIO) -> None:
    """The RSS slope over the second half of the run (the first warms up: caches, pools,
    the handled-update ledger filling to its day), and the first and last hours' p99."""
    late = hours[len(hours) // 2 :] if len(hours) >= 4 else hours
    kib_per_hour = slope([(h.hour, h.rss_kib) for h in late])
    first, last = hours[0], hours[-1]
    print(
        f"\nsummary: RSS {first.rss_kib / 1024:.1f} -> {last.rss_kib / 1024:.1f} MiB; "
        f"slope over hours {late[0].hour}-{late[-1].hour}: {kib_per_hour:+.1f} KiB per "
        f"simulated hour; p99 first hour {first.p99 * 1000:.1f} ms, last hour "
        f"{last.p99 * 1000:.1f} ms; {sum(h.updates for h in hours)} updates in all",
        file=out,
    )
    print(f"rss slope KiB/hour: {kib_per_hour:.1f}", file=out, flush=True)
