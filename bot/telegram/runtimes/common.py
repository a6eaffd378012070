"""What every runtime (aiogram, python-telegram-bot) is built from, and shares."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Protocol

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app.i18n import Translator
from bot.app.kefu_app import Tuning
from bot.config import Settings
from bot.support.clock import Clock
from bot.support.redaction import Redactor
from dialogs.content import Content

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name, not a secret
ALLOWED_UPDATES = ("message", "edited_message", "callback_query")


class Runtime(Protocol):
    """A messaging library's adapter: serves until ``stop`` is set, then shuts down cleanly."""

    async def run(self, stop: asyncio.Event, webhook: bool = False) -> None: ...


class FatalRuntimeError(RuntimeError):
    """The runtime cannot go on (the token was refused): stop, and say why."""


@dataclass
class RuntimeParts:
    """The pieces a runtime needs, built once by :func:`bot.composition.runtime_parts`."""

    settings: Settings
    clock: Clock
    engine: AsyncEngine
    content: Content
    translator: Translator
    redactor: Redactor
    redis: Redis | None = None
    tuning: Tuning | None = None
