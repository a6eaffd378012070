"""A round-robin load balancer in front of several kefu instances' webhooks, as an
operator would put nginx or a cloud balancer: each delivery goes to the next instance in
turn; one that refuses the connection (killed, starting) is skipped for the next, and if
none answers Telegram gets a 502 and delivers again later."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
from aiohttp import web

from bench.drill_process import free_port

PATH = "/kefu/webhook"


class Balancer:
    """Counts what each target answered (``hits``) and what found no target (``refused``)."""

    def __init__(self, targets: list[str]) -> None:
        self.targets = targets
        self.hits: dict[str, int] = dict.fromkeys(targets, 0)
        self.refused = 0
        self._turn = itertools.cycle(range(len(targets)))
        self._session: aiohttp.ClientSession | None = None

    async def forward(self, request: web.Request) -> web.Response:
        assert self._session is not None
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() != "host"}
        for _ in self.targets:
            target = self.targets[next(self._turn)]
            try:
                async with self._session.post(target, data=body, headers=headers) as answer:
                    self.hits[target] += 1
                    return web.Response(
                        status=answer.status,
                        body=await answer.read(),
                        content_type=answer.content_type,
                    )
            except aiohttp.ClientConnectionError:
                continue  # that instance is down: the next one
        self.refused += 1
        return web.Response(status=502, text="no instance answered")

    @asynccontextmanager
    async def serving(self) -> AsyncIterator[str]:
        """Serve on a free local port; the URL to give Telegram."""
        timeout = aiohttp.ClientTimeout(total=60)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            self._session = session
            app = web.Application()
            app.router.add_post(PATH, self.forward)
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            port = free_port()
            await web.TCPSite(runner, "127.0.0.1", port).start()
            try:
                yield f"http://127.0.0.1:{port}{PATH}"
            finally:
                await runner.cleanup()
