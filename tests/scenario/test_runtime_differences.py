"""Where aiogram and python-telegram-bot differ, kefu does not: each test runs on both runtimes
(the autouse ``runtime`` fixture) against the double, and expects the same events and calls.

The events a runtime hands kefu are read by wrapping ``KefuApp.dispatch`` (the real one
still runs): that is the seam between the translator under test and kefu's core.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app.handling import Handling
from bot.telegram.double import BotApiDouble
from bot.telegram.ops import MediaItem, SendDocument, SendMediaGroup, SendPhoto
from bot.telegram.outbox import Priority
from bot.telegram.runtimes.common import FatalRuntimeError
from dialogs.events import Inbound, Kind, MediaKind, MediaRef
from tests.scenario.harness import Running, running_kefu, wait_messages

HINT = "could not find an answer"  # free text at the menu: the knowledge base has none


def recorded(kefu: Running) -> list[Inbound]:
    """Every event the runtime hands kefu from now on, in order."""
    events: list[Inbound] = []
    dispatch: Callable[[Inbound], Handling] = kefu.app.dispatch

    def spy(event: Inbound) -> Handling:
        events.append(event)
        return dispatch(event)

    kefu.app.dispatch = spy  # type: ignore[method-assign]
    return events


async def test_an_edit_reaches_kefu_as_an_edit(double: BotApiDouble, kefu: Running) -> None:
    # PTB's MessageHandler matches edited messages too unless filtered by update type.
    events = recorded(kefu)
    user = double.driver.private_user(701, "Ada", language_code="en")
    first = await user.send_text("hello")
    assert HINT in (await user.next_message(timeout=10)).text
    await user.edit(first, "hello, anyone?")
    await user.send_command("start")  # handled after the edit: its reply comes after
    assert "Hello, Ada!" in (await user.next_message(timeout=10)).text
    assert len(user.messages) == 2, "the edit was answered as if it were a new message"
    assert [e.kind for e in events] == [Kind.MESSAGE, Kind.EDITED, Kind.COMMAND]
    assert events[1].text == "hello, anyone?"
    assert events[1].message_id == first.message_id


async def test_dates_are_the_messages_own_in_utc(double: BotApiDouble, kefu: Running) -> None:
    events = recorded(kefu)
    user = double.driver.private_user(702, "Bea", language_code="en")
    sent = await user.send_text("when is now?")
    await user.next_message(timeout=10)
    edit = await user.edit(sent, "when was then?")
    await user.send_command("start")
    await user.next_message(timeout=10)
    expected = datetime.fromtimestamp(sent.raw["date"], UTC)
    for event in events[:2]:  # an edit keeps the date the message was sent
        assert event.date == expected
        assert event.date.tzinfo is UTC
    assert edit.raw["date"] == sent.raw["date"]


async def test_file_ids_of_what_a_user_sends(double: BotApiDouble, kefu: Running) -> None:
    events = recorded(kefu)
    user = double.driver.private_user(703, "Cid", language_code="en")
    photo = await user.send_photo(caption="the error")
    document = await user.send_document("receipt.pdf")
    sticker = await user.send_sticker()
    voice = await user.send_voice()
    album = await user.send_album(3)
    await user.send_command("start")  # closes the album
    await wait_messages(double, user, 6)
    by_message = {e.message_id: e for e in events}
    assert by_message[photo.message_id].media == (
        MediaRef(MediaKind.PHOTO, photo.raw["photo"][-1]["file_id"]),  # the largest size
    )
    assert by_message[photo.message_id].text == "the error"
    assert by_message[document.message_id].media == (
        MediaRef(
            MediaKind.DOCUMENT,
            document.raw["document"]["file_id"],
            "application/pdf",
            "receipt.pdf",
        ),
    )
    assert by_message[sticker.message_id].media[0].kind is MediaKind.STICKER
    assert by_message[sticker.message_id].media[0].file_id == sticker.raw["sticker"]["file_id"]
    assert by_message[voice.message_id].media == (
        MediaRef(MediaKind.VOICE, voice.raw["voice"]["file_id"], "audio/ogg"),
    )
    items = [by_message[m.message_id] for m in album]
    assert {e.media_group_id for e in items} == {album[0].raw["media_group_id"]}
    assert [e.media[0].file_id for e in items] == [m.raw["photo"][-1]["file_id"] for m in album]


async def test_a_file_id_is_sent_as_an_id_even_where_a_file_has_its_name(
    double: BotApiDouble, kefu: Running, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PTB uploads a local file when a string names one; a file id must never be read so.
    user = double.driver.private_user(704, "Dan", language_code="en")
    photo = (await user.send_photo()).raw["photo"][-1]["file_id"]
    document = (await user.send_document()).raw["document"]["file_id"]
    await wait_messages(double, user, 2)
    monkeypatch.chdir(tmp_path)
    for file_id in (photo, document):
        (tmp_path / file_id).write_bytes(b"a file on the bot's disk, not the user's")
    outbox = kefu.app.outbox
    await outbox.send(SendPhoto(chat_id=704, file_id=photo), Priority.ANSWER)
    await outbox.send(SendDocument(chat_id=704, file_id=document), Priority.ANSWER)
    items = (MediaItem("photo", photo), MediaItem("photo", photo, caption="again"))
    await outbox.send(SendMediaGroup(chat_id=704, items=items), Priority.ANSWER)
    assert double.log.calls("sendPhoto", chat_id=704)[0].params["photo"] == photo
    assert double.log.calls("sendDocument", chat_id=704)[0].params["document"] == document
    album = double.log.calls("sendMediaGroup", chat_id=704)[0].params["media"]
    assert [item["media"] for item in album] == [photo, photo]
    assert [m.file_id for m in user.messages[2:]] == [photo, document, photo, photo]


async def test_a_press_is_answered_once(double: BotApiDouble, kefu: Running) -> None:
    user = double.driver.private_user(705, "Eve", language_code="en")
    await user.send_command("start")
    menu = await user.next_message(timeout=10)
    press = await user.press("My tickets")
    assert (await press.answer(timeout=10))["show_alert"] in (None, False)
    forged = user.press_data(menu.message_id, "no-such-button")
    await forged.answer(timeout=10)
    await user.send_command("start")  # after both presses: their answers are all in
    await wait_messages(double, user, 3)
    answers = double.log.calls("answerCallbackQuery")
    assert sorted(c.params["callback_query_id"] for c in answers) == sorted([press.id, forged.id])
    assert all(c.status == 200 for c in answers)


async def test_a_late_answer_is_logged_in_telegrams_words_and_the_reply_still_goes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # PTB would shorten "Bad Request: query is too old..." to "Query is too old...".
    async with BotApiDouble(callback_timeout=-1) as double:  # every answer comes too late
        user = double.driver.private_user(706, "Fay", language_code="en")
        async with running_kefu(double, tmp_path):
            await user.send_command("start")
            await user.next_message(timeout=10)
            with caplog.at_level(logging.WARNING, logger="bot.app.kefu_app"):
                await user.press("My tickets")
                assert "no tickets" in (await user.next_message(timeout=10)).text
    failed = [r.getMessage() for r in caplog.records if "answerCallbackQuery failed" in r.message]
    assert failed == [
        "answerCallbackQuery failed: Bad Request: "
        "query is too old and response timeout expired or query ID is invalid"
    ]


async def test_a_request_too_large_is_refused_not_retried(
    double: BotApiDouble, kefu: Running
) -> None:
    # Both libraries call a 413 a network error, which kefu would retry as a server error.
    user = double.driver.private_user(707, "Gil", language_code="en")
    double.faults.add(
        method="sendMessage", chat_id=707, status=413, description="Request Entity Too Large"
    )
    await user.send_command("start")
    assert "Something went wrong on our side" in (await user.next_message(timeout=10)).text
    assert [c.status for c in double.log.calls("sendMessage", chat_id=707)] == [413, 200]


async def test_another_poller_is_waited_out(double: BotApiDouble, tmp_path: Path) -> None:
    conflict = (
        "Conflict: terminated by other getUpdates request; "
        "make sure that only one bot instance is running"
    )
    double.faults.add(method="getUpdates", status=409, description=conflict, times=2)
    user = double.driver.private_user(708, "Hal", language_code="en")
    async with running_kefu(double, tmp_path):
        await user.send_command("start")
        assert "Hello, Hal!" in (await user.next_message(timeout=10)).text
    assert double.log.count("getUpdates", status=409) == 2


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_a_refused_token_stops_kefu_and_says_why(
    double: BotApiDouble, tmp_path: Path, mode: str
) -> None:
    wrong = double.token.split(":")[0] + ":" + "x" * 35
    with pytest.raises(FatalRuntimeError, match="refused the bot token") as stopped:
        async with running_kefu(
            double, tmp_path, webhook=mode == "webhook", bot_token=wrong
        ) as kefu:
            await kefu.task
    assert "x" * 35 not in str(stopped.value)
