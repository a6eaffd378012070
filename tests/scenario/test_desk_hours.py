"""Working hours, on each runtime: outside them a user who hands off hears when agents
are back, the ticket is filed all the same, only urgent tickets alert the agents on duty
at once, and the others remind the desk once it opens."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.support.clock import JumpClock
from bot.telegram.double import BotApiDouble
from bot.telegram.double.driver import Group
from tests.scenario.desk_harness import (
    AGENT,
    DESK,
    DESK_TUNING,
    TICKET_ID,
    clock,
    desk,
    double,
    in_topic,
    operator_content,
    topic_of,
)
from tests.scenario.harness import Running, running_kefu

__all__ = ["clock", "desk", "double"]  # fixtures


def closed_for_two_hours(folder: Path, now: datetime) -> datetime:
    """Operator content whose desk opens two hours from now, for one hour each day (UTC);
    when it opens next."""
    opens = (now + timedelta(hours=2)).replace(minute=0, second=0, microsecond=0)
    span = f"'{opens:%H}:00-{opens + timedelta(hours=1):%H}:00'"
    operator_content(folder, replace=(("    mon-sun: ['00:00-24:00']", f"    mon-sun: [{span}]"),))
    return opens


@pytest.fixture
async def kefu(
    double: BotApiDouble, desk: Group, tmp_path: Path, clock: JumpClock
) -> AsyncIterator[Running]:
    content = tmp_path / "content"
    closed_for_two_hours(content, clock.now())
    async with running_kefu(
        double,
        tmp_path,
        agent_chat_id=DESK,
        tuning=DESK_TUNING,
        clock=clock,
        content_dir=content,
    ) as running:
        yield running


async def test_after_hours_the_user_hears_when_agents_are_back(
    double: BotApiDouble, desk: Group, kefu: Running, clock: JumpClock
) -> None:
    opens = (clock.now() + timedelta(hours=2)).replace(minute=0, second=0, microsecond=0)
    user = double.driver.private_user(801, "Wei", language_code="en")
    await user.send_command("human")
    told = await user.next_message(timeout=10)
    (public_id,) = TICKET_ID.findall(told.text)
    assert f"Our agents are away now and back at {opens:%Y-%m-%d %H:%M} (UTC+00:00)" in told.text
    assert "You are number 1 in the queue and keep your place" in told.text
    thread = await topic_of(desk, public_id)
    await in_topic(desk, thread, 1)  # filed and at the desk all the same
    clock.jump(timedelta(minutes=30))
    await kefu.kefu.app.jobs.run_due()
    assert not [m for m in desk.messages(thread_id=thread) if m.text.startswith("⏰")]
    clock.jump(opens - clock.now() + timedelta(minutes=1))  # the desk opens
    await kefu.kefu.app.jobs.run_due()
    reminder = await desk.wait_for(lambda m: m.text.startswith("⏰"), thread_id=thread, timeout=10)
    assert public_id in reminder.text


async def test_after_hours_an_urgent_ticket_alerts_the_agents_on_duty_at_once(
    double: BotApiDouble, desk: Group, kefu: Running, clock: JumpClock
) -> None:
    await desk.member(AGENT).send_command("duty")
    await desk.wait_for(lambda m: "You are on duty now" in m.text, timeout=10)
    user = double.driver.private_user(802, "Li", language_code="en")
    await user.send_text("My account was hacked, I need a real person")
    told = await user.next_message(timeout=10)
    (public_id,) = TICKET_ID.findall(told.text)
    assert "back at" in told.text
    thread = await topic_of(desk, public_id)
    clock.jump(timedelta(minutes=1))  # the clock's next look, not the SLA's 15 minutes
    await kefu.kefu.app.jobs.run_due()
    alert = await desk.wait_for(lambda m: m.text.startswith("🌙"), thread_id=thread, timeout=10)
    assert f"Outside working hours: {public_id} needs someone now. Ann" in alert.text
    mention = [e for e in alert.stored.entities or [] if e["type"] == "text_mention"]
    assert [e["user"]["id"] for e in mention] == [AGENT]


def test_the_fixture_desk_is_closed_now(tmp_path: Path) -> None:
    from dialogs.content import load_content

    now = datetime.now(UTC)
    opens = closed_for_two_hours(tmp_path / "c", now)
    hours = load_content(tmp_path / "c").desk.working_hours
    assert not hours.is_open(now) and hours.is_open(opens)
