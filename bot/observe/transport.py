"""Telegram's 429s and 403s counted where the app's calls come back: around the transport.

Every call the app makes (the outbox's sends, the desk's getChatMember, the broadcasts)
goes through the one transport it is given, so wrapping it counts them all without a
hook inside the outbox; the error goes on to the caller unchanged.
"""

from __future__ import annotations

from bot.observe.metrics import Metrics
from bot.telegram.errors import Forbidden, RetryAfter
from bot.telegram.ops import Op, OpResult
from bot.telegram.outbox import Transport


class ObservedTransport:
    """A :class:`Transport` that tells ``metrics`` of each 429 and 403 it passes on."""

    def __init__(self, inner: Transport, metrics: Metrics) -> None:
        self._inner = inner
        self._metrics = metrics

    async def execute(self, op: Op) -> OpResult:
        try:
            return await self._inner.execute(op)
        except RetryAfter:
            self._metrics.refused(429, getattr(op, "chat_id", None))
            raise
        except Forbidden:
            self._metrics.refused(403, getattr(op, "chat_id", None))
            raise


def observed(transport: Transport, metrics: Metrics | None) -> Transport:
    """``transport``, counted when there are metrics to count into."""
    return transport if metrics is None else ObservedTransport(transport, metrics)
