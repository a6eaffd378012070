"""The outbox: every message kefu sends to Telegram leaves through it, within Telegram's
limits, by priority, with retries (see ``outbox.py`` for the whole picture)."""

from bot.telegram.outbox.errors import OutboxClosed, withdrawn
from bot.telegram.outbox.html_text import escape, plain_text, text_length
from bot.telegram.outbox.limits import OutboxLimits
from bot.telegram.outbox.merge import Merge
from bot.telegram.outbox.outbox import Outbox
from bot.telegram.outbox.priority import Band, Priority
from bot.telegram.outbox.shared_budget import SharedBudget
from bot.telegram.outbox.split import expand, split_html
from bot.telegram.outbox.transport import OnBlocked, OnGroupForbidden, OnRetryAfter, Transport

__all__ = [
    "Band",
    "Merge",
    "OnBlocked",
    "OnGroupForbidden",
    "OnRetryAfter",
    "Outbox",
    "OutboxClosed",
    "OutboxLimits",
    "Priority",
    "SharedBudget",
    "Transport",
    "escape",
    "expand",
    "plain_text",
    "split_html",
    "text_length",
    "withdrawn",
]
