"""Telegram errors by kind, independent of the runtime library.

Each runtime maps its library's exceptions onto these, so the outbox decides what to do
(wait, stop sending, alert, retry) in one place.
"""

from __future__ import annotations


class TelegramError(Exception):
    """A call to the Bot API failed. ``description`` is Telegram's text, tokens redacted."""

    def __init__(self, method: str, description: str) -> None:
        super().__init__(f"{method}: {description}")
        self.method = method
        self.description = description


class RetryAfter(TelegramError):
    """429: too many requests; try again after ``retry_after`` seconds.

    ``is_global`` says the limit is the whole bot's rather than one chat's (the outbox then
    pauses every chat); Telegram's answer does not say, so runtimes leave it False and the
    outbox infers it from repeated 429s.
    """

    def __init__(
        self, method: str, description: str, retry_after: float, is_global: bool = False
    ) -> None:
        super().__init__(method, description)
        self.retry_after = retry_after
        self.is_global = is_global


class Forbidden(TelegramError):
    """403: the bot was blocked by the user, or removed from the group."""


class BadRequest(TelegramError):
    """400: the request itself is wrong (message too long, chat or thread not found...)."""


class ServerError(TelegramError):
    """5xx, a timeout or a lost connection: worth retrying with backoff."""


class Unauthorized(BadRequest):
    """401: the token was refused. As a send it is a refused request; a runtime stops on it."""


class Conflict(TelegramError):
    """409: another getUpdates, or a webhook, is active; a poller waits and asks again."""


def failure_reason(exc: BaseException) -> str:
    """Why a send failed, in Telegram's words where it gave any."""
    method = getattr(exc, "method", None)
    description = getattr(exc, "description", None)
    if description:
        return f"{method}: {description}" if method else str(description)
    return f"{type(exc).__name__}: {exc}"[:500]
