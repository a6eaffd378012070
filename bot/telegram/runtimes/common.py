"""What every runtime (aiogram, python-telegram-bot) shares: its contract with the
composition root, and the names of Telegram's webhook header and update kinds."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Protocol

from bot.telegram.outbox import Transport

if TYPE_CHECKING:
    from bot.app.kefu_app import KefuApp

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name, not a secret
# my_chat_member: a user blocked or unblocked the bot (or a group added or removed it).
ALLOWED_UPDATES = ("message", "edited_message", "callback_query", "my_chat_member")


class Runtime(Protocol):
    """A messaging library's adapter: serves until ``stop`` is set, then shuts down cleanly."""

    async def run(self, stop: asyncio.Event, webhook: bool = False) -> None: ...


class FatalRuntimeError(RuntimeError):
    """The runtime cannot go on (the token was refused): stop, and say why."""


class Connection(Protocol):
    """A messaging library's client, made before the app: the app's outbox sends through
    its ``transport``, and ``runtime`` then drives the app over the same client."""

    transport: Transport

    def runtime(self, app: KefuApp) -> Runtime: ...
