"""Running kefu: build the parts from the settings, pick the runtime, serve until stopped.

`kefu run`, `kefu try` and the scenario tests all come through here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis.asyncio import Redis

from bot.app.i18n import Translator
from bot.app.kefu_app import Tuning
from bot.config import Settings
from bot.services import ping_database, ping_redis
from bot.storage import migrate
from bot.storage.database import make_engine
from bot.support.clock import Clock, SystemClock
from bot.support.redaction import Redactor
from bot.telegram.runtimes.common import Runtime, RuntimeParts
from dialogs.content import load_content

log = logging.getLogger(__name__)


def redactor_for(settings: Settings) -> Redactor:
    redactor = Redactor()
    for secret in (settings.bot_token, settings.webhook_secret):
        if secret is not None:
            redactor.add(secret.get_secret_value())
    return redactor


@asynccontextmanager
async def runtime_parts(
    settings: Settings, clock: Clock | None = None, tuning: Tuning | None = None
) -> AsyncIterator[RuntimeParts]:
    """Engine (migrated if SQLite, checked if PostgreSQL), Redis, content, strings."""
    settings.token()
    engine = make_engine(settings.database_url)
    redis: Redis | None = None
    try:
        await ping_database(engine)
        if settings.is_sqlite:
            await migrate.upgrade(engine)
        else:
            await migrate.require_current(engine)
        if settings.redis_url:
            await ping_redis(settings.redis_url)
            redis = Redis.from_url(settings.redis_url)
        yield RuntimeParts(
            settings=settings,
            clock=clock or SystemClock(),
            engine=engine,
            content=load_content(settings.content_dir),
            translator=Translator(),
            redactor=redactor_for(settings),
            redis=redis,
            tuning=tuning,
        )
    finally:
        if redis is not None:
            await redis.aclose()
        await engine.dispose()


def make_runtime(parts: RuntimeParts) -> Runtime:
    """The runtime ``KEFU_RUNTIME`` names; each library is imported only when chosen."""
    if parts.settings.runtime == "ptb":
        from bot.telegram.runtimes.ptb22.runtime import PtbRuntime

        return PtbRuntime(parts)
    from bot.telegram.runtimes.aiogram3.runtime import AiogramRuntime

    return AiogramRuntime(parts)


async def serve(settings: Settings, stop: asyncio.Event, webhook: bool = False) -> None:
    async with runtime_parts(settings) as parts:
        runtime = make_runtime(parts)
        await runtime.run(stop, webhook=webhook)
