"""The python-telegram-bot runtime's pieces where PTB differs from aiogram: its error classes
(through its real HTTP client against the double), and the same update read the same way by
both libraries (dates, file ids, chat types, inaccessible messages, membership changes)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import aiogram.types
import pytest
import telegram
from telegram import error as ptb
from telegram.ext import Defaults, ExtBot

from bot.support.redaction import Redactor
from bot.telegram import errors as neutral
from bot.telegram.double import BotApiDouble
from bot.telegram.inbound import from_callback, from_message
from bot.telegram.inbound_membership import from_membership
from bot.telegram.ops import SendText
from bot.telegram.runtimes.ptb22.request import TelegramRequest, description, refusal
from bot.telegram.runtimes.ptb22.transport import PtbTransport
from dialogs.events import Kind


def ptb_bot(double: BotApiDouble, token: str | None = None, **options: Any) -> ExtBot[None]:
    return ExtBot(
        token or double.token,
        base_url=f"{double.base_url}/bot",
        base_file_url=f"{double.base_url}/file/bot",
        request=TelegramRequest(),
        get_updates_request=TelegramRequest(),
        **options,
    )


@pytest.fixture
async def double() -> AsyncIterator[BotApiDouble]:
    async with BotApiDouble() as d:
        yield d


@pytest.mark.parametrize(
    ("status", "text", "retry_after", "ptb_class", "kind"),
    [
        (400, "Bad Request: TOPIC_CLOSED", None, ptb.BadRequest, neutral.BadRequest),
        (413, "Request Entity Too Large", None, ptb.BadRequest, neutral.BadRequest),
        (403, "Forbidden: bot was blocked by the user", None, ptb.Forbidden, neutral.Forbidden),
        (409, "Conflict: terminated by other getUpdates", None, ptb.Conflict, neutral.Conflict),
        (429, "Too Many Requests: retry after 7", 7, ptb.RetryAfter, neutral.RetryAfter),
        (500, "Internal Server Error", None, ptb.NetworkError, neutral.ServerError),
        (502, "Bad Gateway", None, ptb.NetworkError, neutral.ServerError),
    ],
)
async def test_each_refusal_is_ptbs_class_and_kefus_kind_in_telegrams_words(
    double: BotApiDouble,
    status: int,
    text: str,
    retry_after: int | None,
    ptb_class: type[ptb.TelegramError],
    kind: type[neutral.TelegramError],
) -> None:
    user = double.driver.private_user(1, "Ann")
    fault = dict(method="sendMessage", status=status, description=text, retry_after=retry_after)
    double.faults.add(**fault, times=2)  # type: ignore[arg-type]
    async with ptb_bot(double) as bot:
        # What PTB code (an error handler, a rate limiter) sees: PTB's own class...
        with pytest.raises(ptb_class) as raw:
            await bot.send_message(user.id, "hi")
        assert type(raw.value) is ptb_class
        # ...and what kefu's outbox sees: the neutral kind, in Telegram's words.
        with pytest.raises(kind) as caught:
            await PtbTransport(bot, Redactor()).execute(SendText(user.id, "hi"))
    assert caught.value.description == text
    assert caught.value.method == "SendText"
    if retry_after is not None:
        assert caught.value.retry_after == float(retry_after)  # type: ignore[attr-defined]


async def test_a_refused_token_is_unauthorized_and_never_printed(double: BotApiDouble) -> None:
    wrong = double.token.split(":")[0] + ":" + "y" * 35
    bot = ptb_bot(double, token=wrong)
    transport = PtbTransport(bot, Redactor([wrong]))
    with pytest.raises(neutral.Unauthorized) as caught, transport.errors("getMe"):
        await bot.initialize()  # PTB raises InvalidToken again, the token in its text
    await bot.shutdown()
    assert caught.value.description == "Unauthorized"
    assert "y" * 35 not in str(caught.value)


def test_a_group_that_became_a_supergroup_is_a_refusal() -> None:
    body = {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: group chat was upgraded to a supergroup chat",
        "parameters": {"migrate_to_chat_id": -1001234},
    }
    error = refusal(400, json.dumps(body).encode())
    assert isinstance(error, ptb.ChatMigrated)
    assert error.new_chat_id == -1001234
    assert description(error) == body["description"]


# --- one update, two libraries ---------------------------------------------------------

SENT = 1_709_251_200  # 2024-03-01 00:00:00 UTC: 08:00 in Shanghai
USER = {"id": 42, "is_bot": False, "first_name": "Ann", "language_code": "zh-hans"}
PRIVATE = {"id": 42, "type": "private", "first_name": "Ann"}
FORUM = {"id": -100777, "type": "supergroup", "title": "Desk", "is_forum": True}
SIZES = [
    {"file_id": f"AgAC-{n}", "file_unique_id": f"u{n}", "width": w, "height": w}
    for n, w in enumerate((90, 320, 1280))
]
MESSAGES: dict[str, dict[str, Any]] = {
    "command": {
        "text": "/start@kefu_test_bot order_1",
        "entities": [{"type": "bot_command", "offset": 0, "length": 19}],
    },
    "photo": {"photo": SIZES, "caption": "the error", "media_group_id": "77"},
    "document": {
        "document": {
            "file_id": "BQAC-1",
            "file_unique_id": "d1",
            "file_name": "receipt.pdf",
            "mime_type": "application/pdf",
        }
    },
    "voice": {"voice": {"file_id": "AwAC-1", "file_unique_id": "v1", "duration": 2}},
    "location": {"location": {"latitude": 31.2, "longitude": 121.5}},
    "topic": {
        "chat": FORUM,
        "text": "reply in the topic",
        "message_thread_id": 9,
        "is_topic_message": True,
    },
}


def message_json(name: str) -> dict[str, Any]:
    return {"message_id": 5, "date": SENT, "chat": PRIVATE, "from": USER} | MESSAGES[name]


@pytest.fixture
def shanghai_bot() -> ExtBot[None]:
    """A PTB bot whose Defaults put dates in Shanghai time, as a PTB team might set."""
    return ExtBot("123:" + "z" * 35, defaults=Defaults(tzinfo=ZoneInfo("Asia/Shanghai")))


@pytest.mark.parametrize("name", sorted(MESSAGES))
@pytest.mark.parametrize("edited", [False, True], ids=["new", "edited"])
def test_a_message_becomes_the_same_event_on_both_libraries(
    shanghai_bot: ExtBot[None], name: str, edited: bool
) -> None:
    data = message_json(name)
    on_ptb = from_message(telegram.Message.de_json(data, shanghai_bot), edited=edited)  # type: ignore[arg-type]
    on_aiogram = from_message(aiogram.types.Message.model_validate(data), edited=edited)
    assert on_ptb == on_aiogram
    assert on_ptb is not None
    assert on_ptb.date == datetime.fromtimestamp(SENT, UTC)
    assert on_ptb.date.tzinfo is UTC
    assert type(on_ptb.chat_type) is str  # not PTB's ChatType enum


def test_a_photo_is_kept_by_its_largest_size(shanghai_bot: ExtBot[None]) -> None:
    event = from_message(telegram.Message.de_json(message_json("photo"), shanghai_bot))  # type: ignore[arg-type]
    assert event is not None
    assert [m.file_id for m in event.media] == ["AgAC-2"]


@pytest.mark.parametrize("accessible", [True, False], ids=["message", "inaccessible"])
def test_a_press_becomes_the_same_event_on_both_libraries(
    shanghai_bot: ExtBot[None], accessible: bool
) -> None:
    # A button under a message older than 48 hours comes with an "inaccessible" message:
    # date 0, only its chat and id. The press is dated when it arrives.
    message = message_json("command") if accessible else {"chat": PRIVATE, "message_id": 5}
    if not accessible:
        message["date"] = 0
    data = {"id": "4711", "from": USER, "chat_instance": "1", "data": "t", "message": message}
    now = datetime(2024, 3, 2, 12, 0, tzinfo=UTC)
    on_ptb = from_callback(telegram.CallbackQuery.de_json(data, shanghai_bot), now)  # type: ignore[arg-type]
    on_aiogram = from_callback(aiogram.types.CallbackQuery.model_validate(data), now)
    assert on_ptb == on_aiogram
    assert on_ptb is not None
    assert (on_ptb.chat_id, on_ptb.message_id, on_ptb.callback_id) == (42, 5, "4711")


BOT = {"id": 123, "is_bot": True, "first_name": "Kefu", "username": "kefu_test_bot"}
STANDING = {
    "member": {"status": "member", "user": BOT},
    "kicked": {"status": "kicked", "user": BOT, "until_date": 0},
    "left": {"status": "left", "user": BOT},
}


@pytest.mark.parametrize(
    ("chat", "old", "new"),
    [(PRIVATE, "member", "kicked"), (PRIVATE, "kicked", "member"), (FORUM, "member", "left")],
    ids=["blocked", "unblocked", "removed-from-a-group"],
)
def test_a_membership_change_becomes_the_same_event_on_both_libraries(
    shanghai_bot: ExtBot[None], chat: dict[str, Any], old: str, new: str
) -> None:
    data = {
        "chat": chat,
        "from": USER,
        "date": SENT,
        "old_chat_member": STANDING[old],
        "new_chat_member": STANDING[new],
    }
    on_ptb = from_membership(telegram.ChatMemberUpdated.de_json(data, shanghai_bot), 9)  # type: ignore[arg-type]
    on_aiogram = from_membership(aiogram.types.ChatMemberUpdated.model_validate(data), 9)
    assert on_ptb == on_aiogram
    assert (on_ptb.kind, on_ptb.bot_status, on_ptb.update_ids) == (Kind.MEMBERSHIP, new, (9,))
    assert (on_ptb.user_id, on_ptb.chat_id, on_ptb.chat_type) == (42, chat["id"], chat["type"])
    assert (on_ptb.first_name, on_ptb.locale_hint) == ("Ann", "zh-hans")
    assert on_ptb.date == datetime.fromtimestamp(SENT, UTC) and on_ptb.date.tzinfo is UTC
    assert type(on_ptb.chat_type) is str and type(on_ptb.bot_status) is str  # not PTB's enums
