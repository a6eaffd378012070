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
    """429: too many requests; try again after ``retry_after`` seconds."""

    def __init__(self, method: str, description: str, retry_after: float) -> None:
        super().__init__(method, description)
        self.retry_after = retry_after


class Forbidden(TelegramError):
    """403: the bot was blocked by the user, or removed from the group."""


class BadRequest(TelegramError):
    """400: the request itself is wrong (message too long, chat or thread not found...)."""


class ServerError(TelegramError):
    """5xx, a timeout or a lost connection: worth retrying with backoff."""
