"""The sandbox's web server (aiohttp, like the double): the page, its live stream of
snapshots over a WebSocket, the actions it posts, and the files in the chats.

:func:`serve_sandbox` is `kefu sandbox`: the double and kefu (from :mod:`bot.sandbox.launch`),
the people on the page (:mod:`.stage`), and this server on loopback until interrupted.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from importlib import resources
from pathlib import Path
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web

from bot.config import Settings
from bot.sandbox.launch import SANDBOX_DATABASE_URL, sandbox
from bot.sandbox.web.guard import Served, guard
from bot.sandbox.web.stage import ADMIN_ID, ActionError, Stage
from bot.sandbox.web.view import snapshot

STATIC = Path(str(resources.files("bot.sandbox.web") / "static"))
STAGE: web.AppKey[Stage] = web.AppKey("stage", Stage)
DESK_TITLE = "Support desk (kefu sandbox)"
PNG_MAGIC = b"\x89PNG"
# Raster pictures, shown in the page; SVG is an image too, but it can carry script.
INLINE = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
PAGES: web.AppKey[set[web.WebSocketResponse]] = web.AppKey("pages", set)
# s: how long stopping waits for a page to answer the socket's close, and for handlers
# still running (aiohttp's default is a minute; a Ctrl-C should stop the sandbox at once).
CLOSE_WAIT = 2.0


class CannotServe(Exception):
    """The page's address cannot be listened on (the port taken, the host not here)."""


def web_app(stage: Stage, served: Served) -> web.Application:
    """The page's routes, serving ``stage`` at ``served`` (to it alone: :mod:`.guard`)."""
    app = web.Application(middlewares=[guard(served)])
    app[STAGE] = stage
    app[PAGES] = set()
    app.on_shutdown.append(_close_pages)
    app.router.add_get("/", _index)
    app.router.add_get("/ws", _stream)
    app.router.add_post("/api/act", _act)
    app.router.add_get("/file/{file_id}", _file)
    app.router.add_static("/static/", STATIC)
    return app


async def _index(request: web.Request) -> web.StreamResponse:
    return web.FileResponse(STATIC / "index.html")


async def _act(request: web.Request) -> web.Response:
    stage = request.app[STAGE]
    if request.content_type != "application/json":
        # A cross-site form or text/plain fetch needs no preflight; JSON does (see .guard).
        error = f"refused: /api/act takes application/json, not {request.content_type!r}"
        return web.json_response({"ok": False, "error": error}, status=415)
    try:
        body = await request.json()
    except ValueError:
        return web.json_response({"ok": False, "error": "the body is not JSON"}, status=400)
    try:
        if not isinstance(body, dict):
            raise ActionError("an action is a JSON object")
        result = await stage.act(body)
    except ValueError as exc:  # ActionError, or the double's (a topic that is not there)
        # What a Telegram client would refuse (an empty message, a deleted topic): said
        # on the page, as a client greys the button out, and kefu never sees it.
        return web.json_response({"ok": False, "error": str(exc)}, status=400)
    return web.json_response({"ok": True, **result})


async def _file(request: web.Request) -> web.Response:
    stored = request.app[STAGE].double.world.files.get(request.match_info["file_id"])
    if stored is None:
        raise web.HTTPNotFound()
    kind = "image/png" if stored.data.startswith(PNG_MAGIC) else stored.mime_type
    kind = kind or "application/octet-stream"
    # A file is whatever a person (or a bot) sent: the browser must not guess it is a page
    # and run it as the sandbox's own; only pictures it draws are shown, the rest saved.
    headers = {"X-Content-Type-Options": "nosniff"}
    if kind not in INLINE:
        headers["Content-Disposition"] = "attachment"
    return web.Response(body=stored.data, content_type=kind, headers=headers)


async def _stream(request: web.Request) -> web.WebSocketResponse:
    """A snapshot now and another each time what the page shows changes, until the page
    goes or the server stops (:func:`_close_pages` closes the socket)."""
    stage = request.app[STAGE]
    changed = stage.double.world.changed
    ws = web.WebSocketResponse(heartbeat=20, timeout=CLOSE_WAIT)
    await ws.prepare(request)
    request.app[PAGES].add(ws)
    reader = asyncio.create_task(_drain(ws))
    last = ""

    def news() -> str | None:
        # Built once per look and sent as built. A closed socket counts as news: the wait
        # ends at once, not at its timeout.
        current = _render(stage)
        return current if current != last or ws.closed else None

    try:
        current: str | None = _render(stage)
        while not ws.closed:
            if current and current != last:
                await ws.send_str(current)
                last = current
            # The double signals every change it makes; the timeout catches the page's
            # own (the demo shop's state is not the double's).
            current = await changed.wait_until(news, 1.0)
    except ConnectionResetError:
        pass  # the page went away mid-send
    finally:
        request.app[PAGES].discard(ws)
        reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await reader
    return ws


def _render(stage: Stage) -> str:
    return json.dumps(snapshot(stage), ensure_ascii=False)


async def _close_pages(app: web.Application) -> None:
    """On shutdown, close the pages' sockets: each stream then ends at once, where aiohttp
    would otherwise wait out its shutdown timeout for handlers still streaming."""
    pages = list(app[PAGES])
    await asyncio.gather(
        *(ws.close(code=WSCloseCode.GOING_AWAY, message=b"kefu sandbox stopped") for ws in pages),
        return_exceptions=True,
    )
    app[STAGE].double.world.changed.notify()  # wake the streams to see their socket closed


async def _drain(ws: web.WebSocketResponse) -> None:
    """Read the socket so aiohttp sees the page close it (the page only listens)."""
    async for msg in ws:
        if msg.type == WSMsgType.ERROR:
            break


@contextlib.asynccontextmanager
async def running_sandbox(
    settings: Settings, host: str, port: int, database_url: str = SANDBOX_DATABASE_URL
) -> AsyncIterator[tuple[str, Stage, asyncio.Task[None]]]:
    """The double, kefu serving it and the page on ``host:port`` (0: a free port): the
    page's address, its people, and kefu's runtime (done if kefu stopped on its own)."""
    async with sandbox(
        settings, desk_title=DESK_TITLE, database_url=database_url, admin_ids=[ADMIN_ID]
    ) as box:
        stop = asyncio.Event()
        serving = asyncio.create_task(box.kefu.runtime.run(stop))
        stage = Stage(box)
        served = Served(host)
        app = web_app(stage, served)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=CLOSE_WAIT)
        await runner.setup()
        try:
            try:
                await web.TCPSite(runner, host, port).start()
            except OSError as exc:  # taken, not this machine's, or not a host at all
                reason = exc.strerror or str(exc)
                raise CannotServe(f"cannot serve the sandbox on {host}:{port}: {reason}") from exc
            served.port = runner.addresses[0][1]
            await stage.populate()
            yield served.address(), stage, serving
        finally:
            stop.set()
            await runner.cleanup()
            with contextlib.suppress(asyncio.CancelledError):
                await serving


async def serve_sandbox(
    settings: Settings, host: str, port: int, ready: Callable[[str], Any] = print
) -> None:
    """`kefu sandbox`: run it all until cancelled (Ctrl-C) or kefu stops on its own;
    ``ready`` gets the page's address once it answers."""
    async with running_sandbox(settings, host, port) as (address, _, serving):
        ready(address)
        # Shielded: Ctrl-C cancels this wait, and kefu then stops as on SIGTERM (above).
        await asyncio.shield(serving)
