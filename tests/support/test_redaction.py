"""Tokens never reach a log line, even inside a library's exception text."""

from __future__ import annotations

import io
import logging

from bot.support.redaction import MASK, RedactingFilter, Redactor

TOKEN = "123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0"


def test_known_secret_and_token_shapes_are_masked() -> None:
    redact = Redactor(["my-webhook-secret"])
    text = f"GET https://api.telegram.org/bot{TOKEN}/getMe failed; secret my-webhook-secret"
    out = redact(text)
    assert TOKEN not in out and "my-webhook-secret" not in out
    assert out.count(MASK) == 2


def test_log_records_and_tracebacks_are_redacted() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter(Redactor([TOKEN])))
    logger = logging.getLogger("kefu.test.redaction")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("calling %s", f"/bot{TOKEN}/sendMessage")
        try:
            raise RuntimeError(f"connect failed for https://x/bot{TOKEN}/getUpdates")
        except RuntimeError:
            logger.exception("polling failed")
    finally:
        logger.removeHandler(handler)
    output = stream.getvalue()
    assert TOKEN not in output
    assert "polling failed" in output and "RuntimeError" in output and MASK in output
