"""The driver: acting as users and agents, reading the bot, and failing clearly on timeouts."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from bot.telegram.double import BotApiDouble, DoubleTimeout
from tests.telegram.double.conftest import RawCall

KEYBOARD = {
    "inline_keyboard": [
        [{"text": "Yes", "callback_data": "y"}, {"text": "Docs", "url": "https://example.org"}]
    ]
}


async def test_next_message_reads_in_order_and_edits_show(
    api: RawCall, double: BotApiDouble
) -> None:
    user = double.driver.private_user(1, "A")
    for text in ("one", "two"):
        await api("sendMessage", chat_id=1, text=text)
    first = await user.next_message()
    second = await user.next_message()
    assert (first.text, second.text) == ("one", "two")
    await api(
        "editMessageText",
        chat_id=1,
        message_id=first.message_id,
        text="<b>1</b>",
        parse_mode="HTML",
    )
    assert (first.html, first.edited, [e.text for e in first.edits]) == ("<b>1</b>", True, ["one"])
    found = await user.wait_for(lambda m: m.html == "<b>1</b>")
    assert found.message_id == first.message_id
    assert [m.text for m in user.messages] == ["1", "two"]


async def test_waiting_is_woken_by_the_bot_not_by_sleeping(
    api: RawCall, double: BotApiDouble
) -> None:
    user = double.driver.private_user(1, "A")
    waiter = asyncio.create_task(user.next_message(timeout=5))
    await asyncio.sleep(0)
    assert not waiter.done()
    await api("sendMessage", chat_id=1, text="late")
    assert (await asyncio.wait_for(waiter, 5)).text == "late"


async def test_a_timeout_names_what_was_awaited_and_what_arrived(
    api: RawCall, double: BotApiDouble
) -> None:
    user = double.driver.private_user(1, "A")
    await api("sendMessage", chat_id=1, text="hello")
    await api("sendMessage", chat_id=1, text="<oops>", parse_mode="HTML")
    with pytest.raises(DoubleTimeout) as caught:
        await user.wait_for(lambda m: "bye" in m.text, timeout=0.05, what="a goodbye")
    message = str(caught.value)
    assert "a goodbye" in message and "chat 1 (A)" in message
    assert "'hello'" in message  # what did arrive
    assert "Unsupported start tag" in message  # and the bot's failed call to this chat
    assert isinstance(caught.value, AssertionError) and isinstance(caught.value, TimeoutError)


async def test_press_waits_for_the_button_and_forged_data_reaches_the_bot(
    api: RawCall, double: BotApiDouble
) -> None:
    user = double.driver.private_user(1, "A")
    pending = asyncio.create_task(user.press("Yes"))
    await asyncio.sleep(0)
    _, sent = await api("sendMessage", chat_id=1, text="sure?", reply_markup=KEYBOARD)
    press = await asyncio.wait_for(pending, 5)
    assert press.record.data == "y" and not press.answered
    with pytest.raises(DoubleTimeout, match=r"buttons shown: \[\(1, \[\['Yes', 'Docs'\]\]\)\]"):
        await user.press("No", timeout=0.05)
    forged = user.press_data(sent["result"]["message_id"], "admin:delete_all")
    _, body = await api("getUpdates")
    assert [u["callback_query"]["data"] for u in body["result"]] == ["y", "admin:delete_all"]
    with pytest.raises(DoubleTimeout, match="answer callback query"):
        await forged.answer(timeout=0.05)


async def test_forum_group_members_topics_and_per_topic_inboxes(
    api: RawCall, double: BotApiDouble
) -> None:
    group = double.driver.forum_group(-1009, "Agents")
    agent = group.member(2001, "Bob", username="bob")
    topic = await group.create_topic("Order 7", by=agent)
    reply = await agent.send_text("taking it", thread_id=topic.thread_id)
    _, body = await api("getUpdates")
    created, message = (u["message"] for u in body["result"])
    assert created["forum_topic_created"] == {"name": "Order 7", "icon_color": 0x6FB9F0}
    assert created["message_id"] == topic.thread_id
    assert (message["message_thread_id"], message["from"]["username"]) == (topic.thread_id, "bob")
    assert reply.thread_id == topic.thread_id
    await api("sendMessage", chat_id=-1009, text="general")
    await api("sendMessage", chat_id=-1009, text="in topic", message_thread_id=topic.thread_id)
    assert (await group.next_message(thread_id=topic.thread_id)).text == "in topic"
    assert (await group.next_message(thread_id=None)).text == "general"  # General topic
    assert [m.text for m in group.messages()] == ["general", "in topic"]
    assert group.topic("Order 7") is topic


async def test_request_log_waits_for_calls(api: RawCall, double: BotApiDouble) -> None:
    double.driver.private_user(1, "A")
    waiter = asyncio.create_task(double.log.wait_for("sendMessage", chat_id=1, count=2))
    await api("sendMessage", chat_id=1, text="a")
    await api("sendMessage", chat_id=1, text="b")
    calls = await asyncio.wait_for(waiter, 5)
    assert [c.params["text"] for c in calls] == ["a", "b"]
    with pytest.raises(DoubleTimeout, match="sendPhoto"):
        await double.log.wait_for("sendPhoto", timeout=0.05)


async def test_watch_shows_messages_as_they_appear_and_change(
    api: RawCall, double: BotApiDouble
) -> None:
    user = double.driver.private_user(1, "A")
    _, sent = await api("sendMessage", chat_id=1, text="draft", reply_markup=KEYBOARD)
    mid = sent["result"]["message_id"]
    shown: asyncio.Queue[str] = asyncio.Queue()

    async def window() -> None:
        async for view in user.watch():
            await shown.put(f"{view.text}{' (deleted)' if view.deleted else ''} {view.buttons}")

    watcher = asyncio.create_task(window())
    try:
        assert await asyncio.wait_for(shown.get(), 5) == "draft [['Yes', 'Docs']]"
        await api("editMessageText", chat_id=1, message_id=mid, text="final")
        assert await asyncio.wait_for(shown.get(), 5) == "final []"
        await api("deleteMessage", chat_id=1, message_id=mid)
        assert await asyncio.wait_for(shown.get(), 5) == "final (deleted) []"
    finally:
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watcher
