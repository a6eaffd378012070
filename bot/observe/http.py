"""The ops endpoint: an aiohttp server on ``KEFU_HTTP_LISTEN`` beside the bot, in the same
process, with ``GET /healthz`` and ``GET /metrics``.

- /healthz: 200 ``{"ok": true, ...}`` when the database, Redis (if configured) and the Bot
  API answer; 503 ``{"ok": false, "failing": ["redis"], ...}`` naming those that do not.
- /metrics: Prometheus' text format, from the app's own registry (``metrics.py``) with the
  figures read at the scrape (``scrape.py``).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Settings
from bot.observe.health import BotApiCheck, Check, Health, database_check, redis_check
from bot.observe.metrics import Metrics
from bot.observe.scrape import ScrapeReads
from bot.storage.database import make_sessionmaker
from bot.storage.desk_stats import DeskStats
from bot.support.clock import Clock
from bot.support.redaction import Redactor

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from bot.app.kefu_app import KefuApp

log = logging.getLogger(__name__)


def ops_app(health: Health, metrics: Metrics, reads: ScrapeReads) -> web.Application:
    """The aiohttp application answering /healthz and /metrics."""
    scraping = asyncio.Lock()  # one scrape's reads and collect at a time

    async def healthz(_: web.Request) -> web.Response:
        failing = await health.failing()
        if failing:
            return web.json_response({"ok": False, "failing": failing}, status=503)
        return web.json_response({"ok": True})

    async def scrape(_: web.Request) -> web.Response:
        async with scraping:
            await reads.refresh()
            body = generate_latest(metrics.registry)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    server = web.Application()
    server.router.add_get("/healthz", healthz)
    server.router.add_get("/metrics", scrape)
    return server


class OpsEndpoint:
    """The server on ``KEFU_HTTP_LISTEN``: health from the start, the app's figures once
    :meth:`watch` is given the app (it is made after the server, see the composition
    root)."""

    def __init__(
        self,
        settings: Settings,
        clock: Clock,
        metrics: Metrics,
        engine: AsyncEngine,
        redis: Redis | None,
        redactor: Redactor,
    ) -> None:
        self._settings = settings
        self._clock = clock
        self._engine = engine
        timeout = settings.health_timeout
        self._bot_api = BotApiCheck(
            str(settings.telegram_api_url),
            settings.token(),
            clock,
            redactor,
            settings.health_bot_api_cache,
            timeout,
        )
        checks: dict[str, Check] = {"database": database_check(engine)}
        if redis is not None:
            checks["redis"] = redis_check(redis)
        checks["bot_api"] = self._bot_api
        self._reads = ScrapeReads(timeout)
        metrics.registry.register(self._reads)
        server = ops_app(Health(checks, timeout), metrics, self._reads)
        self._runner = web.AppRunner(server, access_log=None)

    async def start(self, host: str, port: int) -> None:
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        log.info("ops endpoint (/healthz, /metrics) on %s:%s", host, port)

    def watch(self, app: KefuApp) -> None:
        """Read ``app``'s outbox and broadcasts, and the desk's figures, at each scrape."""
        settings = self._settings
        stats = DeskStats(
            make_sessionmaker(self._engine), self._clock, settings.tz, settings.sla_first_response
        )
        self._reads.watch(app.outbox.depth_by_chat, stats, app.notice_parts.broadcasts)

    async def close(self) -> None:
        await self._runner.cleanup()
        await self._bot_api.close()


async def ops_endpoint(
    settings: Settings,
    clock: Clock,
    metrics: Metrics | None,
    engine: AsyncEngine,
    redis: Redis | None,
    redactor: Redactor,
) -> OpsEndpoint | None:
    """The ops endpoint, serving, if ``KEFU_HTTP_LISTEN`` is set (None otherwise).
    ``engine``: what the health check and the scrape read through (a SQLite file's
    read engine answers beside a long write)."""
    address = settings.http_address
    if address is None or metrics is None:
        return None
    ops = OpsEndpoint(settings, clock, metrics, engine, redis, redactor)
    try:
        await ops.start(*address)
    except BaseException:
        await ops.close()
        raise
    return ops
