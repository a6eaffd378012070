"""Bot API errors as the double answers them: Telegram's status codes and exact wording.

Every failure leaves the server as ``{"ok": false, "error_code": N, "description": "..."}``;
a 429 adds ``"parameters": {"retry_after": N}``. Handlers raise :class:`ApiError` and the
server turns it into that body, so a description is written in one place only.
"""

from __future__ import annotations

import math
from typing import Any


class ApiError(Exception):
    """A Bot API call failed with ``status`` and Telegram's ``description``."""

    def __init__(self, status: int, description: str, *, retry_after: int | None = None) -> None:
        super().__init__(f"{status} {description}")
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def body(self) -> dict[str, Any]:
        """The JSON body Telegram sends for this error."""
        out: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.retry_after is not None:
            out["parameters"] = {"retry_after": self.retry_after}
        return out


def bad_request(detail: str) -> ApiError:
    """400 with Telegram's ``Bad Request:`` prefix."""
    return ApiError(400, f"Bad Request: {detail}")


def forbidden(detail: str) -> ApiError:
    """403 with Telegram's ``Forbidden:`` prefix."""
    return ApiError(403, f"Forbidden: {detail}")


def too_many_requests(seconds: float) -> ApiError:
    """429: Telegram states whole seconds, never zero."""
    wait = max(1, math.ceil(seconds - 1e-9))  # float slack: 3.0000000001 s is "3"
    return ApiError(429, f"Too Many Requests: retry after {wait}", retry_after=wait)


def unauthorized() -> ApiError:
    return ApiError(401, "Unauthorized")


def not_found() -> ApiError:
    return ApiError(404, "Not Found")


def chat_not_found() -> ApiError:
    return bad_request("chat not found")


def thread_not_found() -> ApiError:
    return bad_request("message thread not found")


def wrong_file() -> ApiError:
    return bad_request("wrong file identifier/HTTP URL specified")


def query_too_old() -> ApiError:
    return bad_request("query is too old and response timeout expired or query ID is invalid")


def not_modified() -> ApiError:
    return bad_request(
        "message is not modified: specified new message content and reply markup are exactly "
        "the same as a current content and reply markup of the message"
    )


WEBHOOK_CONFLICT = ApiError(
    409,
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first",
)
POLL_CONFLICT = ApiError(
    409,
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running",
)

# What an injected fault says when the test gives no description of its own.
DEFAULT_FAULT_DESCRIPTIONS: dict[int, str] = {
    400: "Bad Request: injected fault",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: injected fault",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


class DoubleTimeout(AssertionError, TimeoutError):
    """A test waited for something the bot never did; the message says what did happen.

    Both an AssertionError (pytest shows it as a failed expectation) and a TimeoutError.
    """
