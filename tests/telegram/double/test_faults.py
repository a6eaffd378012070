"""Injected failures, blocked users and a bot removed from its group."""

from __future__ import annotations

import pytest

from bot.telegram.double import BotApiDouble
from tests.telegram.double.conftest import RawCall


@pytest.mark.parametrize(
    ("status", "description"),
    [
        (403, "Forbidden: bot was blocked by the user"),
        (400, "Bad Request: injected fault"),
        (500, "Internal Server Error"),
        (502, "Bad Gateway"),
    ],
)
async def test_a_one_shot_fault_fails_one_matching_call(
    api: RawCall, double: BotApiDouble, status: int, description: str
) -> None:
    double.driver.private_user(1, "A")
    fault = double.faults.add(method="sendMessage", chat_id=1, status=status)
    got, body = await api("sendMessage", chat_id=1, text="x")
    assert (got, body) == (status, {"ok": False, "error_code": status, "description": description})
    assert double.driver.private_user(1).messages == []  # the failed call changed nothing
    assert (await api("sendMessage", chat_id=1, text="x"))[0] == 200
    assert fault.hits == 1


async def test_fault_matching_by_chat_times_and_429(api: RawCall, double: BotApiDouble) -> None:
    double.driver.private_user(1, "A")
    double.driver.private_user(2, "B")
    double.faults.add(chat_id=2, status=429, retry_after=7, times=2)
    assert (await api("sendMessage", chat_id=1, text="x"))[0] == 200
    for _ in range(2):
        status, body = await api("sendMessage", chat_id=2, text="x")
        assert status == 429
        assert body["parameters"] == {"retry_after": 7}
        assert body["description"] == "Too Many Requests: retry after 7"
    assert (await api("sendMessage", chat_id=2, text="x"))[0] == 200


async def test_a_catch_all_fault_spares_get_updates(api: RawCall, double: BotApiDouble) -> None:
    double.faults.add(status=500, description="Internal Server Error: restart", times=None)
    assert (await api("getUpdates"))[0] == 200
    assert (await api("getMe"))[0] == 500
    double.faults.clear()
    assert (await api("getMe"))[0] == 200


async def test_blocked_user_until_unblocked(api: RawCall, double: BotApiDouble) -> None:
    user = double.driver.private_user(1, "A")
    double.block(1)
    status, body = await api("sendMessage", chat_id=1, text="x")
    assert (status, body["description"]) == (403, "Forbidden: bot was blocked by the user")
    assert (await api("sendPhoto", chat_id=1, photo="https://example.org/a.jpg"))[0] == 403
    user.unblock()
    assert (await api("sendMessage", chat_id=1, text="x"))[0] == 200


async def test_kicked_from_the_group(api: RawCall, double: BotApiDouble) -> None:
    group = double.driver.forum_group(-1005, "Support")
    group.kick_bot(by=group.member(9, "Owner"))
    status, body = await api("sendMessage", chat_id=-1005, text="x")
    assert (status, body["description"]) == (
        403,
        "Forbidden: bot was kicked from the supergroup chat",
    )
    _, body = await api("getUpdates")
    change = body["result"][-1]["my_chat_member"]
    assert change["old_chat_member"]["status"] == "administrator"
    assert change["new_chat_member"]["status"] == "kicked"
    group.add_bot()
    assert (await api("sendMessage", chat_id=-1005, text="x"))[0] == 200


async def test_a_member_who_never_started_the_bot(api: RawCall, double: BotApiDouble) -> None:
    double.driver.forum_group(-1006, "Agents").member(77, "Agent")
    status, body = await api("sendMessage", chat_id=77, text="psst")
    assert (status, body["description"]) == (
        403,
        "Forbidden: bot can't initiate conversation with a user",
    )
    double.driver.private_user(77)  # the agent opens the bot
    assert (await api("sendMessage", chat_id=77, text="psst"))[0] == 200
