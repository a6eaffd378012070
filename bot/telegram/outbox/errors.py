"""Errors the outbox itself raises (Telegram's own errors live in :mod:`bot.telegram.errors`)."""

from __future__ import annotations


class OutboxClosed(RuntimeError):
    """The outbox is closing or closed: it takes no new work, or could not flush this item."""
