"""Several agents' groups, on each runtime: a ticket routed to the group of its user's
language, each group's agents answering their own tickets; and `kefu desk move`: new
tickets go to the new group at once, an open ticket's topic is made there when it next has
a message, and the agents answer from there."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage.database import make_sessionmaker
from bot.storage.desk_settings import add_move
from bot.telegram.double import BotApiDouble
from bot.telegram.double.driver import Group
from tests.scenario.desk_harness import (
    AGENT,
    DESK,
    DESK_TUNING,
    desk,
    double,
    hand_off,
    in_topic,
    operator_content,
    topic_of,
)
from tests.scenario.harness import Running, running_kefu

__all__ = ["desk", "double"]  # fixtures

CHINESE_DESK = -1001000000666
NEW_DESK = -1001000000888


def with_groups(folder: Path) -> Path:
    """The shipped content, with a second group for Simplified Chinese speakers."""
    groups = f"groups:\n  - chat_id: {CHINESE_DESK}\n    languages: [zh-Hans]\n"
    return operator_content(folder, append=groups)


@pytest.fixture
async def kefu(double: BotApiDouble, desk: Group, tmp_path: Path) -> AsyncIterator[Running]:
    chinese = double.driver.forum_group(CHINESE_DESK, "客服组")
    chinese.member(AGENT, "Ann")
    new = double.driver.forum_group(NEW_DESK, "Support desk 2")
    new.member(AGENT, "Ann")
    content = with_groups(tmp_path / "content")
    async with running_kefu(
        double, tmp_path, agent_chat_id=DESK, tuning=DESK_TUNING, content_dir=content
    ) as running:
        yield running


async def test_a_ticket_goes_to_the_group_of_its_users_language(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    chinese = double.driver.forum_group(CHINESE_DESK)
    user = double.driver.private_user(901, "Wei", language_code="zh-hans")
    await user.send_command("human")
    told = await user.next_message(timeout=10)
    assert "工单" in told.text
    (topic,) = await double.world.changed.wait_until(lambda: list(chinese.topics.values()), 10)
    assert not desk.topics, "nothing in the default group"
    await in_topic(chinese, topic.thread_id, 1)
    await user.send_text("充值没到账")
    await chinese.wait_for(lambda m: m.text == "充值没到账", thread_id=topic.thread_id, timeout=10)
    await chinese.member(AGENT).send_text("我们查一下", thread_id=topic.thread_id)
    await user.wait_for(lambda m: m.text == "我们查一下", timeout=10)
    # An English speaker's ticket stays in the default group.
    public_id, thread = await hand_off(double, desk, 902)
    assert desk.topics[thread].name.startswith(public_id)


async def test_a_moved_desk_takes_new_tickets_and_open_ones_when_they_next_speak(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    new = double.driver.forum_group(NEW_DESK)
    public_id, old_thread = await hand_off(double, desk, 903)
    async with make_sessionmaker(kefu.kefu.engine).begin() as session:
        await add_move(session, DESK, NEW_DESK, kefu.kefu.app.clock.now())
    user = double.driver.private_user(903)
    await user.send_text("any news?")
    thread = await topic_of(new, public_id)
    card, copy = await in_topic(new, thread, 2)
    assert card.text.startswith(f"🎫 {public_id}") and copy.text == "any news?"
    assert "any news?" not in [m.text for m in desk.messages(thread_id=old_thread)]
    await new.member(AGENT).send_text("It arrived just now.", thread_id=thread)
    await user.wait_for(lambda m: m.text == "It arrived just now.", timeout=10)
    # A new ticket goes to the new group from the start.
    second = double.driver.private_user(904, "Li", language_code="en")
    await second.send_command("human")
    await second.next_message(timeout=10)
    assert await double.world.changed.wait_until(lambda: len(new.topics) == 2, 10)
    assert len(desk.topics) == 1


async def test_another_groups_member_cannot_act_on_a_ticket_by_forged_data(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    public_id, thread = await hand_off(double, desk, 905)  # in the default group
    chinese = double.driver.forum_group(CHINESE_DESK)
    outsider = chinese.member(7555, "Mallory")  # an agent of the other group only
    (card,) = await in_topic(desk, thread, 1)
    await chinese.member(AGENT).send_command("help")  # something of theirs to press on
    help_message = await chinese.wait_for(lambda m: "/claim" in m.text, timeout=10)
    press = outsider.press_data(help_message.message_id, "d:r:" + public_id)
    answer = await press.answer(timeout=10)
    assert answer["text"] == "That button is no longer active; nothing was changed."
    found = await kefu.kefu.app.tickets.by_public_id(public_id)
    assert found is not None and found.status == "open"
    assert card.text.startswith(f"🎫 {public_id}")
