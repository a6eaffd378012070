"""The composition root: kefu is built here, once, and handed to whatever drives it.

From the settings it makes the database engine (migrated if SQLite, checked if PostgreSQL),
Redis, the content, the ops endpoint (/healthz, /metrics: bot/observe, if KEFU_HTTP_LISTEN
is set), the strings, the chosen library's connection to Telegram, and the app on top of
them; then the runtime that feeds the app. `kefu run`, `kefu try`, the scenario
tests and the benchmarks all come through :func:`assembled`, so none of them wires parts
of its own, and later drivers (the web sandbox, a job runner of its own) get the same app.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app.i18n import Translator
from bot.app.kefu_app import KefuApp, Tuning
from bot.app.tuning_file import load_tuning
from bot.config import Settings
from bot.observe.app import ObservedApp
from bot.observe.http import OpsEndpoint, ops_endpoint
from bot.observe.logs import order_backend_secrets
from bot.observe.metrics import Metrics
from bot.observe.transport import observed
from bot.services import ping_database, ping_redis
from bot.storage import migrate
from bot.storage.database import make_engine, make_read_engine
from bot.support.clock import Clock, SystemClock
from bot.support.heap import server_heap
from bot.support.redaction import Redactor
from bot.telegram.runtimes.common import Connection, Runtime
from dialogs.content import load_content

if TYPE_CHECKING:
    from redis.asyncio import Redis


def redactor_for(settings: Settings) -> Redactor:
    redactor = Redactor()
    for secret in (settings.bot_token, settings.webhook_secret):
        if secret is not None:
            redactor.add(secret.get_secret_value())
    for key in order_backend_secrets(settings):  # the shop's API keys (KEFU_ORDERS=http)
        redactor.add(key)
    return redactor


@dataclass
class Kefu:
    """kefu assembled: the app, the runtime that drives it, and what they stand on."""

    settings: Settings
    clock: Clock
    engine: AsyncEngine
    redis: Redis | None
    redactor: Redactor
    app: KefuApp
    runtime: Runtime


def connect(settings: Settings, redactor: Redactor, tuning: Tuning) -> Connection:
    """The connection of the library ``KEFU_RUNTIME`` names; each library is imported
    only when chosen."""
    if settings.runtime == "ptb":
        from bot.telegram.runtimes.ptb22.runtime import PtbConnection

        return PtbConnection(settings, redactor, tuning.parallel_chats)
    from bot.telegram.runtimes.aiogram3.runtime import AiogramConnection

    return AiogramConnection(settings, redactor)


@asynccontextmanager
async def assembled(
    settings: Settings, clock: Clock | None = None, tuning: Tuning | None = None
) -> AsyncIterator[Kefu]:
    """Build kefu from ``settings``; release the database and Redis on the way out."""
    settings.token()
    tuning = tuning or load_tuning(settings.tuning)
    clock = clock or SystemClock()
    redactor = redactor_for(settings)
    engine = make_engine(settings.database_url)
    read_engine = make_read_engine(settings.database_url)
    redis: Redis | None = None
    ops: OpsEndpoint | None = None
    try:
        await ping_database(engine)
        if settings.is_sqlite:
            await migrate.upgrade(engine)
        else:
            await migrate.require_current(engine)
        if settings.redis_url:
            await ping_redis(settings.redis_url)
            from redis.asyncio import Redis  # only when configured: its import costs memory

            # A Redis that stops answering must fail a call, not hang it.
            redis = Redis.from_url(settings.redis_url, socket_timeout=5, socket_connect_timeout=5)
        content = load_content(settings.content_dir)
        # /healthz and /metrics (KEFU_HTTP_LISTEN), serving before the connection is made
        metrics = Metrics(clock) if settings.http_listen else None
        ops = await ops_endpoint(settings, clock, metrics, read_engine or engine, redis, redactor)
        # Last of the parts: nothing after it can fail and leave its client open (the
        # runtime closes it when it stops).
        connection = connect(settings, redactor, tuning)
        app = ObservedApp(
            settings,
            clock,
            engine,
            observed(connection.transport, metrics),  # Telegram's 429s and 403s counted
            content,
            translator=Translator(),
            redis=redis,
            tuning=tuning,
            read_engine=read_engine,
            metrics=metrics,
        )
        if ops is not None:
            ops.watch(app)
        yield Kefu(
            settings=settings,
            clock=app.clock,
            engine=engine,
            redis=redis,
            redactor=redactor,
            app=app,
            runtime=connection.runtime(app),
        )
    finally:
        if ops is not None:
            await ops.close()
        if redis is not None:
            await redis.aclose()
        if read_engine is not None:
            await read_engine.dispose()
        await engine.dispose()


async def serve(settings: Settings, stop: asyncio.Event, webhook: bool = False) -> None:
    async with assembled(settings) as kefu:
        with server_heap():
            await kefu.runtime.run(stop, webhook=webhook)
