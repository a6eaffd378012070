"""A real local HTTP order service for the HTTP backend's tests (and bench/orders.py): an
aiohttp.web server on 127.0.0.1 with an ephemeral port, scripted per path, recording each
request it gets.

A path answers by a script of `Reply`s, one per request, the last repeating (so "503
twice, then the order" is ``script(path, Reply(503), Reply(503), Reply(json=...))``), or
by a function of the request (`route`). A reply can wait for an asyncio.Event the test
sets, or sleep (with jitter) before answering; its body can be JSON, or any text (to serve
malformed JSON). Handlers are cancelled when the client hangs up, so a reply slower than
the backend's timeout does not outlive its test.

No pytest here: the bench imports it too.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

SHAPES = Path(__file__).resolve().parent / "http_shapes"


def shape(name: str) -> Any:
    """A recorded-shape double from http_shapes/ (name without .json), as fresh data."""
    return json.loads((SHAPES / f"{name}.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Reply:
    """One scripted answer: ``json`` (served as JSON) or ``text`` (served as is)."""

    status: int = 200
    json: Any = None
    text: str | None = None
    delay: float = 0.0  # seconds before answering
    jitter: float = 0.0  # up to this many seconds more, at random
    gate: asyncio.Event | None = None  # answer only once the test sets it
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, name: str, status: int = 200) -> Reply:
        """The recorded shape ``name`` as the reply."""
        return cls(status=status, json=shape(name))


@dataclass(frozen=True)
class Seen:
    """A request the service got."""

    method: str
    path: str  # decoded: /orders/A/1
    raw_path: str  # as sent: /orders/A%2F1
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    at: float  # time.monotonic() on arrival


Responder = Callable[[Seen], Reply | Awaitable[Reply]]


@dataclass
class _Script:
    replies: list[Reply]
    served: int = field(default=0)

    def __call__(self, _: Seen) -> Reply:
        reply = self.replies[min(self.served, len(self.replies) - 1)]
        self.served += 1
        return reply


class OrderService:
    """The server; ``async with OrderService() as service`` starts and stops it."""

    def __init__(self) -> None:
        self.requests: list[Seen] = []
        self._routes: dict[str, Responder] = {}
        self._arrived = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def script(self, path: str, *replies: Reply) -> None:
        """Answer ``path`` with these replies in turn, the last one from then on."""
        if not replies:
            raise ValueError("a script needs a reply")
        self._routes[path] = _Script(list(replies))

    def route(self, path: str, responder: Responder) -> None:
        """Answer ``path`` with whatever ``responder`` makes of each request."""
        self._routes[path] = responder

    def seen(self, path: str | None = None) -> list[Seen]:
        return [r for r in self.requests if path is None or r.path == path]

    async def wait_for(self, count: int, within: float = 5.0) -> None:
        """Until the service has got ``count`` requests in all (TimeoutError after
        ``within`` seconds)."""
        async with asyncio.timeout(within):
            while len(self.requests) < count:
                self._arrived.clear()
                await self._arrived.wait()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        seen = Seen(
            request.method,
            request.path,
            request.raw_path.split("?", 1)[0],
            dict(request.query),
            dict(request.headers),
            await request.read(),
            time.monotonic(),
        )
        self.requests.append(seen)
        self._arrived.set()
        responder = self._routes.get(request.path)
        if responder is None:
            return web.Response(status=404, text="no such route")
        reply = responder(seen)
        if inspect.isawaitable(reply):
            reply = await reply
        assert isinstance(reply, Reply)
        if reply.gate is not None:
            await reply.gate.wait()
        if reply.delay or reply.jitter:
            await asyncio.sleep(reply.delay + random.uniform(0, reply.jitter))
        body = reply.text if reply.text is not None else json.dumps(reply.json, ensure_ascii=False)
        return web.Response(
            status=reply.status, text=body, content_type=reply.content_type, headers=reply.headers
        )

    async def start(self) -> OrderService:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        # No access log (it would write query strings, keys and all), handlers cancelled
        # when the client hangs up, and a short shutdown.
        self._runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=0.5
        )
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = self._runner.addresses[0][1]
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> OrderService:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
