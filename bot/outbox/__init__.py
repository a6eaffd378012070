"""The outbox: every message kefu sends to Telegram leaves through it, within Telegram's
limits, by priority, with retries (see ``outbox.py`` for the whole picture)."""

from bot.outbox.errors import OutboxClosed
from bot.outbox.html_text import escape, plain_text, text_length
from bot.outbox.limits import OutboxLimits
from bot.outbox.outbox import Outbox
from bot.outbox.priority import Priority
from bot.outbox.split import expand, split_html
from bot.outbox.transport import OnBlocked, OnGroupForbidden, Transport

__all__ = [
    "OnBlocked",
    "OnGroupForbidden",
    "Outbox",
    "OutboxClosed",
    "OutboxLimits",
    "Priority",
    "Transport",
    "escape",
    "expand",
    "plain_text",
    "split_html",
    "text_length",
]
