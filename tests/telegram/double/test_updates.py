"""getUpdates: confirmation by offset, limit, allowed_updates, long polling, one poller."""

from __future__ import annotations

import asyncio

import aiohttp

from bot.telegram.double import BotApiDouble
from tests.telegram.double.conftest import RawCall


async def test_offset_confirms_and_limit_caps(api: RawCall, double: BotApiDouble) -> None:
    user = double.driver.private_user(1, "A")
    for text in ("one", "two", "three"):
        await user.send_text(text)
    _, body = await api("getUpdates", limit=2)
    first, second = body["result"]
    assert [first["message"]["text"], second["message"]["text"]] == ["one", "two"]
    _, body = await api("getUpdates")  # nothing confirmed yet: the same again, plus the third
    assert [u["message"]["text"] for u in body["result"]] == ["one", "two", "three"]
    _, body = await api("getUpdates", offset=second["update_id"] + 1)
    assert [u["message"]["text"] for u in body["result"]] == ["three"]
    assert double.updates.pending_count == 1
    await user.send_text("four")
    _, body = await api("getUpdates", offset=-1)
    assert [u["message"]["text"] for u in body["result"]] == ["four"]


async def test_long_poll_wakes_when_a_user_writes(api: RawCall, double: BotApiDouble) -> None:
    user = double.driver.private_user(1, "A")
    poll = asyncio.create_task(api("getUpdates", timeout=10))
    await double.updates.arrived.wait_until(lambda: double.updates.poll_generation > 0, 5)
    await user.send_text("hello?")
    status, body = await asyncio.wait_for(poll, 5)
    assert status == 200
    assert body["result"][0]["message"]["text"] == "hello?"


async def test_a_second_poller_ends_the_first_with_409(api: RawCall, double: BotApiDouble) -> None:
    first = asyncio.create_task(api("getUpdates", timeout=10))
    await double.updates.arrived.wait_until(lambda: double.updates.poll_generation > 0, 5)
    second = asyncio.create_task(api("getUpdates", timeout=10))
    status, body = await asyncio.wait_for(first, 5)
    assert status == 409
    assert body["description"].startswith("Conflict: terminated by other getUpdates request")
    await double.driver.private_user(1, "A").send_text("x")
    assert (await asyncio.wait_for(second, 5))[0] == 200


async def test_allowed_updates_filters_later_updates(api: RawCall, double: BotApiDouble) -> None:
    user = double.driver.private_user(1, "A")
    await api("getUpdates", allowed_updates=["callback_query"])
    await user.send_text("ignored")
    assert double.updates.pending_count == 0
    await api("getUpdates", allowed_updates=[])  # back to the default set
    await user.send_text("seen")
    _, body = await api("getUpdates")
    assert [u["message"]["text"] for u in body["result"]] == ["seen"]


async def test_driver_updates_albums_edits_and_membership(
    api: RawCall, double: BotApiDouble
) -> None:
    user = double.driver.private_user(1, "A")
    album = await user.send_album(3, caption="three shots")
    edited = await user.send_text("typo")
    await user.edit(edited, "fixed")
    await user.send_sticker()
    await user.send_voice(duration=7)
    await user.send_document(mime="image/png")
    user.block()
    _, body = await api("getUpdates")
    kinds = [next(k for k in u if k != "update_id") for u in body["result"]]
    assert kinds == ["message"] * 4 + ["edited_message"] + ["message"] * 3 + ["my_chat_member"]
    photos = [u["message"] for u in body["result"][:3]]
    assert {m["media_group_id"] for m in photos} == {album[0].media_group_id}
    assert photos[0]["caption"] == "three shots" and "caption" not in photos[1]
    assert body["result"][4]["edited_message"]["text"] == "fixed"
    assert body["result"][6]["message"]["voice"]["duration"] == 7
    assert body["result"][7]["message"]["document"]["mime_type"] == "image/png"
    assert body["result"][8]["my_chat_member"]["new_chat_member"]["status"] == "kicked"


async def test_closing_the_double_ends_a_long_poll_at_once(double: BotApiDouble) -> None:
    async with aiohttp.ClientSession() as session:
        url = f"{double.base_url}/bot{double.token}/getUpdates?timeout=30"
        poll = asyncio.create_task(session.get(url))
        await double.updates.arrived.wait_until(lambda: double.updates.poll_generation > 0, 5)
        await asyncio.wait_for(double.close(), 5)
        resp = await asyncio.wait_for(poll, 5)
        assert (await resp.json())["result"] == []
