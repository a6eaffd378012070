"""Spam bots kept out of the queue, on each runtime: a first contact with spam words lands
in the agents' one spam topic (no ticket, no topic of its own), an agent releases it into a
ticket carrying what it sent, a stranger cannot; ordinary first contacts pass; with the
first-contact check on, a user presses before anything reaches the desk."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.storage.database import make_sessionmaker
from bot.storage.models import DeskSetting, DeskTally, Ticket, User
from bot.telegram.double import BotApiDouble
from bot.telegram.double.driver import Group
from tests.scenario.desk_harness import (
    AGENT,
    DESK,
    DESK_TUNING,
    TICKET_ID,
    desk,
    double,
    in_topic,
    kefu,
    topic_of,
)
from tests.scenario.harness import Running, eventually, running_kefu

__all__ = ["desk", "double", "kefu"]  # fixtures

SPAM_TOPIC = "🚫 Spam"


async def spam_thread(desk: Group) -> int:
    """The spam topic's thread, once kefu has made it."""
    found = await desk.double.world.changed.wait_until(
        lambda: next((t for t in desk.topics.values() if t.name == SPAM_TOPIC), None), 10
    )
    assert found is not None, [t.name for t in desk.topics.values()]
    return found.thread_id


async def scalar(kefu: Running, statement: object) -> object:
    async with make_sessionmaker(kefu.kefu.engine)() as session:
        return await session.scalar(statement)  # type: ignore[call-overload]


async def tallies(kefu: Running) -> dict[str, int]:
    async with make_sessionmaker(kefu.kefu.engine)() as session:
        rows = await session.execute(
            select(DeskTally.kind, func.sum(DeskTally.count)).group_by(DeskTally.kind)
        )
        return {kind: int(n) for kind, n in rows}


