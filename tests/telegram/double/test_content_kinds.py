"""Every kind of message a person can send (and an invoice via an inline bot) reaches the
real aiogram and PTB Bots in shapes their models accept; the bot's own sends of those kinds
and Telegram's album mixing rules."""

from __future__ import annotations

import datetime as dt

import aiogram
import pytest
import telegram
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, InputMediaDocument, InputMediaPhoto, InputMediaVideo

from bot.telegram.double import BotApiDouble
from bot.telegram.double.actors import TINY_MP4
from tests.telegram.double.conftest import RawCall

KINDS = [
    "text",
    "video",
    "video_note",
    "animation",
    "audio",
    "location",
    "contact",
    "poll",
    "poll",
    "dice",
    "invoice",
]


async def _send_everything(double: BotApiDouble, chat: str = "private") -> None:
    if chat == "private":
        person = double.driver.private_user(1001, "Ann")
        where: dict[str, int] = {}
    else:
        group = double.driver.forum_group(-1001, "Desk")
        person = group.member(2001, "Bob")
        where = {"thread_id": (await group.create_topic("T", by=person)).thread_id}
    first = await person.send_text("hi", **where)
    await person.send_video("clip", duration=7, width=640, height=360, reply_to=first.message_id)
    await person.send_video_note(duration=4, **where)
    await person.send_animation("gif", **where)
    await person.send_audio("song", duration=200, title="Tune", performer="Band", **where)
    await person.send_location(31.2304, 121.4737, **where)
    await person.send_contact("+8613800000000", "Li", last_name="Wei", **where)
    await person.send_poll("Best?", ["a", "b", "c"], **where)
    await person.send_poll("2+2?", ["3", "4"], quiz=True, correct_option=1, **where)
    await person.send_dice("🎯", value=6, **where)
    await person.send_invoice("Top-up", total_amount=500, currency="EUR", **where)


async def test_every_kind_parses_in_aiogram(double: BotApiDouble, aio_bot: aiogram.Bot) -> None:
    await _send_everything(double)
    messages = [u.message for u in await aio_bot.get_updates()]
    assert all(m is not None for m in messages)
    assert [m.content_type for m in messages] == KINDS  # type: ignore[union-attr]
    _, video, note, gif, audio, place, contact, poll, quiz, dice, invoice = messages
    assert video.video.duration == 7 and video.video.width == 640  # type: ignore[union-attr]
    assert video.caption == "clip" and video.reply_to_message.text == "hi"  # type: ignore[union-attr]
    assert (note.video_note.length, note.video_note.duration) == (240, 4)  # type: ignore[union-attr]
    assert gif.animation is not None and gif.document is not None  # both, as Telegram sends
    assert (audio.audio.title, audio.audio.performer) == ("Tune", "Band")  # type: ignore[union-attr]
    assert (place.location.latitude, place.location.longitude) == (31.2304, 121.4737)  # type: ignore[union-attr]
    assert (contact.contact.phone_number, contact.contact.last_name) == ("+8613800000000", "Wei")  # type: ignore[union-attr]
    assert [o.text for o in poll.poll.options] == ["a", "b", "c"]  # type: ignore[union-attr]
    assert poll.poll.type == "regular" and poll.poll.total_voter_count == 0  # type: ignore[union-attr]
    # In the private chat with the bot, a quiz's answer is shown (Bot API, Poll).
    assert quiz.poll.type == "quiz" and quiz.poll.correct_option_ids == [1]  # type: ignore[union-attr]
    assert (dice.dice.emoji, dice.dice.value) == ("🎯", 6)  # type: ignore[union-attr]
    assert (invoice.invoice.title, invoice.invoice.total_amount) == ("Top-up", 500)  # type: ignore[union-attr]
    assert invoice.via_bot is not None and invoice.via_bot.username == "shop_bot"


