"""The seam between the outbox and a runtime library (aiogram, python-telegram-bot).

A runtime implements :class:`Transport`; the outbox never imports a messaging library.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from bot.telegram.errors import TelegramError
from bot.telegram.ops import Op, OpResult
from bot.telegram.outbox.priority import Priority


class Transport(Protocol):
    """Performs one Bot API call for a neutral operation.

    ``execute`` returns what Telegram answered, or raises one of
    :mod:`bot.telegram.errors` (``RetryAfter``, ``Forbidden``, ``BadRequest``,
    ``ServerError`` for 5xx, timeouts and lost connections). A runtime that knows a 429
    concerns the whole bot rather than one chat sets ``is_global = True`` on the
    ``RetryAfter`` it raises; the outbox then pauses every chat.
    """

    async def execute(self, op: Op) -> OpResult: ...


# Told the user's chat id when a user blocked the bot (403 in a private chat): the caller
# marks the user so nothing else is queued for them. May be a plain or a coroutine function.
OnBlocked = Callable[[int], Awaitable[None] | None]

# Told the group's chat id and the error when the bot lost a group (403 from a group): the
# caller alerts the admins. May be a plain or a coroutine function.
OnGroupForbidden = Callable[[int, TelegramError], Awaitable[None] | None]

# Told Telegram's wait (seconds) and the item's priority on every 429, so whoever feeds the
# outbox a broadcast can slow the whole broadcast down. A plain function.
OnRetryAfter = Callable[[float, Priority], None]
