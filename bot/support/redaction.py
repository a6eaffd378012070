"""Keep secrets out of every message, log line and traceback kefu prints.

A token leaks most easily inside a URL (``https://api.telegram.org/bot<token>/getMe``) in a
library's exception text, so both known secrets and anything shaped like one are masked:
bot tokens, card numbers (13-19 digits passing Luhn's check) and the values of card-secret
fields (``cvv=123``, ``"card_secret": "GIFT-..."``). Known secrets (the token, the webhook
secret, the order backend's keys) are masked plain and URL-encoded.

Every secret a :class:`Redactor` is given is also remembered for the whole process
(:data:`KNOWN`), and the log filter masks all of them: a handler added by anyone, for any
part of kefu, masks every secret kefu was configured with, not only those its caller knew.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

MASK = "<redacted>"
_TOKEN_SHAPE = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")
# A card number: 13-19 digits, maybe in groups split by spaces or dashes. Real card
# numbers start with 2-6 (Mir, Mastercard, Visa, Amex, JCB, UnionPay, Discover...); leaving
# out 1, 7-9 and a leading minus keeps millisecond timestamps and chat ids (-100...) readable.
_PAN_SHAPE = re.compile(r"(?<![\w.-])[2-6](?:[ -]?\d){12,18}(?![\w-])")
# A field that holds a card's secret, as a query parameter, JSON or a Python repr.
_CARD_FIELD = re.compile(
    r"(?i)(?<![a-z0-9])(cvv2?|cvc2?|csc|card_?pin|card_?secrets?|cdkey|cdk|redeem_code)"
    r"""(["']?\s*[:=]\s*["']?)([^\s"',;&}\]]+)"""
)


def luhn_ok(digits: str) -> bool:
    """Whether a string of digits passes the Luhn check card numbers carry."""
    total = 0
    for place, char in enumerate(reversed(digits)):
        n = int(char)
        if place % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _mask_pan(found: re.Match[str]) -> str:
    digits = re.sub(r"[ -]", "", found.group(0))
    return MASK if 13 <= len(digits) <= 19 and luhn_ok(digits) else found.group(0)


def mask_shapes(text: str) -> str:
    """Mask what looks secret whoever's it is: bot tokens, card numbers, card-secret fields."""
    text = _TOKEN_SHAPE.sub(MASK, text)
    text = _PAN_SHAPE.sub(_mask_pan, text)
    return _CARD_FIELD.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)


class Redactor:
    """Masks the secrets it was given (plain and URL-encoded) and every secret shape."""

    def __init__(
        self, secrets: Iterable[str | None] | None = None, *, remember: bool = True
    ) -> None:
        self._secrets: list[str] = []
        self._remember = remember
        for secret in secrets or []:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        if not secret:
            return
        if self._remember:
            KNOWN.add(secret)
        for form in (secret, quote(secret, safe=""), quote_plus(secret)):
            if form not in self._secrets:
                self._secrets.append(form)
        # Longest first, so a secret that contains another is masked whole.
        self._secrets.sort(key=len, reverse=True)

    @property
    def secrets(self) -> tuple[str, ...]:
        """What it masks by name (each secret's forms), for a check that nothing leaked."""
        return tuple(self._secrets)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return mask_shapes(text)


KNOWN = Redactor(remember=False)
"""Every secret any Redactor of this process was given: the log filter masks them all."""


class RedactingFilter(logging.Filter):
    """A logging filter that rewrites each record's message, exception and stack text,
    masking its redactor's secrets and every secret the process knows (:data:`KNOWN`)."""

    def __init__(self, redactor: Redactor | None = None) -> None:
        super().__init__()
        self._redactor = redactor

    def redact(self, text: str) -> str:
        if self._redactor is not None:
            text = self._redactor(text)
        return KNOWN(text)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string is logging's to report; mask what there is
            message = str(record.msg)
        record.msg = self.redact(message)
        record.args = None
        if record.exc_info:
            formatted = logging.Formatter().formatException(record.exc_info)
            record.exc_text = formatted
            record.exc_info = None
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
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
