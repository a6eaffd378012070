"""/stats in the agents' group, on each runtime: the figures an agent reads are those of the
tickets in kefu's database (made for the test, with times taken back from kefu's clock)."""

from __future__ import annotations

from bot.storage.database import make_sessionmaker
from bot.telegram.double import BotApiDouble
from bot.telegram.double.driver import Group
from tests.scenario.desk_harness import AGENT, desk, double, kefu
from tests.scenario.harness import Running
from tests.storage.test_desk_stats import make_desk

__all__ = ["desk", "double", "kefu"]  # fixtures


async def test_stats_in_the_agents_group_shows_the_desks_figures(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    # The tickets of tests/storage/test_desk_stats.py, as of now; the last 7 days (a
    # rolling window, whatever the time of day) are worked out there.
    await make_desk(make_sessionmaker(kefu.kefu.engine), kefu.app.clock.now())
    agent = desk.member(AGENT)
    await agent.send_command("stats", "7")
    shown = await desk.wait_for(lambda m: m.text.startswith("📊 Last 7 days"), timeout=10)
    assert shown.text.splitlines() == [
        "📊 Last 7 days",
        "Tickets: 8 new · 5 open now · 2 waiting for an agent",
        "Over the first-response SLA (15 min): 2",
        "First response: median 8 min · p90 30 min (4 answered)",
        # 52,200 s; 45 days less an hour.
        "Resolution: median 14 h 30 min · p90 44 d 23 h (4 resolved)",
        "Satisfaction: 4.0 ★ (3 ratings, 67% gave 4-5)",
        "Top tags: #topup 3 · #refund 2 · #alipay 1 · #night 1",
        "Agents:",
        "• Ann: 2 claimed · 2 resolved · first response 8 min · 4.0 ★ (2)",
        "• Bo: 2 claimed · 2 resolved · first response 17 min · 4.0 ★ (1)",
        "Without a ticket: 9 spam held · 0 released · 1 floods merged",
        "Self-service (Last 7 days): questions answered 0, found nothing 0 · solved 0, not 0"
        " · 0% of problems settled without a person",
    ]

    await agent.send_command("stats")
    overview = await desk.wait_for(lambda m: m.text.startswith("📊 The desk now"), timeout=10)
    lines = overview.text.splitlines()
    assert lines[0] == (
        "📊 The desk now: 5 open, 2 waiting for an agent · first-response SLA 15 min"
    )
    assert lines[2] == (
        "Last 7 days: 8 new · 2 over SLA · first response 8 min · resolved in 14 h 30 min"
        " · 4.0 ★ (3 ratings, 67% gave 4-5)"
    )
    assert lines[3].startswith("Last 30 days: 9 new · 3 over SLA · first response 10 min")

    await agent.send_command("stats", "yesterday")
    await desk.wait_for(lambda m: m.text.startswith("/stats shows today"), timeout=10)
