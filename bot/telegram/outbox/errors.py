"""Errors the outbox itself raises (Telegram's own errors live in :mod:`bot.telegram.errors`)."""

from __future__ import annotations

import asyncio
from typing import Any


class OutboxClosed(RuntimeError):
    """The outbox is closing or closed: it takes no new work, or could not flush this item."""


def withdrawn(future: asyncio.Future[Any]) -> bool:
    """Ended by the outbox shutting down (or withdrawn by its caller), not by Telegram:
    nothing to record."""
    return future.cancelled() or isinstance(future.exception(), OutboxClosed)
