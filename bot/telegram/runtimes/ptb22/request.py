"""python-telegram-bot's HTTP client for kefu: Telegram's refusals read as Telegram wrote them.

PTB turns a refusal into its error classes but rewrites the text ("Bad Request: message
thread not found" becomes "Message thread not found", "Bad Request: TOPIC_CLOSED" becomes
"Topic_closed"), and calls any 4xx it does not name (413, a request too large) a
NetworkError, which kefu would retry. kefu logs Telegram's own words and may act on them,
as on aiogram, so this client reads an error answer itself: it raises PTB's own classes (the
Application and any PTB code see what they expect) and keeps Telegram's text in
:func:`description`.

It also opts into PTB 23's time periods, as PTB 22 offers (``PTB_TIMEDELTA``): a 429's wait
is then a timedelta, and PTB warns of nothing when it builds or reads one (without the
opt-in, every RetryAfter warns of the coming change). An operator's own setting stays.
"""

from __future__ import annotations

import datetime as dtm
import json
import os
from typing import Any

from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.request import HTTPXRequest

_BY_STATUS: dict[int, type[TelegramError]] = {
    401: InvalidToken,
    403: Forbidden,
    404: InvalidToken,  # as PTB: a wrong token's URL is not found
    409: Conflict,
}


class TelegramRequest(HTTPXRequest):
    """HTTPX, as PTB uses it, with Telegram's error answers read as described above."""

    def __init__(self, **options: Any) -> None:
        os.environ.setdefault("PTB_TIMEDELTA", "true")
        super().__init__(**options)

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        code, payload = await super().do_request(*args, **kwargs)
        if 200 <= code <= 299:
            return code, payload
        raise refusal(code, payload)  # PTB passes a TelegramError from here on as it is


def refusal(code: int, payload: bytes) -> TelegramError:
    """The PTB error for an error answer, carrying Telegram's description."""
    try:
        body = json.loads(payload)
        description = str(body["description"])
        parameters = body.get("parameters") or {}
    except (ValueError, KeyError, TypeError, AttributeError):  # a proxy's page, not Telegram's
        return _described(NetworkError(f"{code}: not an answer of the Bot API"), None)
    error: TelegramError
    if parameters.get("migrate_to_chat_id"):
        error = ChatMigrated(int(parameters["migrate_to_chat_id"]))
    elif parameters.get("retry_after"):
        error = RetryAfter(dtm.timedelta(seconds=float(parameters["retry_after"])))
    else:
        kind = _BY_STATUS.get(code) or (BadRequest if code < 500 else NetworkError)
        error = kind(description)
    return _described(error, description)


def _described(error: TelegramError, description: str | None) -> TelegramError:
    error.telegram_description = description  # type: ignore[attr-defined]
    return error


def description(error: TelegramError) -> str:
    """Telegram's words for ``error`` when it came from an answer (PTB may raise it again
    as the cause of its own: a refused token), else PTB's message."""
    for cause in (error, error.__cause__):
        told = getattr(cause, "telegram_description", None)
        if told:
            return told
    return error.message
