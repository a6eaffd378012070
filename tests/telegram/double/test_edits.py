"""People edit their messages: texts and captions, in private chats, groups and topics."""

from __future__ import annotations

import aiogram
import pytest
import telegram

from bot.telegram.double import BotApiDouble
from tests.telegram.double.conftest import RawCall


async def test_edits_in_a_topic_keep_the_thread(
    double: BotApiDouble, aio_bot: aiogram.Bot, ptb_bot: telegram.Bot
) -> None:
    desk = double.driver.forum_group(-100, "Desk")
    agent = desk.member(2001, "Bob")
    topic = await desk.create_topic("Ticket", by=agent)
    text = await agent.send_text("draft", thread_id=topic.thread_id)
    photo = await agent.send_photo("receipt", thread_id=topic.thread_id)
    await agent.edit(text, "/close now")
    await agent.edit(photo, "the receipt")
    await agent.edit_caption(photo, None)
    edits = [u.edited_message for u in await aio_bot.get_updates() if u.edited_message]
    assert [(m.text, m.caption) for m in edits] == [
        ("/close now", None),
        (None, "the receipt"),
        (None, None),
    ]
    assert all(m.message_thread_id == topic.thread_id and m.is_topic_message for m in edits)
    assert edits[0].entities is not None and edits[0].entities[0].type == "bot_command"
    assert all(m.edit_date is not None for m in edits)
    ptb_edits = [u.edited_message for u in await ptb_bot.get_updates() if u.edited_message]
    assert [m.message_thread_id for m in ptb_edits] == [topic.thread_id] * 3
    assert [e.caption for e in photo.edits] == ["receipt", "the receipt"]


async def test_captions_of_every_captioned_kind(api: RawCall, double: BotApiDouble) -> None:
    user = double.driver.private_user(1, "A")
    for send in (user.send_video, user.send_animation, user.send_audio, user.send_document):
        sent = await send()
        edited = await user.edit_caption(sent, "now with a caption")
        assert edited.caption == "now with a caption"
    voice = await user.send_voice()
    await user.edit(voice, "what I said")
    _, body = await api("getUpdates")
    kinds = [u for u in body["result"] if "edited_message" in u]
    assert len(kinds) == 5
    assert kinds[-1]["edited_message"]["caption"] == "what I said"


async def test_what_telegram_cannot_edit(double: BotApiDouble) -> None:
    user = double.driver.private_user(1, "A")
    for sent in (
        await user.send_location(1, 2),
        await user.send_contact("+1", "Jo"),
        await user.send_sticker(),
        await user.send_dice(),
        await user.send_poll("Q?", ["a", "b"]),
        await user.send_video_note(),
    ):
        with pytest.raises(ValueError, match="does not let"):
            await user.edit(sent, "changed")
    text = await user.send_text("plain")
    with pytest.raises(ValueError, match="a text message has no caption"):
        await user.edit_caption(text, "x")
    other = double.driver.private_user(2, "B")
    with pytest.raises(ValueError, match="only edit their own"):
        await other.edit(text, "mine now")


async def test_the_bot_cannot_caption_a_location(api: RawCall, double: BotApiDouble) -> None:
    double.driver.private_user(1, "A")
    _, body = await api("sendLocation", chat_id=1, latitude=1, longitude=2)
    mid = body["result"]["message_id"]
    status, body = await api("editMessageCaption", chat_id=1, message_id=mid, caption="x")
    assert (status, body["description"]) == (
        400,
        "Bad Request: there is no caption in the message to edit",
    )
    status, body = await api("sendLocation", chat_id=1, latitude=1)
    assert body["description"] == "Bad Request: longitude is empty"
    status, body = await api("sendContact", chat_id=1, first_name="Jo")
    assert body["description"] == 'Bad Request: parameter "phone_number" is required'
