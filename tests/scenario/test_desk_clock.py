"""The desk's clock, on each runtime, with the wall clock moved forward: the SLA reminder
naming the agents on duty, the user reminded and their ticket resolved for want of an
answer, the rating and its comment, reopening and closing, the queue, and a restart."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.storage.models import Ticket
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
    hand_off,
    in_topic,
    topic_of,
)
from tests.scenario.harness import Running, eventually, running_kefu

__all__ = ["clock", "desk", "double"]  # fixtures


@pytest.fixture
async def kefu(
    double: BotApiDouble, desk: Group, tmp_path: Path, clock: JumpClock
) -> AsyncIterator[Running]:
    async with running_kefu(
        double, tmp_path, agent_chat_id=DESK, tuning=DESK_TUNING, clock=clock
    ) as running:
        yield running


async def ticket(kefu: Running, public_id: str) -> Ticket:
    found = await kefu.kefu.app.tickets.by_public_id(public_id)
    assert found is not None
    return found


async def tick(kefu: Running) -> None:
    """One pass of the durable job runner (the desk's clock is one of its jobs)."""
    await kefu.kefu.app.jobs.run_due()


async def test_an_unclaimed_ticket_reminds_the_agents_on_duty_once(
    double: BotApiDouble, desk: Group, kefu: Running, clock: JumpClock
) -> None:
    agent = desk.member(AGENT)
    await agent.send_command("duty")
    on = await desk.wait_for(lambda m: "You are on duty now" in m.text, timeout=10)
    assert "On duty: Ann" in on.text
    public_id, thread = await hand_off(double, desk, 701)
    assert (await ticket(kefu, public_id)).status == "open"
    clock.jump(timedelta(minutes=14))
    await tick(kefu)
    clock.jump(timedelta(minutes=2))  # 16 minutes: past the 15-minute SLA
    await tick(kefu)
    reminder = await desk.wait_for(lambda m: m.text.startswith("⏰"), thread_id=thread, timeout=10)
    assert f"{public_id} has waited 16 min without an agent. On duty: Ann" in reminder.text
    mention = [e for e in reminder.stored.entities or [] if e["type"] == "text_mention"]
    assert [e["user"]["id"] for e in mention] == [AGENT], "Telegram notifies the agent"
    clock.jump(timedelta(minutes=30))
    await tick(kefu)
    await agent.send_command("claim", thread_id=thread)
    await desk.wait_for(lambda m: "Claimed by Ann" in m.text, thread_id=thread, timeout=10)
    reminders = [m for m in desk.messages(thread_id=thread) if m.text.startswith("⏰")]
    assert len(reminders) == 1, "one reminder per wait"
    found = await ticket(kefu, public_id)
    assert found.status == "claimed" and found.claimed_at is not None
    await agent.send_command("duty")
    await desk.wait_for(lambda m: "You are off duty now" in m.text, timeout=10)


async def test_a_silent_user_is_reminded_then_resolved_and_rates_it(
    double: BotApiDouble, desk: Group, kefu: Running, clock: JumpClock
) -> None:
    public_id, thread = await hand_off(double, desk, 702)
    user = double.driver.private_user(702)
    agent = desk.member(AGENT)
    await agent.send_text("Which payment method did you use?", thread_id=thread)
    await user.wait_for(lambda m: m.text == "Which payment method did you use?", timeout=10)
    found = await reach(kefu, public_id, "waiting_user")
    assert found.assignee_id == AGENT, "an agent's answer takes the ticket"
    assert found.first_response_at is not None
    clock.jump(timedelta(hours=25))
    await tick(kefu)
    reminded = await user.wait_for(lambda m: "waiting for your answer" in m.text, timeout=10)
    assert public_id in reminded.text and "closed as solved on" in reminded.text
    clock.jump(timedelta(hours=48))
    await tick(kefu)
    told = await user.wait_for(lambda m: "We did not hear back" in m.text, timeout=10)
    assert told.buttons == [["1 ⭐", "2 ⭐", "3 ⭐", "4 ⭐", "5 ⭐"]]
    await desk.wait_for(lambda m: "resolved automatically" in m.text, thread_id=thread, timeout=10)
    assert (await ticket(kefu, public_id)).status == "resolved"
    await (await user.press("2 ⭐")).answer(timeout=10)
    await user.wait_for(lambda m: "2 of 5" in m.text, timeout=10)
    flagged = await desk.wait_for(lambda m: "Low rating" in m.text, thread_id=thread, timeout=10)
    assert f"{public_id}: 2/5" in flagged.text
    await user.send_text("Nobody answered my question properly")
    await user.wait_for(lambda m: "your comment" in m.text, timeout=10)
    commented = await desk.wait_for(
        lambda m: "Nobody answered my question properly" in m.text, thread_id=thread, timeout=10
    )
    assert "Low rating" in commented.text
    rated = await ticket(kefu, public_id)
    assert (rated.rating, rated.rating_comment) == (2, "Nobody answered my question properly")
    assert "low-rating" in rated.tags
    assert rated.status == "resolved", "a comment does not reopen the ticket"
    await (await user.press("5 ⭐")).answer(timeout=10)
    await user.wait_for(lambda m: "already rated" in m.text, timeout=10)
    assert (await ticket(kefu, public_id)).rating == 2


async def test_reopen_within_the_window_and_a_new_ticket_after_it_is_closed(
    double: BotApiDouble, desk: Group, kefu: Running, clock: JumpClock
) -> None:
    public_id, thread = await hand_off(double, desk, 703)
    user = double.driver.private_user(703)
    agent = desk.member(AGENT)
    await agent.send_command("claim", thread_id=thread)
    await agent.send_command("resolve", thread_id=thread)
    await user.wait_for(lambda m: "has been resolved" in m.text, timeout=10)
    clock.jump(timedelta(hours=70))
    await tick(kefu)
    await user.send_text("it happened again")
    await desk.wait_for(lambda m: m.text == "it happened again", thread_id=thread, timeout=10)
    reopened = await reach(kefu, public_id, "claimed")
    assert reopened.assignee_id == AGENT, "reopened with its agent"
    await agent.send_command("resolve", thread_id=thread)
    await reach(kefu, public_id, "resolved")
    clock.jump(timedelta(hours=73))
    await tick(kefu)
    await reach(kefu, public_id, "closed")
    assert await double.world.changed.wait_until(
        lambda: desk.topics[thread].name.startswith("✅ "), 10
    )
    before = user.messages[-1].message_id
    await user.send_command("human")
    told = await user.wait_for(
        lambda m: m.message_id > before and "A person will answer you here" in m.text, timeout=10
    )
    (second,) = TICKET_ID.findall(told.text)
    assert second != public_id, "a closed ticket stays closed: a new one is filed"
    assert await topic_of(desk, second) != thread


async def test_the_queue_tells_each_user_their_place(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    first, first_thread = await hand_off(double, desk, 704)
    user = double.driver.private_user(705, "Li", language_code="en")
    await user.send_command("human")
    told = await user.next_message(timeout=10)
    assert "You are number 2 in the queue" in told.text
    await user.send_command("queue")
    place = await user.next_message(timeout=10)
    assert "You are number 2 in the queue" in place.text
    await desk.member(AGENT).send_command("claim", thread_id=first_thread)
    await reach(kefu, first, "claimed")
    await user.send_command("queue")
    place = await user.next_message(timeout=10)
    assert "You are number 1 in the queue" in place.text
    (second,) = TICKET_ID.findall(told.text)
    thread = await topic_of(desk, second)
    await in_topic(desk, thread, 1)
    await desk.member(AGENT).send_command("claim", thread_id=thread)
    await reach(kefu, second, "claimed")
    await user.send_command("queue")
    taken = await user.next_message(timeout=10)
    assert "An agent is already on your ticket" in taken.text


async def test_the_clock_survives_a_restart(
    double: BotApiDouble, desk: Group, tmp_path: Path, clock: JumpClock
) -> None:
    async with running_kefu(double, tmp_path, agent_chat_id=DESK, tuning=DESK_TUNING, clock=clock):
        public_id, thread = await hand_off(double, desk, 706)
    clock.jump(timedelta(minutes=20))  # the SLA passed while kefu was down
    async with running_kefu(
        double, tmp_path, agent_chat_id=DESK, tuning=DESK_TUNING, clock=clock
    ) as again:
        await again.kefu.app.jobs.run_due()
        reminder = await desk.wait_for(
            lambda m: m.text.startswith("⏰"), thread_id=thread, timeout=10
        )
        assert "nobody is on duty" in reminder.text and public_id in reminder.text


async def reach(kefu: Running, public_id: str, status: str) -> Ticket:
    """The ticket once it is in ``status`` (kefu gets there on its own, with a deadline)."""
    found: list[Ticket] = []

    async def there() -> bool:
        found[:] = [await ticket(kefu, public_id)]
        return found[0].status == status

    await eventually(there)
    return found[0]


async def test_an_outage_is_one_digest_not_a_reminder_a_ticket(
    double: BotApiDouble, desk: Group, kefu: Running, clock: JumpClock
) -> None:
    made = [await hand_off(double, desk, user_id) for user_id in range(711, 717)]
    clock.jump(timedelta(minutes=16))
    await tick(kefu)
    digest = await desk.wait_for(
        lambda m: m.thread_id is None and m.text.startswith("⏰"), timeout=10
    )
    assert digest.text.startswith("⏰ 6 tickets wait without an agent past the SLA")
    assert all(public_id in digest.text for public_id, _ in made)
    assert "nobody is on duty" in digest.text
    for _, thread in made:
        assert not [m for m in desk.messages(thread_id=thread) if m.text.startswith("⏰")]
    clock.jump(timedelta(minutes=5))
    await tick(kefu)
    digests = [m for m in desk.messages() if m.text.startswith("⏰")]
    assert len(digests) == 1, "each ticket is in one digest per wait"
