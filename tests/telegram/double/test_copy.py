"""copyMessage for every kind of content, what Telegram refuses to copy, and copyMessages."""

from __future__ import annotations

import aiogram
import pytest
import telegram
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import ReplyParameters
from telegram.error import BadRequest

from bot.support.clock import ManualClock
from bot.telegram.double import BotApiDouble
from tests.telegram.double.conftest import RawCall

CANT_COPY = "Bad Request: the message can't be copied"


async def test_copy_message_keeps_every_kind(api: RawCall, double: BotApiDouble) -> None:
    user = double.driver.private_user(1, "A")
    desk = double.driver.forum_group(-100, "Desk")
    thread = (await desk.create_topic("Ticket")).thread_id
    sources = [
        await user.send_text("/start now"),
        await user.send_video("clip"),
        await user.send_video_note(),
        await user.send_animation("gif"),
        await user.send_audio("song"),
        await user.send_voice(),
        await user.send_sticker(),
        await user.send_location(1.0, 2.0),
        await user.send_contact("+1", "Jo"),
        await user.send_poll("Q?", ["x", "y"]),
        await user.send_poll("Quiz?", ["x", "y"], quiz=True, correct_option=1),
        await user.send_dice("🎰"),
    ]
    for source in sources:
        status, body = await api(
            "copyMessage",
            chat_id=-100,
            from_chat_id=1,
            message_id=source.message_id,
            message_thread_id=thread,
        )
        assert status == 200, body
    copies = desk.messages(thread_id=thread)
    assert [c.kind for c in copies] == [s.kind for s in sources]
    assert copies[0].raw["entities"] == sources[0].raw["entities"]
    assert [c.file_id for c in copies[1:7]] == [s.file_id for s in sources[1:7]]
    assert copies[1].caption == "clip" and copies[5].caption is None
    assert copies[7].content == {"latitude": 1.0, "longitude": 2.0}
    assert copies[8].content == {"phone_number": "+1", "first_name": "Jo"}
    poll, quiz = copies[9].raw["poll"], copies[10].raw["poll"]
    assert poll["id"] != sources[9].content["id"] and poll["question"] == "Q?"
    assert quiz["correct_option_ids"] == [1]  # the bot's own quiz shows its answer
    assert copies[11].content["emoji"] == "🎰"  # a new throw of the same dice
    assert all(c.raw["message_thread_id"] == thread for c in copies)


async def test_caption_override_replies_and_threads(
    api: RawCall, double: BotApiDouble, aio_bot: aiogram.Bot
) -> None:
    user = double.driver.private_user(1, "A")
    video = await user.send_video("old")
    anchor = (await api("sendMessage", chat_id=1, text="anchor"))[1]["result"]["message_id"]
    copied = await aio_bot.copy_message(
        1,
        1,
        video.message_id,
        caption="<b>new</b>",
        parse_mode="HTML",
        reply_parameters=ReplyParameters(message_id=anchor),
    )
    copy = double.world.message(1, copied.message_id)
    assert copy is not None and (copy.caption, copy.reply_to) == ("new", anchor)
    assert copy.caption_entities == [{"type": "bold", "offset": 0, "length": 3}]
    place = await user.send_location(5, 6)
    _, body = await api("copyMessage", chat_id=1, from_chat_id=1, message_id=place.message_id)
    assert double.world.message(1, body["result"]["message_id"]).caption is None  # type: ignore[union-attr]
    desk = double.driver.forum_group(-100, "Desk")
    with pytest.raises(TelegramBadRequest, match="message thread not found"):
        await aio_bot.copy_message(-100, 1, video.message_id, message_thread_id=999)
    with pytest.raises(TelegramBadRequest, match="message to be replied not found"):
        await aio_bot.copy_message(1, 1, video.message_id, reply_to_message_id=999)
    assert desk.messages() == []


async def test_what_telegram_refuses_to_copy(
    api: RawCall, double: BotApiDouble, ptb_bot: telegram.Bot
) -> None:
    desk = double.driver.forum_group(-100, "Desk")
    agent = desk.member(2001, "Bob")
    topic = await desk.create_topic("T", by=agent)
    quiz = await agent.send_poll("Quiz?", ["a", "b"], quiz=True, thread_id=topic.thread_id)
    invoice = await agent.send_invoice("Pay", thread_id=topic.thread_id)
    double.driver.private_user(1, "A")
    for message_id in (topic.thread_id, quiz.message_id, invoice.message_id):  # service first
        status, body = await api("copyMessage", chat_id=1, from_chat_id=-100, message_id=message_id)
        assert (status, body["description"]) == (400, CANT_COPY)
    with pytest.raises(BadRequest, match="The message can't be copied"):  # PTB capitalises
        await ptb_bot.copy_message(1, -100, quiz.message_id)
    status, body = await api("copyMessage", chat_id=1, from_chat_id=-100, message_id=999)
    assert body["description"] == "Bad Request: message to copy not found"
    status, body = await api("forwardMessage", chat_id=1, from_chat_id=-100, message_id=999)
    assert body["description"] == "Bad Request: message to forward not found"
    _, body = await api("forwardMessage", chat_id=1, from_chat_id=-100, message_id=quiz.message_id)
    assert body["result"]["poll"]["id"] == quiz.content["id"]  # a forward is the same poll
    assert "correct_option_ids" not in body["result"]["poll"]  # forwarded: still unknown


