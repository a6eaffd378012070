"""The desk when things go wrong, on each runtime: kefu restarted, a topic deleted by hand,
the agents' group lost and back, and a group without topics (replies instead)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bot.telegram.double import BotApiDouble
from bot.telegram.double.driver import Group
from tests.scenario.desk_harness import (
    AGENT,
    DESK,
    DESK_TUNING,
    TICKET_ID,
    desk,
    double,
    hand_off,
    in_topic,
    kefu,
    linked,
    topic_of,
)
from tests.scenario.harness import Running, eventually, running_kefu

__all__ = ["desk", "double", "kefu"]  # fixtures


async def test_an_agents_reply_after_a_restart_reaches_the_user(
    double: BotApiDouble, desk: Group, tmp_path: Path
) -> None:
    async with running_kefu(double, tmp_path, agent_chat_id=DESK, tuning=DESK_TUNING):
        _, thread = await hand_off(double, desk, 504)
        await in_topic(desk, thread, 1)
    user = double.driver.private_user(504)
    async with running_kefu(double, tmp_path, agent_chat_id=DESK, tuning=DESK_TUNING):
        await desk.member(AGENT).send_text("Found it, refunded.", thread_id=thread)
        assert (await user.next_message(timeout=10)).text == "Found it, refunded."
        await user.send_text("Thanks!")
        copies = await in_topic(desk, thread, 2)
        assert copies[1].text == "Thanks!"


async def test_a_topic_deleted_by_hand_is_made_again_and_nothing_is_lost(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    public_id, thread = await hand_off(double, desk, 509)
    user = double.driver.private_user(509)
    await desk.delete_topic(thread)
    await user.send_text("hello? is anyone there")
    await user.send_text("second message")
    new = await double.world.changed.wait_until(
        lambda: next((t for t in desk.topics.values() if t.thread_id != thread), None), 10
    )
    assert new is not None and new.name.startswith(public_id)
    card, first, second = await in_topic(desk, new.thread_id, 3)
    assert public_id in card.text
    assert [first.text, second.text] == ["hello? is anyone there", "second message"]
    await desk.member(AGENT).send_text("here now", thread_id=new.thread_id)
    assert (await user.next_message(timeout=10)).text == "here now"
    assert len(desk.topics) == 1, "the old topic is gone, one topic per ticket"


async def test_a_group_without_topics_works_through_replies(
    double: BotApiDouble, tmp_path: Path
) -> None:
    plain = double.driver.supergroup(-1001000000666, "Plain desk")
    agent = plain.member(AGENT, "Ann")
    async with running_kefu(
        double, tmp_path, agent_chat_id=plain.id, tuning=DESK_TUNING
    ) as running:
        user = double.driver.private_user(510, "Bo", language_code="en")
        await user.send_command("human")
        told = await user.next_message(timeout=10)
        (public_id,) = TICKET_ID.findall(told.text)
        card = await plain.wait_for(lambda m: public_id in m.text, timeout=10)
        assert plain.topics == {} and card.buttons
        await user.send_text("my order is late")
        copy = await plain.wait_for(lambda m: m.text == "my order is late", timeout=10)
        assert copy.reply_to == card.message_id, "the ticket's chain hangs on its card"
        await eventually(lambda: linked(running, 1))
        await agent.send_text("on it", reply_to=copy.message_id)
        assert (await user.next_message(timeout=10)).text == "on it"
        await agent.send_text("group chatter, answering nothing")
        await agent.send_text("and via the card", reply_to=card.message_id)
        assert (await user.next_message(timeout=10)).text == "and via the card"
        assert [m.text for m in user.messages[1:]] == ["on it", "and via the card"]


async def test_a_lost_group_holds_the_desk_and_posts_everything_once_back(
    double: BotApiDouble, desk: Group, tmp_path: Path
) -> None:
    admin = double.driver.private_user(9001, "Boss", language_code="en")
    await admin.send_command("start")
    tuning = replace(DESK_TUNING, desk_probe_every=0.2, alert_every=3600.0)
    async with running_kefu(double, tmp_path, agent_chat_id=DESK, admin_ids=[9001], tuning=tuning):
        await admin.next_message(timeout=10)
        desk.kick_bot()
        user = double.driver.private_user(511, "Lu", language_code="en")
        await user.send_command("human")
        told = await user.next_message(timeout=10)
        (public_id,) = TICKET_ID.findall(told.text)
        await user.send_text("still waiting for my top-up")
        alert = await admin.wait_for(
            lambda m: "cannot post in the agents' group" in m.text, timeout=10
        )
        assert alert
        await user.send_text("hello??")
        desk.add_bot()
        back = await admin.wait_for(lambda m: "is back" in m.text, timeout=10)
        assert back
        thread = await topic_of(desk, public_id)
        card, first, second = await in_topic(desk, thread, 3)
        assert public_id in card.text
        assert [first.text, second.text] == ["still waiting for my top-up", "hello??"]
        alerts = [m for m in admin.messages if "cannot post" in m.text]
        assert len(alerts) == 1, "one alert for the outage, not one per message"


async def test_a_topic_telegram_refused_to_make_is_made_by_the_next_message(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    double.faults.add(
        method="createForumTopic",
        status=400,
        description="Bad Request: not enough rights to create a topic",
    )
    user = double.driver.private_user(531, "Ola", language_code="en")
    await user.send_command("human")
    told = await user.next_message(timeout=10)
    (public_id,) = TICKET_ID.findall(told.text)
    await double.log.wait_for("createForumTopic", status=400, timeout=10)
    await user.send_text("anyone there?")
    thread = await topic_of(desk, public_id)
    _card, said = await in_topic(desk, thread, 2)
    assert said.text == "anyone there?"
    assert len(desk.topics) == 1


async def test_a_long_outage_before_the_topic_is_made_loses_nothing(
    double: BotApiDouble, desk: Group, tmp_path: Path
) -> None:
    # Messages wait for the group however long it is lost: several times topic_wait.
    tuning = replace(DESK_TUNING, desk_probe_every=0.1, topic_wait=0.2)
    async with running_kefu(double, tmp_path, agent_chat_id=DESK, tuning=tuning):
        desk.kick_bot()
        user = double.driver.private_user(532, "Pia", language_code="en")
        await user.send_command("human")
        told = await user.next_message(timeout=10)
        (public_id,) = TICKET_ID.findall(told.text)
        for n in range(3):
            await user.send_text(f"waiting {n}")
        await double.log.wait_for("createForumTopic", status=403, timeout=10)
        await double.log.wait_for("getChat", status=403, count=15, timeout=10)  # 7x topic_wait
        desk.add_bot()
        thread = await topic_of(desk, public_id)
        _card, *said = await in_topic(desk, thread, 4)
        assert [m.text for m in said] == ["waiting 0", "waiting 1", "waiting 2"]
