"""Runs the real kefu (a runtime, the app, SQLite or PostgreSQL) against the Bot API double,
in the test's own event loop, by polling or by webhook."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.app.kefu_app import KefuApp, Tuning
from bot.composition import Kefu, assembled
from bot.config import Settings
from bot.support.clock import Clock
from bot.telegram.double import BotApiDouble, Limits, PrivateUser
from bot.telegram.outbox import OutboxLimits

# The runtime a scenario runs on when it does not name one; the autouse ``runtime`` fixture
# of conftest sets it, so each scenario is written once and runs on every runtime.
RUNTIMES = ("aiogram", "ptb")
current_runtime = RUNTIMES[0]

# Retries in tests wait milliseconds, not seconds: the policy is the same, only faster.
FAST_RETRIES = OutboxLimits(backoff_base=0.02, backoff_cap=0.2)
# For scenarios about something other than rate limits: a user's chat may take 50 messages a
# second, so a long conversation is not paced at Telegram's one a second.
ROOMY = Limits(private_per_second=50, private_burst=50)
ROOMY_OUTBOX = Tuning(
    outbox=OutboxLimits(private_per_second=50, private_burst=20, backoff_base=0.02)
)


def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Running:
    """A kefu that is serving: kefu as assembled, its app, and how to stop it."""

    kefu: Kefu
    app: KefuApp
    stop: asyncio.Event
    task: asyncio.Task[None]
    settings: Settings

    async def shutdown(self) -> None:
        self.stop.set()
        await asyncio.wait_for(self.task, 30)


def kefu_settings(double: BotApiDouble, tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "bot_token": double.token,
        "telegram_api_url": double.base_url,
        "database_url": f"sqlite+aiosqlite:///{tmp_path / 'kefu.db'}",
        "poll_timeout": 5,
        "redis_url": None,
        "webhook_url": None,
        "webhook_secret": None,
        "admin_ids": [],
        "agent_chat_id": None,
        "default_locale": "en",
        "timezone": "UTC",
        "runtime": "aiogram",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@asynccontextmanager
async def running_kefu(
    double: BotApiDouble,
    tmp_path: Path,
    *,
    webhook: bool = False,
    clock: Clock | None = None,
    tuning: Tuning | None = None,
    **overrides: Any,
) -> AsyncIterator[Running]:
    if webhook:
        port = free_port()
        overrides.setdefault("webhook_url", f"http://127.0.0.1:{port}/kefu/webhook")
        overrides.setdefault("webhook_secret", "s3cret-token_for-tests")
        overrides.setdefault("webhook_listen", f"127.0.0.1:{port}")
    overrides.setdefault("runtime", current_runtime)
    settings = kefu_settings(double, tmp_path, **overrides)
    tuning = tuning or Tuning(outbox=FAST_RETRIES)
    async with assembled(settings, clock=clock or double.clock, tuning=tuning) as kefu:
        stop = asyncio.Event()
        task = asyncio.create_task(kefu.runtime.run(stop, webhook=webhook), name="kefu")
        running = Running(kefu, kefu.app, stop, task, settings)
        try:
            if webhook:  # serving once the webhook is set, unless kefu failed first
                # This kefu's own setWebhook: an earlier one's (a restart) is in the log too.
                calls = double.log.count("setWebhook") + 1
                ready = asyncio.ensure_future(
                    double.log.wait_for("setWebhook", count=calls, timeout=10)
                )
                await asyncio.wait({ready, task}, return_when=asyncio.FIRST_COMPLETED)
                if task.done():
                    ready.cancel()
                    task.result()
                await ready
            yield running
        finally:
            if not task.done():
                await running.shutdown()
            elif task.exception() is not None:
                raise task.exception()  # type: ignore[misc]


async def eventually(check: Callable[[], Awaitable[bool]], timeout: float = 10.0) -> None:  # noqa: ASYNC109
    """Wait for a condition kefu reaches on its own (a row written), with a deadline."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await check():
        if loop.time() > deadline:
            raise AssertionError(f"condition not reached within {timeout} s")
        await asyncio.sleep(0.02)


async def wait_messages(
    double: BotApiDouble,
    user: PrivateUser,
    count: int,
    timeout: float = 20,  # noqa: ASYNC109
) -> None:
    """Wait until the bot has sent ``user`` at least ``count`` messages."""
    if not await double.world.changed.wait_until(lambda: len(user.messages) >= count, timeout):
        raise AssertionError(f"{len(user.messages)} of {count} messages arrived: {user.messages}")
