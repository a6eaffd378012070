"""The desk's numbers, for /stats and `kefu stats`: tickets, the queue, the first-response
SLA, response and resolution times, satisfaction, tags, agents, and the daily tallies of
what leaves no ticket.

SQL picks the period's rows (only the columns needed); medians and percentiles are taken
in Python over them. At a desk's volumes (thousands of tickets a month) that is a few
milliseconds and portable across SQLite and PostgreSQL, where percentile functions are not.

Each figure counts what happened in the period: tickets created, first answered, resolved,
rated in it. An agent is the ticket's assignee (who has it now). Tallies are kept per UTC
day: a period counts every UTC day it touches.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage import kb_log
from bot.storage.database import upsert_insert
from bot.storage.models import DeskTally, Ticket
from bot.support.clock import Clock
from dialogs.ports.stats import AgentFigures, DeskFigures, Period, TagCount
from dialogs.tickets.status import ACTIVE, TicketStatus

TALLY_KINDS = ("spam_held", "spam_released", "flood_merged", "check_asked", "check_passed")
TOP_TAGS = 10

_COLUMNS = (
    Ticket.status,
    Ticket.created_at,
    Ticket.claimed_at,
    Ticket.first_response_at,
    Ticket.resolved_at,
    Ticket.closed_at,
    Ticket.rated_at,
    Ticket.rating,
    Ticket.assignee_id,
    Ticket.assignee_name,
    Ticket.tags,
)


def day_key(day: date | datetime | str) -> str:
    """A tally's day, 'YYYY-MM-DD': a datetime's UTC date, a date as it is."""
    if isinstance(day, datetime):
        return day.astimezone(UTC).date().isoformat()
    if isinstance(day, date):
        return day.isoformat()
    return date.fromisoformat(day).isoformat()  # refuses anything but YYYY-MM-DD


async def tally(session: AsyncSession, kind: str, day: date | datetime | str, n: int = 1) -> None:
    """Add ``n`` to the day's count of ``kind``, in the caller's transaction: one upsert,
    so two instances counting at once both count (no read-then-write race)."""
    statement = upsert_insert(session)(DeskTally).values(day=day_key(day), kind=kind, count=n)
    statement = statement.on_conflict_do_update(
        index_elements=[DeskTally.day, DeskTally.kind],
        set_={"count": DeskTally.count + statement.excluded.count},
    )
    await session.execute(statement)


def percentile(values: Sequence[float], share: float) -> float | None:
    """The nearest-rank percentile: the smallest value with at least ``share`` of the values
    at or below it (p90 of 10 values is the 9th smallest). None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


