"""The sandbox page's server without a browser: what the page posts is done by a person
in the double and kefu answers over HTTP; the WebSocket streams each change; what a
Telegram client could not send is refused with the reason; the demo shop's channel and
links change as `kefu demo` changes them."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import aiohttp

from bot.sandbox.web.stage import ADMIN_ID
from bot.sandbox.web.view import snapshot

Snapshot = dict[str, Any]
UNTIL = 20.0  # s: kefu answers in well under a second; a loaded machine is slower


async def act(session: aiohttp.ClientSession, **body: Any) -> tuple[int, dict[str, Any]]:
    async with session.post("/api/act", json=body) as answer:
        return answer.status, await answer.json()


async def until(
    ws: aiohttp.ClientWebSocketResponse,
    check: Callable[[Snapshot], Any],
    deadline: float = UNTIL,
) -> Snapshot:
    """The first streamed snapshot for which ``check`` holds, within ``deadline`` seconds
    in all: snapshots that keep coming without it must not keep the test waiting."""
    async with asyncio.timeout(deadline):
        while True:
            shown = json.loads(await ws.receive_str())
            if check(shown):
                return shown


def chat(shown: Snapshot, name: str) -> list[dict[str, Any]]:
    (user,) = [u for u in shown["users"] if u["name"] == name]
    return user["chat"]


def said(shown: Snapshot, name: str, text: str) -> bool:
    return any(text in m["html"] for m in chat(shown, name) if m["bot"])


async def test_the_page_acts_through_the_double_and_streams_what_changes(page: Any) -> None:
    _, _, session = page
    async with session.ws_connect("/ws") as ws:
        shown = await until(ws, lambda s: said(s, "Lin", "Hello, Lin!"))
        assert [u["account"] for u in shown["users"]] == ["lin.wei", None]
        assert shown["admin"]["id"] == ADMIN_ID
        assert {"broadcast", "maintenance"} <= {c["command"] for c in shown["admin"]["commands"]}
        assert "order" in {c["command"] for c in chat_commands(shown, "Lin")}

        # A new user in Traditional Chinese is greeted in it, as a /start from Telegram is.
        status, made = await act(session, action="add_user", name="Wen", language="zh-tw")
        assert status == 200
        shown = await until(ws, lambda s: said(s, "Wen", "您好，Wen"))
        assert [u["language"] for u in shown["users"] if u["id"] == made["user"]] == ["zh-tw"]

        # Text, a reply, an edit, a sample photo, an album and a sticker: each as Telegram
        # would deliver it, and drawn back from the double.
        lin = f"user:{shown['users'][0]['id']}"
        await act(session, action="text", who=lin, text="/order")
        shown = await until(ws, lambda s: said(s, "Lin", "Your recent orders"))
        greeting = chat(shown, "Lin")[0]["id"]
        await act(session, action="text", who=lin, text="hi again", replyTo=greeting)
        shown = await until(ws, lambda s: any(m.get("reply") for m in chat(s, "Lin")))
        (mine,) = [m for m in chat(shown, "Lin") if m.get("reply")]
        assert mine["reply"]["text"].startswith("/start") and mine["html"] == "hi again"
        await act(session, action="edit", who=lin, message=mine["id"], text="hi, edited")
        await until(
            ws, lambda s: any(m["html"] == "hi, edited" and m["edited"] for m in chat(s, "Lin"))
        )
        await act(session, action="photo", who=lin, sample="receipt")
        await act(session, action="album", who=lin, samples=["receipt", "bank-app"])
        await act(session, action="sticker", who=lin, emoji="🙏")
        shown = await until(ws, lambda s: any(m["kind"] == "sticker" for m in chat(s, "Lin")))
        photos = [m for m in chat(shown, "Lin") if m["kind"] == "photo" and not m["bot"]]
        assert len(photos) == 3 and len({m["album"] for m in photos[1:]} - {None}) == 1
        async with session.get(photos[0]["file"]) as served:
            assert served.content_type == "image/png"
            assert (await served.read()).startswith(b"\x89PNG")


def chat_commands(shown: Snapshot, name: str) -> list[dict[str, str]]:
    (user,) = [u for u in shown["users"] if u["name"] == name]
    return user["commands"]


async def test_what_a_client_could_not_send_is_refused_with_the_reason(page: Any) -> None:
    _, stage, session = page
    lin = f"user:{min(stage.users)}"
    assert await act(session, action="text", who=lin, text="  ") == (
        400,
        {"ok": False, "error": "nothing to send"},
    )
    # Over Telegram's 4096 (UTF-16 units: an emoji is two), as sent or as an edit.
    status, answer = await act(session, action="text", who=lin, text="😀" * 2049)
    assert status == 400 and "at most 4096 characters; this one has 4098" in answer["error"]
    (shown,) = [u for u in snapshot(stage)["users"] if u["id"] == min(stage.users)]
    start = shown["chat"][0]["id"]  # Lin's /start
    status, answer = await act(session, action="edit", who=lin, message=start, text="x" * 4097)
    assert status == 400 and "at most 4096 characters; this one has 4097" in answer["error"]
    status, answer = await act(session, action="text", who="user:1", text="hi")
    assert status == 400 and "no one called 'user:1'" in answer["error"]
    status, answer = await act(session, action="text", who="agent:20001", text="x", thread=77)
    assert status == 400 and "no topic 77" in answer["error"]
    status, answer = await act(session, action="photo", who=lin, sample="../../etc/passwd")
    assert status == 400 and "no sample image" in answer["error"]
    status, answer = await act(session, action="fly", who=lin)
    assert status == 400 and "no action 'fly'" in answer["error"]
    # A field missing or of the wrong kind is named, not reported as a bare 'who'.
    for body, error in [
        ({"action": "text", "text": "hi"}, "text: 'who' is missing"),
        ({"action": "press", "who": lin, "data": "x"}, "press: 'message' is missing"),
        ({"action": "press", "who": lin, "message": "7", "data": "x"}, "'message' must be a whole"),
        ({"action": "link", "user": True, "account": "lin.wei"}, "'user' must be a whole number"),
        ({"action": "text", "who": lin, "text": "hi", "thread": "x"}, "'thread' must be a whole"),
        ({"action": "album", "who": lin, "samples": "receipt"}, "'samples' must be a list"),
        ({"action": "text", "who": 5, "text": "hi"}, "'who' must be text, not 5"),
    ]:
        status, answer = await act(session, **body)
        assert status == 400 and error in answer["error"], (body, answer)
    async with session.post("/api/act", json=["text"]) as refused:
        assert refused.status == 400 and "a JSON object" in (await refused.json())["error"]
    headers = {"Content-Type": "application/json"}
    async with session.post("/api/act", data="{not json", headers=headers) as refused:
        assert refused.status == 400 and (await refused.json())["error"] == "the body is not JSON"


async def test_the_admin_panel_drives_the_demo_shop_as_kefu_demo_does(page: Any) -> None:
    _, stage, session = page
    shop = stage.box.shop
    assert shop is not None
    assert await act(session, action="channel", channel="alipay", state="down") == (
        200,
        {"ok": True},
    )
    (alipay,) = [h for h in await shop.channels() if h.channel == "alipay"]
    assert alipay.state.value == "down"
    mei = max(stage.users)
    assert (await act(session, action="link", user=mei, account="mika.tan"))[0] == 200
    assert await shop.linked_account(mei) == "mika.tan"
    status, answer = await act(session, action="link", user=mei, account="nobody")
    assert status == 400 and "no demo account 'nobody'" in answer["error"]
    status, answer = await act(session, action="channel", channel="alipay", state="on fire")
    assert status == 400 and "ok, degraded or down" in answer["error"]
