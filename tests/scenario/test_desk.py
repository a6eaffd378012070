"""The agents' desk end to end, on each runtime: a user's case handed to a person, a topic
per ticket with its card, and messages relayed both ways by copyMessage."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.storage.database import make_sessionmaker
from bot.storage.models import DeskTopic, MessageLink
from bot.telegram.double import BotApiDouble
from bot.telegram.double.driver import Group
from tests.scenario.desk_harness import (
    AGENT,
    TICKET_ID,
    desk,
    double,
    hand_off,
    in_topic,
    kefu,
    linked,
    topic_of,
)
from tests.scenario.harness import Running, eventually

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
    await eventually(lambda: linked(kefu, 2))  # the copies are known before the edits
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
    await eventually(lambda: linked(kefu, 3))
    await agent.edit(answer, "checking 1002")
    await user.wait_for(
        lambda m: m.message_id == got.message_id and m.text == "checking 1002", timeout=10
    )
    assert len(user.messages) == 2, "edited in place, not sent again"


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
    await desk.wait_for(lambda m: "could not be shown here" in m.text, thread_id=thread, timeout=10)
    asked = await user.wait_for(lambda m: "describe it in words" in m.text, timeout=10)
    assert asked
    await user.send_location(31.23, 121.47)
    copy = await desk.wait_for(lambda m: m.kind == "location", thread_id=thread, timeout=10)
    assert copy


async def test_a_reports_card_shows_its_fields_then_its_screenshots_as_an_album(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    user = double.driver.private_user(513, "Ann", language_code="en")

    async def press(label: str) -> None:
        await (await user.press(label)).answer(timeout=10)
        await user.next_message(timeout=10)

    await user.send_command("start")
    await user.next_message(timeout=10)
    await press("Top-up not received")
    for text in ("P20241123-0001",):
        await user.send_text(text)
        await user.next_message(timeout=10)
    await press("Alipay")
    for text in ("100.5", "10 minutes ago"):
        await user.send_text(text)
        await user.next_message(timeout=10)
    await user.send_album(3)
    await user.next_message(timeout=10)
    await press("Done")
    await (await user.press("Submit")).answer(timeout=10)
    filed = await user.wait_for(lambda m: "ticket" in m.text and bool(TICKET_ID.search(m.text)))
    (public_id,) = TICKET_ID.findall(filed.text)
    thread = await topic_of(desk, public_id)
    card, *album = await in_topic(desk, thread, 4)
    assert "P20241123-0001" in card.text and "Alipay" in card.text and "100.5" in card.text
    assert "3 attachments follow" in card.text and "language en" in card.text
    assert [m.kind for m in album] == ["photo"] * 3
    assert len({m.media_group_id for m in album}) == 1


async def test_a_hand_off_carries_what_the_user_said_before_that_nobody_read(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    user = double.driver.private_user(514, "Fei", language_code="en")
    await user.send_text("my top-up of 100 is missing")
    await user.send_photo("this receipt")
    await user.next_message(timeout=10)
    await user.next_message(timeout=10)  # "could not find an answer", twice
    await user.send_text("talk to a person")
    told = await user.next_message(timeout=10)
    (public_id,) = TICKET_ID.findall(told.text)
    thread = await topic_of(desk, public_id)
    _card, *said = await in_topic(desk, thread, 4)
    assert [m.text for m in said] == [
        "my top-up of 100 is missing",
        "this receipt",
        "talk to a person",
    ]
    await user.send_text("and one more thing")
    await desk.wait_for(lambda m: m.text == "and one more thing", thread_id=thread, timeout=10)
    texts = [m.text for m in desk.messages(thread_id=thread)]
    assert texts.count("my top-up of 100 is missing") == 1, "carried once, then forgotten"


async def test_talk_to_a_person_at_a_forms_step_takes_the_answers_so_far(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    user = double.driver.private_user(515, "Gu", language_code="en")
    await user.send_command("start")
    await user.next_message(timeout=10)
    await (await user.press("Top-up not received")).answer(timeout=10)
    await user.next_message(timeout=10)
    await user.send_text("P20241123-0007")
    step = await user.next_message(timeout=10)
    assert step.buttons[-1] == ["🙋 Talk to a person"]
    await (await user.press("🙋 Talk to a person")).answer(timeout=10)
    told = await user.next_message(timeout=10)
    (public_id,) = TICKET_ID.findall(told.text)
    thread = await topic_of(desk, public_id)
    (card,) = await in_topic(desk, thread, 1)
    assert "Top-up not received" in card.text and "P20241123-0007" in card.text
    assert "asked for a person" in card.text
