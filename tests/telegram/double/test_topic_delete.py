"""deleteForumTopic and a topic deleted by hand: the thread and its messages are gone."""

from __future__ import annotations

import aiogram
import pytest
import telegram
from aiogram.exceptions import TelegramBadRequest
from telegram.error import BadRequest

from bot.telegram.double import BotApiDouble
from tests.telegram.double.conftest import RawCall

GONE = "Bad Request: message thread not found"


async def _assert_thread_gone(api: RawCall, chat_id: int, thread: int, message_id: int) -> None:
    """Every way of using a deleted topic fails as Telegram answers it."""
    double_user = 1  # a private chat whose message 1 exists
    checks = [
        ("sendMessage", {"chat_id": chat_id, "message_thread_id": thread, "text": "x"}, GONE),
        (
            "copyMessage",
            {"chat_id": chat_id, "from_chat_id": double_user, "message_id": 1},
            None,
        ),
        ("editForumTopic", {"chat_id": chat_id, "message_thread_id": thread, "name": "y"}, GONE),
        ("closeForumTopic", {"chat_id": chat_id, "message_thread_id": thread}, GONE),
        ("deleteForumTopic", {"chat_id": chat_id, "message_thread_id": thread}, GONE),
        (
            "copyMessage",
            {"chat_id": double_user, "from_chat_id": chat_id, "message_id": message_id},
            "Bad Request: message to copy not found",
        ),
        (
            "editMessageText",
            {"chat_id": chat_id, "message_id": message_id, "text": "z"},
            "Bad Request: message to edit not found",
        ),
        (
            "deleteMessage",
            {"chat_id": chat_id, "message_id": message_id},
            "Bad Request: message to delete not found",
        ),
    ]
    for method, params, description in checks:
        if description is None:  # a copy *into* the deleted thread
            params["message_thread_id"] = thread
            description = GONE
        status, body = await api(method, **params)
        assert (status, body.get("description")) == (400, description), method


async def test_the_bot_deletes_a_topic(api: RawCall, double: BotApiDouble) -> None:
    user = double.driver.private_user(1, "A")
    await user.send_text("source")
    desk = double.driver.forum_group(-100, "Desk")
    _, body = await api("createForumTopic", chat_id=-100, name="Ticket 1")
    thread = body["result"]["message_thread_id"]
    _, body = await api("sendMessage", chat_id=-100, message_thread_id=thread, text="note")
    note = body["result"]["message_id"]
    status, body = await api("deleteForumTopic", chat_id=-100, message_thread_id=thread)
    assert (status, body["result"]) == (200, True)
    assert thread not in desk.topics
    assert desk.messages(thread_id=thread)[0].deleted
    await _assert_thread_gone(api, -100, thread, note)
    with pytest.raises(ValueError, match="deleted or never made"):
        await desk.member(2001, "Bob").send_text("hi", thread_id=thread)
    status, body = await api("deleteForumTopic", chat_id=1, message_thread_id=thread)
    assert body["description"] == "Bad Request: the chat is not a forum"


async def test_a_topic_deleted_by_hand_tells_the_bot_nothing(
    api: RawCall, double: BotApiDouble
) -> None:
    await double.driver.private_user(1, "A").send_text("source")
    desk = double.driver.forum_group(-100, "Desk")
    agent = desk.member(2001, "Bob")
    topic = await desk.create_topic("Ticket 2", by=agent)
    theirs = await agent.send_text("customer said", thread_id=topic.thread_id)
    before = len(double.updates.history)
    await desk.delete_topic(topic.thread_id, by=agent)
    assert len(double.updates.history) == before  # Telegram sends no update for this
    assert theirs.deleted
    await _assert_thread_gone(api, -100, topic.thread_id, theirs.message_id)
    with pytest.raises(ValueError, match="no topic"):
        await desk.delete_topic(topic.thread_id)


async def test_delete_forum_topic_through_both_libraries(
    double: BotApiDouble, aio_bot: aiogram.Bot, ptb_bot: telegram.Bot
) -> None:
    desk = double.driver.forum_group(-100, "Desk")
    first = await aio_bot.create_forum_topic(-100, "One")
    second = await ptb_bot.create_forum_topic(-100, "Two")
    assert await aio_bot.delete_forum_topic(-100, first.message_thread_id) is True
    assert await ptb_bot.delete_forum_topic(-100, second.message_thread_id) is True
    assert desk.topics == {}
    with pytest.raises(TelegramBadRequest, match="message thread not found"):
        await aio_bot.send_message(-100, "x", message_thread_id=first.message_thread_id)
    with pytest.raises(BadRequest, match="Message thread not found"):
        await ptb_bot.close_forum_topic(-100, second.message_thread_id)