async def test_every_kind_parses_in_ptb_in_a_topic(
    double: BotApiDouble, ptb_bot: telegram.Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # durations as timedelta, no warning
    await _send_everything(double, chat="group")
    updates = await ptb_bot.get_updates()
    messages = [u.message for u in updates][1:]  # after forum_topic_created
    assert all(m is not None for m in messages)
    assert messages[0].text == "hi" and messages[0].is_topic_message  # type: ignore[union-attr]
    _, video, note, gif, audio, place, contact, poll, quiz, dice, invoice = messages
    assert video.video.duration == dt.timedelta(seconds=7)  # type: ignore[union-attr]
    assert note.video_note.length == 240  # type: ignore[union-attr]
    assert gif.animation.width == 320 and gif.document is not None  # type: ignore[union-attr]
    assert audio.audio.performer == "Band"  # type: ignore[union-attr]
    assert place.location.latitude == 31.2304  # type: ignore[union-attr]
    assert contact.contact.first_name == "Li"  # type: ignore[union-attr]
    assert poll.poll.question == "Best?"  # type: ignore[union-attr]
    # A quiz sent by a person in a group: the bot is not told the answer.
    assert quiz.poll.type == "quiz" and quiz.poll.correct_option_ids == ()  # type: ignore[union-attr]
    assert dice.dice.value == 6  # type: ignore[union-attr]
    assert invoice.invoice.currency == "EUR"  # type: ignore[union-attr]
    assert {m.message_thread_id for m in messages} == {messages[0].message_thread_id}  # type: ignore[union-attr]


async def test_the_bot_sends_each_kind_through_aiogram(
    double: BotApiDouble, aio_bot: aiogram.Bot
) -> None:
    user = double.driver.private_user(7, "Ann")
    theirs = await user.send_video()
    video = await aio_bot.send_video(7, theirs.file_id or "", caption="again")  # by file_id
    assert video.video is not None and video.video.file_id == theirs.file_id
    upload = BufferedInputFile(TINY_MP4, "clip.mp4")
    sent = await aio_bot.send_video(7, upload, duration=9, width=320, height=240)
    assert (sent.video.duration, sent.video.width) == (9, 320)  # type: ignore[union-attr]
    note = await aio_bot.send_video_note(7, BufferedInputFile(TINY_MP4, "n.mp4"), length=360)
    assert note.video_note is not None and note.video_note.length == 360
    gif = await aio_bot.send_animation(7, BufferedInputFile(TINY_MP4, "a.mp4"))
    assert gif.animation is not None and gif.document is not None
    song = await aio_bot.send_audio(7, BufferedInputFile(b"ID3", "s.mp3"), title="Song")
    assert song.audio is not None and song.audio.title == "Song"
    voice = await aio_bot.send_voice(7, (await user.send_voice()).file_id or "")
    assert voice.voice is not None
    sticker = await aio_bot.send_sticker(7, (await user.send_sticker("🙂")).file_id or "")
    assert sticker.sticker is not None and sticker.sticker.emoji == "🙂"
    place = await aio_bot.send_location(7, latitude=1.5, longitude=-2.25)
    assert place.location is not None and place.location.longitude == -2.25
    card = await aio_bot.send_contact(7, phone_number="+100", first_name="Desk")
    assert card.contact is not None and card.contact.phone_number == "+100"
    photo_id = (await user.send_photo()).file_id or ""
    with pytest.raises(TelegramBadRequest, match="can't use file of type Photo as Video"):
        await aio_bot.send_video(7, photo_id)
    kinds = [m.kind for m in user.messages]
    media = ["video", "video", "video_note", "animation", "audio", "voice", "sticker"]
    assert kinds == [*media, "location", "contact"]


async def test_the_bot_sends_each_kind_through_ptb(
    double: BotApiDouble, ptb_bot: telegram.Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    user = double.driver.private_user(7, "Ann")
    sent = await ptb_bot.send_video(7, TINY_MP4, duration=9, width=320, height=240)
    assert sent.video is not None and sent.video.duration == dt.timedelta(seconds=9)
    note = await ptb_bot.send_video_note(7, TINY_MP4, length=300)
    assert note.video_note is not None and note.video_note.length == 300
    gif = await ptb_bot.send_animation(7, (await user.send_animation()).file_id or "")
    assert gif.animation is not None
    song = await ptb_bot.send_audio(7, b"ID3", performer="Band")
    assert song.audio is not None and song.audio.performer == "Band"
    voice = await ptb_bot.send_voice(7, b"OggS", duration=2)
    assert voice.voice is not None
    sticker = await ptb_bot.send_sticker(7, (await user.send_sticker()).file_id or "")
    assert sticker.sticker is not None
    place = await ptb_bot.send_location(7, latitude=48.85, longitude=2.35)
    assert place.location is not None and place.location.latitude == 48.85
    card = await ptb_bot.send_contact(7, phone_number="+33", first_name="Paris")
    assert card.contact is not None and card.contact.first_name == "Paris"


async def test_albums_mix_photos_and_videos_only(
    api: RawCall, double: BotApiDouble, aio_bot: aiogram.Bot
) -> None:
    user = double.driver.private_user(1, "A")
    photo, video = (await user.send_photo()).file_id, (await user.send_video()).file_id
    document = (await user.send_document()).file_id
    mixed = await aio_bot.send_media_group(
        1, [InputMediaPhoto(media=photo or ""), InputMediaVideo(media=video or "", caption="v")]
    )
    assert [m.content_type for m in mixed] == ["photo", "video"]
    assert mixed[0].media_group_id == mixed[1].media_group_id is not None
    with pytest.raises(TelegramBadRequest, match="document can't be mixed with other media"):
        await aio_bot.send_media_group(
            1, [InputMediaPhoto(media=photo or ""), InputMediaDocument(media=document or "")]
        )
    audio = (await user.send_audio()).file_id
    media = [{"type": "audio", "media": audio}, {"type": "video", "media": video}]
    status, body = await api("sendMediaGroup", chat_id=1, media=media)
    assert (status, body["description"]) == (
        400,
        "Bad Request: audio can't be mixed with other media types",
    )
    status, body = await api("sendMediaGroup", chat_id=1, media=[media[0], media[0]])
    assert status == 200 and [m["audio"]["file_id"] for m in body["result"]] == [audio, audio]


async def test_a_person_sends_albums_by_telegrams_rules(double: BotApiDouble) -> None:
    user = double.driver.private_user(1, "A")
    videos = await user.send_album(2, kind="video", caption="two clips")
    assert [v.kind for v in videos] == ["video", "video"] and videos[0].caption == "two clips"
    first = await user.send_text("look")
    mixed = await user.send_album(3, kind=("photo", "video"), reply_to=first.message_id)
    assert [m.kind for m in mixed] == ["photo", "video", "photo"]
    assert {m.media_group_id for m in mixed} == {mixed[0].media_group_id}
    assert {m.reply_to for m in mixed} == {first.message_id}
    with pytest.raises(ValueError, match="document can't be mixed"):
        await user.send_album(2, kind=("document", "photo"))
    with pytest.raises(ValueError, match="1-10 items"):
        await user.send_album(11)
    with pytest.raises(ValueError, match="no message 999 to reply to"):
        await user.send_text("?", reply_to=999)