async def test_copy_messages_skips_keeps_albums_and_says_why(
    api: RawCall, double: BotApiDouble
) -> None:
    user = double.driver.private_user(1, "A")
    double.driver.private_user(2, "B")
    text = await user.send_text("hello")
    album = await user.send_album(3, kind=("photo", "video"), caption="pics")
    invoice = await user.send_invoice("Pay")
    ids = [text.message_id, *[m.message_id for m in album], invoice.message_id, 999]
    status, body = await api(
        "copyMessages", chat_id=2, from_chat_id=1, message_ids=ids, remove_caption=True
    )
    assert status == 200, body
    assert len(body["result"]) == 4  # the invoice and the missing 999 are skipped
    copies = double.driver.private_user(2).messages
    assert [m.message_id for m in copies] == [r["message_id"] for r in body["result"]]
    assert [m.kind for m in copies] == ["text", "photo", "video", "photo"]
    assert copies[1].caption is None  # remove_caption
    group = copies[1].media_group_id
    assert group and group != album[0].media_group_id
    assert {m.media_group_id for m in copies[1:]} == {group}
    assert copies[0].media_group_id is None
    for params, description in [
        ({}, "message identifiers are not specified"),
        ({"message_ids": []}, "message identifiers are not specified"),
        ({"message_ids": "[1,"}, "can't parse message_ids JSON object"),
        ({"message_ids": list(range(1, 102))}, "too many message identifiers specified"),
        ({"message_ids": [0]}, "invalid message identifier specified"),
        ({"message_ids": [3, 2]}, "message identifiers must be in a strictly increasing order"),
        ({"message_ids": [998, 999]}, "there are no messages to forward"),
        ({"message_ids": [invoice.message_id]}, "there are no messages to forward"),
    ]:
        status, body = await api("copyMessages", _form=True, chat_id=2, from_chat_id=1, **params)
        assert (status, body["description"]) == (400, f"Bad Request: {description}"), params


async def test_copy_messages_through_both_libraries(
    double: BotApiDouble, aio_bot: aiogram.Bot, ptb_bot: telegram.Bot
) -> None:
    user = double.driver.private_user(1, "A")
    desk = double.driver.forum_group(-100, "Desk")
    thread = (await desk.create_topic("T")).thread_id
    album = await user.send_album(2, kind="video")
    ids = [m.message_id for m in album]
    sent = await aio_bot.copy_messages(-100, 1, ids, message_thread_id=thread)
    assert [type(m).__name__ for m in sent] == ["MessageId", "MessageId"]
    again = await ptb_bot.copy_messages(-100, 1, ids, message_thread_id=thread)
    assert [m.message_id for m in again] == [sent[-1].message_id + 1, sent[-1].message_id + 2]
    copies = desk.messages(thread_id=thread)
    assert len(copies) == 4 and len({m.media_group_id for m in copies}) == 2
    with pytest.raises(TelegramBadRequest, match="strictly increasing order"):
        await aio_bot.copy_messages(-100, 1, ids[::-1])
    with pytest.raises(BadRequest, match="There are no messages to forward"):
        await ptb_bot.copy_messages(-100, 1, [500])


async def test_copy_messages_costs_one_token_per_copy(
    limited: BotApiDouble, limited_api: RawCall, manual_clock: ManualClock
) -> None:
    user = limited.driver.private_user(1, "A")
    limited.driver.private_user(2, "B")  # private: 3 tokens, 1 a second
    sent = [m.message_id for m in await user.send_album(2)] + [999]
    status, _ = await limited_api("copyMessages", chat_id=2, from_chat_id=1, message_ids=sent)
    assert status == 200
    assert limited.limiter.tokens(2) == pytest.approx(1)  # 2 copied, 999 skipped: 2 tokens
    status, body = await limited_api("copyMessages", chat_id=2, from_chat_id=1, message_ids=sent)
    assert (status, body["parameters"]) == (429, {"retry_after": 1})
    manual_clock.advance(1)
    status, _ = await limited_api("copyMessages", chat_id=2, from_chat_id=1, message_ids=sent)
    assert status == 200
