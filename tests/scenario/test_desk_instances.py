"""Two kefu instances on one PostgreSQL and one Redis, Telegram's webhook spread over both by a
balancer in front: a user's burst of messages, handled half by each, makes one ticket and
one topic, and every message reaches it."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
from aiohttp import web

from bot.storage import migrate
from bot.storage.database import make_engine
from bot.telegram.double import BotApiDouble
from bot.telegram.double.driver import Group
from tests.scenario.desk_harness import (
    DESK,
    DESK_TUNING,
    TICKET_ID,
    desk,
    double,
    in_topic,
    topic_of,
)
from tests.scenario.harness import free_port, running_kefu
from tests.services import REDIS_URL, redis_client

__all__ = ["desk", "double"]  # fixtures
SECRET = "s3cret-token_for-tests"


@asynccontextmanager
async def balancer(targets: list[str], hits: dict[str, int]) -> AsyncIterator[str]:
    """An HTTP front that hands each webhook delivery to the next target in turn (and
    counts them in ``hits``)."""
    turn = itertools.cycle(targets)
    session = aiohttp.ClientSession()

    async def forward(request: web.Request) -> web.Response:
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() != "host"}
        target = next(turn)
        hits[target] = hits.get(target, 0) + 1
        async with session.post(target, data=body, headers=headers) as answer:
            return web.Response(
                status=answer.status, body=await answer.read(), content_type=answer.content_type
            )

    app = web.Application()
    app.router.add_post("/hook", forward)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}/hook"
    finally:
        await runner.cleanup()
        await session.close()


async def test_two_instances_make_one_topic(
    double: BotApiDouble, desk: Group, tmp_path: Path, postgres_url: str
) -> None:
    engine = make_engine(postgres_url)
    await migrate.upgrade(engine)
    await engine.dispose()
    await (await redis_client()).aclose()  # Redis is there (else: a clear failure or skip)
    shared = {"database_url": postgres_url, "redis_url": REDIS_URL, "agent_chat_id": DESK}
    ports = [free_port(), free_port()]
    urls = [f"http://127.0.0.1:{p}/kefu/webhook" for p in ports]
    hits: dict[str, int] = {}
    async with (
        running_kefu(
            double,
            tmp_path / "a",
            webhook=True,
            tuning=DESK_TUNING,
            webhook_url=urls[0],
            webhook_listen=f"127.0.0.1:{ports[0]}",
            **shared,
        ),
        running_kefu(
            double,
            tmp_path / "b",
            webhook=True,
            tuning=DESK_TUNING,
            webhook_url=urls[1],
            webhook_listen=f"127.0.0.1:{ports[1]}",
            **shared,
        ),
        balancer(urls, hits) as front,
    ):
        async with aiohttp.ClientSession() as http:
            set_to = {"url": front, "secret_token": SECRET}
            async with http.post(
                f"{double.base_url}/bot{double.token}/setWebhook", data=set_to
            ) as answer:
                assert (await answer.json())["ok"]
        user = double.driver.private_user(520, "Mei", language_code="zh-hans")
        said = ["转人工", "充值没到账", "订单 P20241123-0042", "在吗"]
        for text in said:  # the same second: the balancer gives them to both instances
            await user.send_text(text)
        told = await user.next_message(timeout=15)
        (public_id,) = TICKET_ID.findall(told.text)
        thread = await topic_of(desk, public_id, timeout=15)
        copies = await in_topic(desk, thread, 1 + len(said), timeout=30)
        assert [m.text for m in copies[1:]] == said
        assert len(desk.topics) == 1, [t.name for t in desk.topics.values()]
        assert len(double.log.calls("createForumTopic")) == 1
        assert sorted(hits.values()) == [2, 2], "each instance handled half the burst"
