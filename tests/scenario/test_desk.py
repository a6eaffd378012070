"""The agents' desk end to end, on each runtime: a user's case handed to a person, a topic
per ticket with its card, and messages relayed both ways by copyMessage."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy import func, select

from bot.storage.database import make_sessionmaker
from bot.storage.models import DeskTopic, MessageLink
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
    topic_of,
)
from tests.scenario.harness import Running, eventually, running_kefu

__all__ = ["desk", "double", "kefu"]  # fixtures


async def test_human_opens_one_topic_with_the_card_and_relays_both_ways(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    public_id, thread = await hand_off(double, desk)
    topic = desk.topics[thread]
    assert topic.name == f"{public_id} · Conversation · @wei_l"
    (card,) = await in_topic(desk, thread, 1)
    assert public_id in card.text and "asked for a person" in card.text
    assert "@wei_l" in card.text and "No earlier tickets" in card.text

    user = double.driver.private_user(501)
    exact = "<3 & <b>x</b> 你好"
    said = await user.send_text(exact)
    copy = (await in_topic(desk, thread, 2))[1]
    assert copy.text == exact, "relayed exactly as written"

    agent = desk.member(AGENT)
    await agent.send_text("Hi, <i>checking</i> & back soon", thread_id=thread)
    answer = await user.next_message(timeout=10)
    assert answer.text == "Hi, <i>checking</i> & back soon"
    assert answer.raw["from"]["is_bot"], "the agent stays anonymous: the bot sent it"

    reply = await agent.send_text("About this one", thread_id=thread, reply_to=copy.message_id)
    assert reply
    answered = await user.next_message(timeout=10)
    assert answered.reply_to == said.message_id, "a reply to the user's message stays a reply"

    sessions = make_sessionmaker(kefu.kefu.engine)

    async def linked() -> bool:  # each copy's link is written once Telegram has answered
        async with sessions() as session:
            topics = await session.scalar(select(func.count()).select_from(DeskTopic))
            links = await session.scalar(select(func.count()).select_from(MessageLink))
        return (topics, links) == (1, 3)

    await eventually(linked)


async def test_messages_in_the_same_second_make_one_topic(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    user = double.driver.private_user(502, "Li", language_code="zh-hans")
    await user.send_text("转人工")
    await user.send_text("我的充值没到账")
    await user.send_photo("截图")
    await user.send_sticker()
    told = await user.next_message(timeout=10)
    (public_id,) = TICKET_ID.findall(told.text)
    thread = await topic_of(desk, public_id)
    messages = await in_topic(desk, thread, 5)  # the card and the four messages
    assert [m.kind for m in messages[1:]] == ["text", "text", "photo", "sticker"]
    assert [m.text for m in messages[1:3]] == ["转人工", "我的充值没到账"]
    assert len(desk.topics) == 1


async def test_an_album_each_way_stays_one_album(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    _, thread = await hand_off(double, desk, 503)
    user = double.driver.private_user(503)
    await user.send_album(3, caption="three receipts")
    copies = (await in_topic(desk, thread, 4))[1:]
    assert {m.kind for m in copies} == {"photo"}
    assert len({m.media_group_id for m in copies}) == 1 and copies[0].media_group_id
    agent = desk.member(AGENT)
    await agent.send_album(2, thread_id=thread)
    got = [await user.next_message(timeout=10) for _ in range(2)]
    assert len({m.media_group_id for m in got}) == 1 and got[0].media_group_id


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


async def test_strangers_and_the_anonymous_admin_are_not_relayed(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    _, thread = await hand_off(double, desk, 505)
    user = double.driver.private_user(505)
    stranger = desk.member(7999, "Eve")
    desk.remove_member(stranger)
    await stranger.send_text("give me your password", thread_id=thread)
    await stranger.send_command("ban", thread_id=thread)
    anonymous = desk.anonymous_admin()
    await anonymous.send_text("hello from the group", thread_id=thread)
    told = await desk.wait_for(lambda m: "Remain anonymous" in m.text, thread_id=thread, timeout=10)
    assert told.reply_to is not None
    agent = desk.member(AGENT)
    await agent.send_text("the real answer", thread_id=thread)
    assert (await user.next_message(timeout=10)).text == "the real answer"
    assert [m.text for m in user.messages[1:]] == ["the real answer"], "nothing else came"


async def test_a_user_who_blocked_the_bot_is_reported_in_the_topic(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    _, thread = await hand_off(double, desk, 506)
    double.driver.private_user(506).block()
    await desk.member(AGENT).send_text("are you there?", thread_id=thread)
    told = await desk.wait_for(lambda m: "blocked the bot" in m.text, thread_id=thread, timeout=10)
    assert told.thread_id == thread


async def test_a_report_reaches_the_desk_with_its_card(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    user = double.driver.private_user(507, "Kai", language_code="en")
    await user.send_command("start")
    await user.next_message(timeout=10)
    await (await user.press("Something else")).answer(timeout=10)
    await user.next_message(timeout=10)
    await user.send_text("My balance shows zero")
    await user.next_message(timeout=10)
    await (await user.press("Skip")).answer(timeout=10)
    await user.next_message(timeout=10)
    await (await user.press("Submit")).answer(timeout=10)
    filed = await user.next_message(timeout=10)
    (public_id,) = TICKET_ID.findall(filed.text)
    thread = await topic_of(desk, public_id)
    (card,) = await in_topic(desk, thread, 1)
    assert "filed a report" in card.text and "My balance shows zero" in card.text


async def test_an_edit_each_way_follows_to_the_copy(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    _, thread = await hand_off(double, desk, 508)
    user = double.driver.private_user(508)
    said = await user.send_text("order 1001 is missing")
    copy = (await in_topic(desk, thread, 2))[1]
    photo = await user.send_photo("receipt")
    photo_copy = (await in_topic(desk, thread, 3))[2]
    await eventually(lambda: _linked(kefu, 2))  # the copies are known before the edits
    await user.edit(said, "order 1002 <b>is</b> missing")
    await user.edit(photo, "receipt & bank slip")
    await desk.wait_for(
        lambda m: m.message_id == copy.message_id and m.text == "order 1002 <b>is</b> missing",
        thread_id=thread,
        timeout=10,
    )
    await desk.wait_for(
        lambda m: m.message_id == photo_copy.message_id and m.caption == "receipt & bank slip",
        thread_id=thread,
        timeout=10,
    )

    agent = desk.member(AGENT)
    answer = await agent.send_text("checking 1001", thread_id=thread)
    got = await user.next_message(timeout=10)
    await eventually(lambda: _linked(kefu, 3))
    await agent.edit(answer, "checking 1002")
    await user.wait_for(
        lambda m: m.message_id == got.message_id and m.text == "checking 1002", timeout=10
    )
    assert len(user.messages) == 2, "edited in place, not sent again"


async def _linked(kefu: Running, count: int) -> bool:
    async with make_sessionmaker(kefu.kefu.engine)() as session:
        return await session.scalar(select(func.count()).select_from(MessageLink)) >= count


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
        await eventually(lambda: _linked(running, 1))
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


async def test_what_telegram_cannot_copy_is_told_never_silent(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    _, thread = await hand_off(double, desk, 512)
    user = double.driver.private_user(512)
    agent = desk.member(AGENT)
    await agent.send_poll("Which one?", ["A", "B"], quiz=True, thread_id=thread)
    told = await desk.wait_for(
        lambda m: "Not delivered to the user" in m.text, thread_id=thread, timeout=10
    )
    assert "can't be copied" in told.text
    await user.send_invoice("Gift card")
    await desk.wait_for(lambda m: "will not copy here" in m.text, thread_id=thread, timeout=10)
    asked = await user.wait_for(lambda m: "describe it in words" in m.text, timeout=10)
    assert asked
    await user.send_location(31.23, 121.47)
    copy = await desk.wait_for(lambda m: m.kind == "location", thread_id=thread, timeout=10)
    assert copy
