"""The desk's numbers on SQLite and on PostgreSQL: tickets made for the test with chosen
times, every figure checked against values worked out by hand (in the comments)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.storage.database import make_sessionmaker
from bot.storage.desk_stats import DeskStats, figures_json, median, percentile, tally
from bot.storage.models import DeskTally, Ticket, User
from bot.support.clock import ManualClock
from dialogs.ports.stats import AgentFigures, DeskFigures, Period, TagCount

# 12:00 in Shanghai: "today" there began at 2026-11-29 16:00 UTC, 12 hours ago.
NOW = datetime(2026, 11, 30, 4, 0, tzinfo=UTC)
TZ = ZoneInfo("Asia/Shanghai")
SLA = timedelta(minutes=15)
ANN, BO = 9001, 9002
M, H, D = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)


def ticket(n: int, ago: timedelta, status: str, now: datetime = NOW, **times: Any) -> Ticket:
    """Ticket K-<n>, created ``ago`` before ``now``; ``times`` are offsets from its creation
    (claimed, first_response, resolved, closed, rated), the rest columns as they are."""
    created = now - ago
    columns: dict[str, Any] = {}
    for name in ("claimed", "first_response", "resolved", "closed", "rated"):
        if name in times:
            columns[f"{name}_at"] = created + times.pop(name)
    return Ticket(
        public_id=f"K-{n:05d}",
        user_id=100 + n,
        category="topup",
        status=status,
        created_at=created,
        updated_at=created,
        status_at=created,
        **columns,
        **times,
    )


def desk_tickets(now: datetime = NOW) -> list[Ticket]:
    """Fresh rows each time (a row added once belongs to that session). Each ticket's place
    in the three periods is worked out in the tests below."""
    make = partial(ticket, now=now)
    return [
        make(1, 2 * H, "resolved", claimed=5 * M, first_response=6 * M, resolved=60 * M,
               rated=70 * M, rating=5, rating_comment="fast", assignee_id=ANN,
               assignee_name="Ann", tags=["topup", "alipay"], order_number="A100"),
        make(2, 3 * H, "waiting_user", claimed=20 * M, first_response=30 * M, assignee_id=BO,
               assignee_name="Bo", tags=["topup"]),
        make(3, 30 * M, "open", tags=["refund"]),  # unclaimed 30 min: over the SLA
        make(4, 10 * M, "open"),  # unclaimed 10 min: within it
        make(5, 13 * H, "resolved", claimed=10 * M, first_response=10 * M, resolved=5 * H,
               rated=6 * H, rating=3, assignee_id=ANN, assignee_name="Ann",
               tags=["topup", "night"]),
        make(6, 3 * D, "closed", claimed=2 * M, first_response=4 * M, resolved=D,
               closed=2 * D, rated=D + H, rating=4, assignee_id=BO, assignee_name="Bo",
               tags=["refund"]),
        make(7, 10 * D, "resolved", claimed=40 * M, first_response=45 * M, resolved=2 * H,
               rated=3 * H, rating=1, assignee_id=ANN, assignee_name="Ann", tags=["topup"]),
        # Touches no period (all 40 days ago), but is open now.
        make(8, 40 * D, "claimed", claimed=M, first_response=M, assignee_id=ANN,
               assignee_name="Ann"),
        make(9, H, "closed", closed=5 * M),  # closed by its user, never claimed: no breach
        make(10, 2 * D, "new"),  # never reached the agents: no SLA, but open
        # Filed 45 days ago, resolved an hour ago: a resolution of today.
        make(11, 45 * D, "resolved", claimed=M, resolved=45 * D - H, assignee_id=BO,
               assignee_name="Bo"),
    ]  # fmt: skip


async def make_desk(sessions: async_sessionmaker[AsyncSession], now: datetime = NOW) -> None:
    """The tickets above, their users, and the tallies of a few days (UTC days before
    ``now``: 0 is 2026-11-30 for NOW)."""
    async with sessions.begin() as session:
        tickets = desk_tickets(now)
        for t in tickets:
            session.add(User(id=t.user_id, language="en", first_seen=now, last_seen=now))
        await session.flush()
        session.add_all(tickets)
        for days_before, kind, n in [
            (0, "spam_held", 2),
            (0, "spam_held", 1),  # added to the day's count: 3
            (1, "spam_held", 2),
            (5, "spam_held", 4),
            (29, "spam_held", 7),
            (41, "spam_held", 100),  # before the 30 days
            (0, "flood_merged", 1),
            (20, "check_asked", 2),
        ]:
            await tally(session, kind, (now - days_before * D).date(), n)


async def figures_of(engine: AsyncEngine, period: Period) -> DeskFigures:
    stats = DeskStats(make_sessionmaker(engine), ManualClock(NOW), TZ, SLA)
    return await stats.figures(period)


async def test_today_in_the_operators_zone(engine: AsyncEngine) -> None:
    await make_desk(make_sessionmaker(engine))
    f = await figures_of(engine, Period.TODAY)
    assert f.since == datetime(2026, 11, 29, 16, 0, tzinfo=UTC) and f.until == NOW
    assert f.created == 5  # 1, 2, 3, 4, 9 (5 was filed 13 h ago: yesterday in Shanghai)
    assert (f.open_now, f.unclaimed_now) == (5, 2)  # 2, 3, 4, 8, 10; open: 3, 4
    assert f.sla_breaches == 2  # 2 (claimed after 20 min), 3 (waiting 30 min)
    # First responses today: 1 (6 min), 2 (30 min).
    assert (f.first_response_median, f.first_response_p90, f.first_responses) == (1080, 1800, 2)
    # Resolved today: 1 (1 h), 5 (5 h), 11 (45 d less 1 h).
    assert (f.resolution_median, f.resolution_p90, f.resolved) == (18000, 45 * 86400 - 3600, 3)
    # Rated today: 1 (5), 5 (3).
    assert (f.rating_average, f.rated, f.rating_good_share) == (4.0, 2, 0.5)
    assert f.top_tags == (TagCount("topup", 2), TagCount("alipay", 1), TagCount("refund", 1))
    assert f.agents == (
        AgentFigures(ANN, "Ann", claimed=1, resolved=2, first_response_median=360,
                     rating_average=4.0, rated=2),
        AgentFigures(BO, "Bo", claimed=1, resolved=1, first_response_median=1800,
                     rating_average=None, rated=0),
    )  # fmt: skip
    # Every UTC day the period touches: 11-29 and 11-30.
    assert f.tallies == {
        "spam_held": 5,
        "spam_released": 0,
        "flood_merged": 1,
        "check_asked": 0,
        "check_passed": 0,
    }
    assert f.sla_seconds == 900


async def test_last_7_days(engine: AsyncEngine) -> None:
    await make_desk(make_sessionmaker(engine))
    f = await figures_of(engine, Period.WEEK)
    assert f.since == NOW - 7 * D
    assert f.created == 8  # 1-6, 9, 10
    assert f.sla_breaches == 2  # still 2 and 3: 5 and 6 were claimed in time, 10 is new
    # 6: 4 min, 1: 6 min, 5: 10 min, 2: 30 min.
    assert (f.first_response_median, f.first_response_p90, f.first_responses) == (480, 1800, 4)
    # 1: 1 h, 5: 5 h, 6: 1 d, 11: 45 d less 1 h.
    assert (f.resolution_median, f.resolution_p90) == (52200, 45 * 86400 - 3600)
    assert (f.rating_average, f.rated) == (4.0, 3)  # 5, 3, 4
    assert f.rating_good_share == 2 / 3
    assert f.top_tags == (
        TagCount("topup", 3), TagCount("refund", 2), TagCount("alipay", 1), TagCount("night", 1)
    )  # fmt: skip
    assert f.agents == (
        AgentFigures(ANN, "Ann", claimed=2, resolved=2, first_response_median=480,
                     rating_average=4.0, rated=2),
        AgentFigures(BO, "Bo", claimed=2, resolved=2, first_response_median=1020,
                     rating_average=4.0, rated=1),
    )  # fmt: skip
    assert f.tallies["spam_held"] == 9 and f.tallies["flood_merged"] == 1


async def test_last_30_days(engine: AsyncEngine) -> None:
    await make_desk(make_sessionmaker(engine))
    f = await figures_of(engine, Period.MONTH)
    assert f.created == 9  # and 7, 10 days ago
    assert f.sla_breaches == 3  # and 7, claimed after 40 min
    # 4 min, 6 min, 10 min, 30 min, 45 min.
    assert (f.first_response_median, f.first_response_p90, f.first_responses) == (600, 2700, 5)
    # 1 h, 2 h, 5 h, 1 d, 45 d less 1 h.
    assert (f.resolution_median, f.resolution_p90, f.resolved) == (18000, 45 * 86400 - 3600, 5)
    assert (f.rating_average, f.rated, f.rating_good_share) == (3.25, 4, 0.5)  # 5, 3, 4, 1
    assert f.top_tags[0] == TagCount("topup", 4)
    agents = [
        (a.name, a.claimed, a.resolved, a.first_response_median, a.rating_average, a.rated)
        for a in f.agents
    ]
    assert agents == [("Ann", 3, 3, 600, 3.0, 3), ("Bo", 2, 2, 1020, 4.0, 1)]
    assert f.tallies == {
        "spam_held": 16,
        "spam_released": 0,
        "flood_merged": 1,
        "check_asked": 2,
        "check_passed": 0,
    }
    assert json.loads(json.dumps(figures_json(f)))["period"] == "30d"


async def test_an_empty_desk_measures_nothing(engine: AsyncEngine) -> None:
    f = await figures_of(engine, Period.TODAY)
    assert (f.created, f.open_now, f.unclaimed_now, f.sla_breaches) == (0, 0, 0, 0)
    assert f.first_response_median is None and f.resolution_p90 is None
    assert f.rating_average is None and f.rating_good_share is None
    assert f.top_tags == () and f.agents == ()
    assert set(f.tallies.values()) == {0}
    data = figures_json(f)
    assert data["since"] == "2026-11-29T16:00:00+00:00" and json.dumps(data)


async def test_tally_adds_up_in_the_callers_transaction(engine: AsyncEngine) -> None:
    sessions = make_sessionmaker(engine)
    async with sessions.begin() as session:
        await tally(session, "spam_held", NOW)  # a datetime counts on its UTC day
        await tally(session, "spam_held", datetime(2026, 11, 30, 7, 0, tzinfo=TZ), 4)
    async with sessions.begin() as session:
        await tally(session, "spam_held", "2026-11-30", 2)
    async with sessions() as session:
        rows = (await session.execute(select(DeskTally.day, DeskTally.kind, DeskTally.count))).all()
    # 07:00 in Shanghai is 23:00 UTC the day before.
    assert sorted(map(tuple, rows)) == [
        ("2026-11-29", "spam_held", 4),
        ("2026-11-30", "spam_held", 3),
    ]


def test_percentiles_by_nearest_rank() -> None:
    assert percentile([], 0.9) is None and median([]) is None
    assert percentile([5.0], 0.9) == 5.0
    ten = [float(x) for x in range(10, 0, -1)]
    assert percentile(ten, 0.9) == 9.0 and percentile(ten, 0.5) == 5.0
    assert median([1.0, 2.0, 10.0, 11.0]) == 6.0