class DeskStats:
    """The desk's figures over a period, read from the database (implements
    dialogs.ports.stats.DeskStatsPort)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        tz: tzinfo,
        sla_first_response: timedelta,
    ) -> None:
        """``tz``: the operator's time zone, where "today" begins; ``sla_first_response``:
        how long a ticket may wait for its first claim."""
        self._sessions = sessions
        self._clock = clock
        self._tz = tz
        self._sla = sla_first_response

    def since(self, period: Period, now: datetime) -> datetime:
        """Where ``period`` begins (UTC): today's midnight in the operator's zone, or now
        less 7 or 30 days."""
        if period is Period.TODAY:
            local = now.astimezone(self._tz)
            return datetime.combine(local.date(), time(0), tzinfo=self._tz).astimezone(UTC)
        return now - timedelta(days=period.days)

    async def figures(self, period: Period) -> DeskFigures:
        now = self._clock.now()
        since = self.since(period, now)
        touched = or_(
            Ticket.created_at >= since,
            Ticket.claimed_at >= since,
            Ticket.first_response_at >= since,
            Ticket.resolved_at >= since,
            Ticket.rated_at >= since,
        )
        async with self._sessions() as session:
            rows = (await session.execute(select(*_COLUMNS).where(touched))).all()
            open_now = await session.scalar(
                select(func.count()).select_from(Ticket).where(Ticket.status.in_(ACTIVE))
            )
            unclaimed_now = await session.scalar(
                select(func.count()).select_from(Ticket).where(Ticket.status == TicketStatus.OPEN)
            )
            counted = await session.execute(
                select(DeskTally.kind, func.sum(DeskTally.count))
                .where(DeskTally.day >= day_key(since))
                .group_by(DeskTally.kind)
            )
            tallies = dict.fromkeys(TALLY_KINDS, 0) | {k: int(n or 0) for k, n in counted}
            kb = await kb_log.figures(session, since)
        found = self._compute(period, since, now, rows, open_now or 0, unclaimed_now or 0, tallies)
        return replace(found, kb=kb)

    def _compute(
        self,
        period: Period,
        since: datetime,
        now: datetime,
        rows: Sequence[Row[Any]],
        open_now: int,
        unclaimed_now: int,
        tallies: dict[str, int],
    ) -> DeskFigures:
        def within(at: datetime | None) -> bool:
            return at is not None and at >= since

        created = [r for r in rows if within(r.created_at)]
        answered = [r for r in rows if within(r.first_response_at)]
        resolved = [r for r in rows if within(r.resolved_at)]
        rated = [r for r in rows if within(r.rated_at) and r.rating is not None]
        first = [(r.first_response_at - r.created_at).total_seconds() for r in answered]
        resolution = [(r.resolved_at - r.created_at).total_seconds() for r in resolved]
        ratings = [r.rating for r in rated]
        tags = Counter(str(t) for r in created for t in dict.fromkeys(r.tags or ()))
        return DeskFigures(
            period=period,
            since=since,
            until=now,
            sla_seconds=self._sla.total_seconds(),
            created=len(created),
            open_now=open_now,
            unclaimed_now=unclaimed_now,
            sla_breaches=sum(1 for r in created if self._breached(r, now)),
            first_response_median=median(first),
            first_response_p90=percentile(first, 0.9),
            first_responses=len(first),
            resolution_median=median(resolution),
            resolution_p90=percentile(resolution, 0.9),
            resolved=len(resolution),
            rating_average=statistics.fmean(ratings) if ratings else None,
            rated=len(ratings),
            rating_good_share=(
                sum(1 for r in ratings if r >= 4) / len(ratings) if ratings else None
            ),
            # Most used first; a tie goes alphabetically, so the list is stable.
            top_tags=tuple(
                TagCount(t, n)
                for t, n in sorted(tags.items(), key=lambda x: (-x[1], x[0]))[:TOP_TAGS]
            ),
            agents=_agents(rows, within),
            tallies=tallies,
        )

    def _breached(self, row: Row[Any], now: datetime) -> bool:
        """Waited longer than the SLA for its first claim: until claimed, or until now while
        still waiting, or (never claimed, and done) until it was resolved or closed. A
        ticket still new never reached the agents: their clock has not started."""
        if row.status == TicketStatus.NEW:
            return False
        end = row.claimed_at
        if end is None and row.status not in ACTIVE:
            end = min((t for t in (row.resolved_at, row.closed_at) if t is not None), default=None)
        return (end or now) - row.created_at > self._sla


def _agents(rows: Sequence[Row[Any]], within: Any) -> tuple[AgentFigures, ...]:
    """Per assignee: tickets claimed, resolved, first answered and rated in the period."""
    by_agent: dict[int, list[Row[Any]]] = {}
    for r in rows:
        if r.assignee_id is not None:
            by_agent.setdefault(r.assignee_id, []).append(r)
    found = []
    for agent_id, theirs in by_agent.items():
        first = [
            (r.first_response_at - r.created_at).total_seconds()
            for r in theirs
            if within(r.first_response_at)
        ]
        ratings = [r.rating for r in theirs if within(r.rated_at) and r.rating is not None]
        claimed = sum(1 for r in theirs if within(r.claimed_at))
        resolved = sum(1 for r in theirs if within(r.resolved_at))
        if not (claimed or resolved or first or ratings):
            continue  # their tickets only touched the period otherwise (created in it)
        found.append(
            AgentFigures(
                agent_id=agent_id,
                name=next((r.assignee_name for r in theirs if r.assignee_name), None),
                claimed=claimed,
                resolved=resolved,
                first_response_median=median(first),
                rating_average=statistics.fmean(ratings) if ratings else None,
                rated=len(ratings),
            )
        )
    found.sort(key=lambda a: (-a.claimed, -a.resolved, a.name or "", a.agent_id))
    return tuple(found)


def figures_json(figures: DeskFigures) -> dict[str, Any]:
    """The figures as JSON-ready data: times ISO-8601 UTC, durations in seconds."""
    data = asdict(figures)
    data["period"] = figures.period.value
    data["since"] = figures.since.astimezone(UTC).isoformat()
    data["until"] = figures.until.astimezone(UTC).isoformat()
    data["deflection"] = figures.deflection
    return data
