"""Keep bot tokens out of every message, log line and traceback kefu prints.

A token leaks most easily inside a URL (``https://api.telegram.org/bot<token>/getMe``) in a
library's exception text, so both known tokens and anything shaped like one are masked.
"""

from __future__ import annotations

import logging
import re

_TOKEN_SHAPE = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")
MASK = "<redacted>"


class Redactor:
    """Masks the configured secrets and any string shaped like a bot token."""

    def __init__(self, secrets: list[str] | None = None) -> None:
        self._secrets = [s for s in (secrets or []) if s]

    def add(self, secret: str | None) -> None:
        if secret and secret not in self._secrets:
            self._secrets.append(secret)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return _TOKEN_SHAPE.sub(MASK, text)


class RedactingFilter(logging.Filter):
    """A logging filter that rewrites each record's message and exception text."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self._redact = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self._redact(record.getMessage())
        record.args = None
        if record.exc_info:
            formatted = logging.Formatter().formatException(record.exc_info)
            record.exc_text = self._redact(formatted)
            record.exc_info = None
        return True


def install_log_redaction(redactor: Redactor) -> None:
    """Attach the filter to every handler of the root logger (call after logging is set up)."""
    root = logging.getLogger()
    for handler in root.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter(redactor))


def redact_loggers(redactor: Redactor, *names: str) -> None:
    """Mask the secrets in the records of the named loggers where they are made.

    For libraries that log a URL (with the token in it) or a call's parameters (with the
    webhook secret) at DEBUG: a handler that prints them later, kefu's or not, gets them
    masked. A later call replaces the filter an earlier one put on the same logger.
    """
    for name in names:
        logger = logging.getLogger(name)
        for old in [f for f in logger.filters if isinstance(f, RedactingFilter)]:
            logger.removeFilter(old)
        logger.addFilter(RedactingFilter(redactor))
