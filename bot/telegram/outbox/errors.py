"""Errors the outbox itself raises (Telegram's own errors live in :mod:`bot.telegram.errors`)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any


class OutboxClosed(RuntimeError):
    """The outbox is closing or closed: it takes no new work, or could not flush this item."""


def withdrawn(future: asyncio.Future[Any]) -> bool:
    """Ended by the outbox shutting down (or withdrawn by its caller), not by Telegram:
    nothing to record."""
    return future.cancelled() or isinstance(future.exception(), OutboxClosed)


def report_crash(runner: asyncio.Task[None]) -> None:
    """A dispatcher that died would stall every message: never let that pass unheard."""
    if not runner.cancelled() and runner.exception() is not None:
        logging.getLogger("bot.telegram.outbox.outbox").critical(
            "The outbox stopped sending", exc_info=runner.exception()
        )