async def test_spam_is_held_in_the_spam_topic_and_an_agent_releases_it_into_a_ticket(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    user = double.driver.private_user(801, "Promo", username="promo_bot", language_code="en")
    await user.send_text("加 微 信，私聊 领福利")
    received = await user.next_message(timeout=10)
    assert received.text == "Thank you, your message has been received."
    thread = await spam_thread(desk)
    header, copy = await in_topic(desk, thread, 2)
    assert "801" in header.text and "加微信" in header.text and "@promo_bot" in header.text
    assert header.buttons == [["✅ Release"]]
    assert copy.text == "加 微 信，私聊 领福利"

    await user.send_text("USDT high price, DM me")
    await desk.wait_for(lambda m: m.text == "USDT high price, DM me", thread_id=thread, timeout=10)
    assert len(desk.topics) == 1, "no topic of its own: only the spam topic"
    assert await scalar(kefu, select(func.count()).select_from(Ticket)) == 0
    assert [m.text for m in user.messages if m.by_bot] == [received.text], "told once"
    assert await scalar(kefu, select(DeskSetting.value)) == {"thread": thread}

    stranger = desk.member(7998, "Mallory")
    desk.remove_member(stranger)
    refused = await stranger.press_data(header.message_id, "sp:801").answer(timeout=10)
    assert refused["text"] == "Only members of the agents' group can do this."
    assert await scalar(kefu, select(User.screening).where(User.id == 801)) == "held"

    agent = desk.member(AGENT)
    released = await agent.press_data(header.message_id, "sp:801").answer(timeout=10)
    assert released["text"] == "Released: a ticket is open."
    told = await user.wait_for(lambda m: "A person will answer you here" in m.text, timeout=10)
    (public_id,) = TICKET_ID.findall(told.text)
    ticket_thread = await topic_of(desk, public_id)
    card, first, second = await in_topic(desk, ticket_thread, 3)
    assert "released from the spam topic" in card.text
    assert (first.text, second.text) == ("加 微 信，私聊 领福利", "USDT high price, DM me")
    await desk.wait_for(
        lambda m: m.text == f"✅ Released by Ann: now ticket {public_id}.", thread_id=thread,
        timeout=10,
    )  # fmt: skip
    again = await agent.press_data(header.message_id, "sp:801").answer(timeout=10)
    assert again["text"] == "This user is not held any more; nothing was changed."

    await user.send_text("so, my top-up?")  # a person now: straight to their ticket
    await desk.wait_for(lambda m: m.text == "so, my top-up?", thread_id=ticket_thread, timeout=10)
    assert await scalar(kefu, select(func.count()).select_from(Ticket)) == 1
    assert await tallies(kefu) == {"spam_held": 1, "spam_released": 1}


async def test_an_ordinary_first_contact_is_not_held(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    user = double.driver.private_user(802, "Wei", language_code="zh-CN")
    await user.send_text("我充值了没到账")
    hint = await user.next_message(timeout=10)
    assert "received" not in hint.text and hint.buttons, "the usual hint and the menu"
    await eventually(
        lambda: _is(scalar(kefu, select(User.screening).where(User.id == 802)), "clear")
    )
    await user.send_command("human")
    told = await user.wait_for(lambda m: TICKET_ID.search(m.text) is not None, timeout=10)
    (public_id,) = TICKET_ID.findall(told.text)
    thread = await topic_of(desk, public_id)
    await desk.wait_for(lambda m: m.text == "我充值了没到账", thread_id=thread, timeout=10)
    assert [t.name for t in desk.topics.values() if t.name == SPAM_TOPIC] == []
    assert await tallies(kefu) == {}


@pytest.fixture
async def checking(double: BotApiDouble, desk: Group, tmp_path: Path) -> AsyncIterator[Running]:
    async with running_kefu(
        double, tmp_path, agent_chat_id=DESK, tuning=DESK_TUNING, first_contact_check=True
    ) as running:
        yield running


async def test_with_the_check_on_a_user_presses_before_reaching_the_desk(
    double: BotApiDouble, desk: Group, checking: Running
) -> None:
    user = double.driver.private_user(803, "Lin", language_code="en")
    await user.send_command("start")
    asked = await user.next_message(timeout=10)
    assert asked.text == "Welcome! Please press the button below to continue."
    await user.send_text("my top-up of 100 CNY has not arrived")
    second = await user.wait_for(
        lambda m: m.message_id > asked.message_id and m.text == asked.text, timeout=10
    )
    await user.send_command("human")
    third = await user.wait_for(lambda m: m.message_id > second.message_id and m.by_bot, timeout=10)
    assert third.text == asked.text and third.buttons == [["✅ Continue"]]
    assert await scalar(checking, select(func.count()).select_from(Ticket)) == 0
    assert not desk.topics, "nothing reached the desk before the press"

    await (await user.press("✅ Continue")).answer(timeout=10)
    shown = await user.wait_for(lambda m: m.text == "Thank you! How can we help you?", timeout=10)
    assert ["🙋 Talk to a person"] in shown.buttons
    await user.send_command("human")
    told = await user.wait_for(lambda m: TICKET_ID.search(m.text) is not None, timeout=10)
    (public_id,) = TICKET_ID.findall(told.text)
    thread = await topic_of(desk, public_id)
    await desk.wait_for(
        lambda m: m.text == "my top-up of 100 CNY has not arrived", thread_id=thread, timeout=10
    )  # what they said before pressing went along
    assert await tallies(checking) == {"check_asked": 1, "check_passed": 1}


async def _is(value: object, expected: object) -> bool:
    return await value == expected  # type: ignore[misc]


async def test_a_group_without_topics_gets_the_spam_in_itself(
    double: BotApiDouble, tmp_path: Path
) -> None:
    plain = double.driver.supergroup(-1001000000667, "Plain desk")
    agent = plain.member(AGENT, "Ann")
    async with running_kefu(double, tmp_path, agent_chat_id=plain.id, tuning=DESK_TUNING):
        user = double.driver.private_user(804, "Promo", language_code="en")
        await user.send_text("free crypto airdrop, join now")
        await user.next_message(timeout=10)
        header = await plain.wait_for(lambda m: "✅ Release" in str(m.buttons), timeout=10)
        await plain.wait_for(lambda m: m.text == "free crypto airdrop, join now", timeout=10)
        assert plain.topics == {} and header.thread_id is None
        released = await agent.press_data(header.message_id, "sp:804").answer(timeout=10)
        assert released["text"] == "Released: a ticket is open."
        told = await user.wait_for(lambda m: TICKET_ID.search(m.text) is not None, timeout=10)
        (public_id,) = TICKET_ID.findall(told.text)
        card = await plain.wait_for(lambda m: public_id in m.text and m.buttons, timeout=10)
        await plain.wait_for(
            lambda m: m.text == "free crypto airdrop, join now" and m.reply_to == card.message_id,
            timeout=10,
        )  # carried into the ticket's chain
