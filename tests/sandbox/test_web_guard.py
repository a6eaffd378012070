"""Only the sandbox's own page drives it. Another website open in the same browser cannot:
a cross-site text/plain POST (no CORS preflight) is refused for its Content-Type, a
request from a foreign Origin or to a rebound name (DNS rebinding: a Host that is not the
sandbox's address) is refused with the reason, on /api/act, /ws and the files alike; and
a file from a chat is served as data, never as a page the browser might run."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest
from yarl import URL

EVIL = "https://evil.example"


def there(address: str) -> tuple[int, str]:
    """The sandbox's port, and the Origin its own page sends."""
    port = URL(address).port
    assert port is not None
    return port, f"http://127.0.0.1:{port}"


async def post(session: aiohttp.ClientSession, body: Any, **headers: str) -> tuple[int, Any]:
    async with session.post("/api/act", data=json.dumps(body), headers=headers) as answer:
        return answer.status, await answer.json()


async def test_a_cross_site_post_is_refused_and_the_page_s_own_is_not(page: Any) -> None:
    address, stage, session = page
    port, own = there(address)
    before = dict(stage.users)
    add = {"action": "add_user", "name": "Mallory"}

    # What a form or a no-preflight fetch on another site can send: text/plain.
    status, answer = await post(session, add, **{"Content-Type": "text/plain"})
    assert status == 415 and "takes application/json" in answer["error"]
    json_ = {"Content-Type": "application/json"}
    status, answer = await post(session, add, **json_, Origin=EVIL)
    assert status == 403 and f"a page from '{EVIL}'" in answer["error"]
    status, answer = await post(session, add, **json_, Origin="null")
    assert status == 403
    # DNS rebinding: the browser thinks it talks to evil.example, which now points here.
    rebound = {"Host": f"evil.example:{port}", "Origin": f"http://evil.example:{port}"}
    status, answer = await post(session, add, **json_, **rebound)
    assert status == 403 and "'evil.example:" in answer["error"]
    assert f"open http://127.0.0.1:{port}/" in answer["error"]
    status, _ = await post(session, add, **json_, Host=f"127.0.0.1:{port + 1}")
    assert status == 403
    assert stage.users == before  # none of them reached the double

    # The page itself, opened at 127.0.0.1 or at localhost; and a client sending no Origin.
    assert (await post(session, add, **json_, Origin=own))[0] == 200
    local = {"Host": f"localhost:{port}", "Origin": f"http://localhost:{port}"}
    assert (await post(session, add, **json_, **local))[0] == 200
    assert (await post(session, add, **json_))[0] == 200
    assert len(stage.users) == len(before) + 3


async def test_the_stream_and_the_files_refuse_a_foreign_page_too(page: Any) -> None:
    address, _, session = page
    port, own = there(address)
    for headers in ({"Origin": EVIL}, {"Host": f"evil.example:{port}"}):
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect("/ws", headers=headers)
        assert refused.value.status == 403
        async with session.get("/", headers=headers) as answer:
            assert answer.status == 403 and "refused:" in await answer.text()
    async with session.ws_connect("/ws", origin=own) as ws:
        assert json.loads(await ws.receive_str(timeout=10))["users"]


async def test_a_file_is_served_as_data_and_only_pictures_inline(page: Any) -> None:
    _, stage, session = page
    files = stage.double.world.files
    html = files.add("document", b"<script>alert(1)</script>", mime_type="text/html")
    async with session.get(f"/file/{html.file_id}") as answer:
        assert answer.status == 200
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers["Content-Disposition"] == "attachment"
    svg = files.add("document", b"<svg onload='alert(1)'/>", mime_type="image/svg+xml")
    async with session.get(f"/file/{svg.file_id}") as answer:
        assert answer.headers["Content-Disposition"] == "attachment"
    png = files.add("photo", b"\x89PNG\r\n\x1a\n", mime_type=None)
    async with session.get(f"/file/{png.file_id}") as answer:
        assert answer.content_type == "image/png"
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert "Content-Disposition" not in answer.headers
