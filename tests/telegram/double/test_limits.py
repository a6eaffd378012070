"""The flood-limit model on a manual clock: buckets, 429 with retry_after, then success."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from bot.support.clock import ManualClock
from bot.telegram.double import BotApiDouble, Limits
from bot.telegram.double.errors import ApiError
from bot.telegram.double.limits import COUNTED_METHODS, RateLimiter
from tests.telegram.double.conftest import RawCall, caller


def test_private_chat_bursts_three_then_one_per_second(manual_clock: ManualClock) -> None:
    limiter = RateLimiter(Limits(), manual_clock)
    for _ in range(3):
        limiter.charge(1, is_group=False)
    with pytest.raises(ApiError) as caught:
        limiter.charge(1, is_group=False)
    assert (caught.value.status, caught.value.retry_after) == (429, 1)
    assert caught.value.description == "Too Many Requests: retry after 1"
    limiter.charge(2, is_group=False)  # another chat has its own bucket
    manual_clock.advance(1)
    limiter.charge(1, is_group=False)


def test_group_allows_twenty_per_minute(manual_clock: ManualClock) -> None:
    limiter = RateLimiter(Limits(), manual_clock)
    for _ in range(20):
        limiter.charge(-100, is_group=True)
    with pytest.raises(ApiError) as caught:
        limiter.charge(-100, is_group=True)
    assert caught.value.retry_after == 3  # one token per 3 s, float noise rounded away
    manual_clock.advance(3)
    limiter.charge(-100, is_group=True)


def test_the_token_bucket_caps_all_chats_together(manual_clock: ManualClock) -> None:
    limiter = RateLimiter(Limits(global_per_second=30, global_burst=30), manual_clock)
    for chat in range(30):
        limiter.charge(chat, is_group=False)
    with pytest.raises(ApiError):
        limiter.charge(99, is_group=False)
    manual_clock.advance(0.1)  # 3 tokens back
    for chat in range(100, 103):
        limiter.charge(chat, is_group=False)


def test_an_album_larger_than_the_burst_passes_once_and_leaves_debt(
    manual_clock: ManualClock,
) -> None:
    limiter = RateLimiter(Limits(), manual_clock)
    limiter.charge(1, is_group=False, cost=10)
    with pytest.raises(ApiError) as caught:
        limiter.charge(1, is_group=False)
    assert caught.value.retry_after == 8  # from -7 up to 1 token at 1/s


def test_a_rejected_call_takes_nothing(manual_clock: ManualClock) -> None:
    limiter = RateLimiter(Limits(private_burst=1), manual_clock)
    limiter.charge(1, is_group=False)
    before = limiter.tokens()
    with pytest.raises(ApiError):
        limiter.charge(1, is_group=False)
    assert limiter.tokens() == before


def test_unlimited_never_refuses(manual_clock: ManualClock) -> None:
    limiter = RateLimiter(Limits.unlimited(), manual_clock)
    for _ in range(1000):
        limiter.charge(1, is_group=False)


async def test_429_over_http_then_success_after_the_clock_moves(
    limited: BotApiDouble, limited_api: RawCall, manual_clock: ManualClock
) -> None:
    limited.driver.private_user(1, "A")
    for _ in range(3):
        assert (await limited_api("sendMessage", chat_id=1, text="x"))[0] == 200
    status, body = await limited_api("sendMessage", chat_id=1, text="x")
    assert status == 429
    assert body == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }
    # a call refused for another reason spends nothing either
    assert (await limited_api("sendMessage", chat_id=1, text=""))[0] == 400
    manual_clock.advance(body["parameters"]["retry_after"])
    assert (await limited_api("sendMessage", chat_id=1, text="x"))[0] == 200
    assert limited.log.count("sendMessage", status=429) == 1
    assert limited.log.count("sendMessage", ok=True) == 4
    assert len(limited.driver.private_user(1).messages) == 4


async def test_edits_and_topic_creation_count_but_reads_do_not(
    limited: BotApiDouble, limited_api: RawCall
) -> None:
    limited.driver.forum_group(-100, "Forum")
    for _ in range(20):
        assert (await limited_api("createForumTopic", chat_id=-100, name="t"))[0] == 200
    assert (await limited_api("createForumTopic", chat_id=-100, name="t"))[0] == 429
    for _ in range(30):
        assert (await limited_api("getChat", chat_id=-100))[0] == 200


_FILE_METHODS = {
    "sendVideo": "video",
    "sendAnimation": "animation",
    "sendAudio": "audio",
    "sendVoice": "voice",
    "sendVideoNote": "video_note",
    "sendSticker": "sticker",
}


def _counted_calls(double: BotApiDouble) -> dict[str, dict[str, Any]]:
    """Valid parameters for each method the limits count."""
    user = double.driver.private_user(1, "A")
    forum = double.driver.forum_group(-100, "Forum")
    world = double.world
    photo = world.files.add("photo")
    document = world.files.add("document", b"x", file_name="x.pdf")
    theirs = world.new_message(user.chat, 1, text="from the user")
    mine = world.new_message(user.chat, double.bot_user.id, text="from the bot")
    files = {k: world.files.add(k).file_id for k in _FILE_METHODS.values()}
    return {
        **{m: {"chat_id": 1, k: files[k]} for m, k in _FILE_METHODS.items()},
        "sendLocation": {"chat_id": 1, "latitude": 1.5, "longitude": 2.5},
        "sendContact": {"chat_id": 1, "phone_number": "+1", "first_name": "Jo"},
        "copyMessages": {"chat_id": 1, "from_chat_id": 1, "message_ids": [theirs.message_id]},
        "sendMessage": {"chat_id": 1, "text": "x"},
        "sendPhoto": {"chat_id": 1, "photo": photo.file_id},
        "sendDocument": {"chat_id": 1, "document": document.file_id},
        "sendMediaGroup": {"chat_id": 1, "media": [{"type": "photo", "media": photo.file_id}] * 2},
        "copyMessage": {"chat_id": 1, "from_chat_id": 1, "message_id": theirs.message_id},
        "forwardMessage": {"chat_id": 1, "from_chat_id": 1, "message_id": theirs.message_id},
        "editMessageText": {"chat_id": 1, "message_id": mine.message_id, "text": "edited"},
        "editMessageReplyMarkup": {
            "chat_id": 1,
            "message_id": mine.message_id,
            "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "a"}]]},
        },
        "createForumTopic": {"chat_id": forum.id, "name": "topic"},
    }


@pytest.mark.parametrize("method", sorted(COUNTED_METHODS))
async def test_each_counted_method_spends_the_token_budget(
    method: str, manual_clock: ManualClock, http: aiohttp.ClientSession
) -> None:
    one_call = Limits(global_per_second=0.001, global_burst=1, private_burst=100)
    async with BotApiDouble(clock=manual_clock, limits=one_call) as double:
        api = caller(double, http)
        params = _counted_calls(double)[method]
        assert (await api(method, **params))[0] == 200
        again = {**params, "text": "again", "name": "again"}  # not "not modified" edits
        if "reply_markup" in params:
            again["reply_markup"] = {"inline_keyboard": [[{"text": "b", "callback_data": "b"}]]}
        assert (await api(method, **again))[0] == 429
        for free in ("getChat", "sendChatAction", "getMe"):
            assert (await api(free, chat_id=1, action="typing"))[0] == 200
