"""Paid broadcasts in the double (Bot API 7.11 ``allow_paid_broadcast``): the paid per-token
bucket of 1000 a second instead of the free 30, the chat's own limit as ever, and what the
paid messages cost in Telegram Stars."""

from __future__ import annotations

import aiohttp
import pytest

from bot.support.clock import ManualClock
from bot.telegram.double import BotApiDouble, Limits
from bot.telegram.double.errors import ApiError
from bot.telegram.double.limits import COUNTED_METHODS, PAID_METHODS, RateLimiter
from tests.telegram.double.conftest import RawCall, caller
from tests.telegram.double.test_limits import _counted_calls


def test_a_paid_call_skips_the_free_bucket_for_the_paid_one(manual_clock: ManualClock) -> None:
    limiter = RateLimiter(Limits(), manual_clock)
    for chat in range(30):
        limiter.charge(chat, is_group=False)
    with pytest.raises(ApiError):
        limiter.charge(30, is_group=False)  # the free 30 are spent
    limiter.charge(30, is_group=False, paid=True)
    assert limiter.tokens(paid=True) == pytest.approx(999)
    assert (limiter.paid_messages, limiter.stars_spent) == (1, 0.1)


def test_the_paid_bucket_holds_a_thousand_a_second(manual_clock: ManualClock) -> None:
    limiter = RateLimiter(Limits(), manual_clock)
    for chat in range(1000):
        limiter.charge(chat, is_group=False, paid=True)
    with pytest.raises(ApiError) as caught:
        limiter.charge(1000, is_group=False, paid=True)
    assert (caught.value.status, caught.value.retry_after) == (429, 1)
    assert limiter.tokens() == 30  # the free bucket was never touched
    manual_clock.advance(0.01)  # ten paid tokens back
    for chat in range(1000, 1010):
        limiter.charge(chat, is_group=False, paid=True)
    assert (limiter.paid_messages, limiter.stars_spent) == (1010, 101.0)


def test_a_paid_call_keeps_its_chats_limit(manual_clock: ManualClock) -> None:
    limiter = RateLimiter(Limits(), manual_clock)
    for _ in range(3):
        limiter.charge(1, is_group=False, paid=True)
    with pytest.raises(ApiError):
        limiter.charge(1, is_group=False, paid=True)
    for _ in range(20):
        limiter.charge(-100, is_group=True, paid=True)
    with pytest.raises(ApiError):
        limiter.charge(-100, is_group=True, paid=True)
    assert limiter.paid_messages == 23  # the refused ones cost nothing


def test_paid_messages_are_counted_without_limits_too(manual_clock: ManualClock) -> None:
    limiter = RateLimiter(Limits.unlimited(), manual_clock)
    limiter.charge(1, is_group=False, cost=3, paid=True)
    limiter.charge(1, is_group=False)
    assert (limiter.paid_messages, limiter.stars_spent) == (3, 0.3)


@pytest.mark.parametrize("method", sorted(COUNTED_METHODS))
async def test_which_methods_take_allow_paid_broadcast(
    method: str, manual_clock: ManualClock, http: aiohttp.ClientSession
) -> None:
    one_free_call = Limits(global_per_second=0.001, global_burst=1, private_burst=100)
    async with BotApiDouble(clock=manual_clock, limits=one_free_call) as double:
        api = caller(double, http)
        params = _counted_calls(double)[method]
        assert (await api(method, **params))[0] == 200  # the one free token
        again = {**params, "text": "again", "name": "again", "allow_paid_broadcast": True}
        if "reply_markup" in params:
            again["reply_markup"] = {"inline_keyboard": [[{"text": "b", "callback_data": "b"}]]}
        status, _ = await api(method, **again)
        if method in PAID_METHODS:
            cost = len(params["media"]) if method == "sendMediaGroup" else 1
            assert status == 200
            assert double.paid_messages == cost
            assert double.stars_spent == pytest.approx(cost / 10)
        else:  # Telegram ignores a parameter the method does not have
            assert status == 429
            assert double.paid_messages == 0
        assert not double.internal_errors


async def test_paid_over_http_as_the_libraries_send_it(
    limited: BotApiDouble, limited_api: RawCall
) -> None:
    for user in range(1, 41):
        limited.driver.private_user(user, "A")
    for user in range(1, 31):
        assert (await limited_api("sendMessage", chat_id=user, text="free"))[0] == 200
    assert (await limited_api("sendMessage", chat_id=31, text="free"))[0] == 429
    for user in range(31, 41):  # a form's "true", as aiogram and PTB send it
        status, _ = await limited_api(
            "sendMessage", _form=True, chat_id=user, text="paid", allow_paid_broadcast="true"
        )
        assert status == 200
    # "false" is not a paid call: the free bucket is still empty
    unpaid = {"chat_id": 31, "text": "x", "allow_paid_broadcast": "false"}
    assert (await limited_api("sendMessage", _form=True, **unpaid))[0] == 429
    # A call refused before the limits are charged costs no Star.
    empty = {"chat_id": 32, "text": "", "allow_paid_broadcast": True}
    assert (await limited_api("sendMessage", **empty))[0] == 400
    assert (limited.paid_messages, limited.stars_spent) == (10, 1.0)
