"""The whole suite's logs, audited for secrets (a pytest plugin; tests/conftest.py imports
its hooks).

For the whole session a handler on the root logger, at DEBUG, sees every record any test
makes, kefu's or a library's (the root is made to hear DEBUG for this handler alone: the
others, pytest's caplog among them, get the records they always got). It formats each
one as kefu's own handler would print it (a copy through bot.observe.logs' context filter
and bot.support.redaction's filter, so the record itself is left alone for pytest's
handlers) and looks in that line for a bot
token (any string shaped like one), the webhook secrets and order backends' keys the tests
configure, every secret kefu was configured with in this process, and card numbers. The
output of `kefu` run as a process (or in process through CliRunner) is looked at too.

It also counts what it found in the record before redaction and not after: the proof that
the suite went down paths where a secret could leak (a request error whose URL holds the
token) and that it was masked there. At the end of the session the run fails (exit status
1) if any line leaked, naming the test, the logger and the line with the secret masked.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import os
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, quote_plus

import pytest

from bot.observe.logs import ContextFilter, formatter_for
from bot.support.redaction import KNOWN, RedactingFilter, luhn_ok
from tests.integrations.http_kit import SECRETS as SHOP_SECRETS

# Secrets the tests configure outside kefu's settings (kefu's own come from KNOWN).
TEST_SECRETS = {
    "webhook secret": (
        "s3cret-token_for-tests",  # tests/scenario/harness.py, test_desk_instances.py
        "s3cr3t_-X",  # tests/telegram/double/test_webhook.py
        "k3fu",  # tests/telegram/double/test_aiogram.py
        "my-webhook-secret",  # tests/support/test_redaction.py
    ),
    "order backend key": (
        *SHOP_SECRETS.values(),  # tests/integrations/http_kit.py
        "ck_live_0123456789abcdef",  # tests/scenario/test_orders_http.py
        "cs_live_fedcba9876543210",
    ),
}
_TOKEN = re.compile(r"\d{4,}:[A-Za-z0-9_-]{20,}")
_PAN = re.compile(r"(?<![\w.-])[2-6](?:[ -]?\d){12,18}(?![\w-])")
_KEFU_ARGS = re.compile(r"(^|\s)-m bot(\s|$)|(^|/)kefu(\s|$)")


@dataclass(frozen=True)
class Leak:
    test: str
    source: str
    kinds: tuple[str, ...]
    line: str


_TEST_FORMS = [
    (kind, form)
    for kind, secrets in TEST_SECRETS.items()
    for secret in secrets
    for form in {secret, quote(secret, safe=""), quote_plus(secret)}
]


def findings(text: str) -> Iterator[tuple[str, str]]:
    """(kind, the text found) for each secret in ``text``."""
    for found in _TOKEN.finditer(text):
        yield "bot token", found.group(0)
    for found in _PAN.finditer(text):
        digits = re.sub(r"[ -]", "", found.group(0))
        if 13 <= len(digits) <= 19 and luhn_ok(digits):
            yield "card number", found.group(0)
    for kind, form in _TEST_FORMS:
        if form in text:
            yield kind, form
    for secret in KNOWN.secrets:
        if secret in text:
            yield "secret kefu was configured with", secret


def masked(text: str, found: list[tuple[str, str]]) -> str:
    for kind, secret in sorted(found, key=lambda f: len(f[1]), reverse=True):
        text = text.replace(secret, f"<{kind}>")
    return text[:400]


def _current_test() -> str:
    return os.environ.get("PYTEST_CURRENT_TEST", "(between tests)").rsplit(" ", 1)[0]


class LogAudit(logging.Handler):
    """Collects every record as kefu would print it; counts what was masked, keeps leaks."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records = 0
        self.outputs = 0
        self.masked: Counter[str] = Counter()
        self.leaks: list[Leak] = []
        self._context = ContextFilter()
        self._format = formatter_for("text")

    def handle(self, record: logging.LogRecord) -> bool:
        # No handler filters here: the record is audited on a copy, as kefu prints it.
        with self.lock:
            self._audit(record)
        return True

    def emit(self, record: logging.LogRecord) -> None:  # handle() does the work
        pass

    def _audit(self, record: logging.LogRecord) -> None:
        self.records += 1
        raw = _raw_text(record)
        before = {kind for kind, _ in findings(raw)}
        if not before:  # kefu's line is the record's text masked, with time, level, names
            return
        shown = copy.copy(record)
        self._context.filter(shown)
        RedactingFilter().filter(shown)
        line = self._format.format(shown)
        leaked = list(findings(line))
        for kind in before - {kind for kind, _ in leaked}:
            self.masked[kind] += 1
        if leaked:
            kinds = tuple(sorted({kind for kind, _ in leaked}))
            self.leaks.append(Leak(_current_test(), record.name, kinds, masked(line, leaked)))

    def output(self, source: str, *texts: bytes | str | None) -> None:
        """Audit what a `kefu` command printed."""
        with self.lock:
            self.outputs += 1
            for text in texts:
                if isinstance(text, bytes):
                    text = text.decode("utf-8", "replace")
                for line in (text or "").splitlines():
                    leaked = list(findings(line))
                    if leaked:
                        kinds = tuple(sorted({kind for kind, _ in leaked}))
                        self.leaks.append(
                            Leak(_current_test(), source, kinds, masked(line, leaked))
                        )


def _raw_text(record: logging.LogRecord) -> str:
    try:
        text = record.getMessage()
    except Exception:
        text = str(record.msg)
    if record.exc_info:
        text += "\n" + logging.Formatter().formatException(record.exc_info)
    elif record.exc_text:
        text += "\n" + record.exc_text
    return text + ("\n" + record.stack_info if record.stack_info else "")


AUDIT = LogAudit()
_undo: list[tuple[Any, str, Any]] = []


def _patch(owner: Any, name: str, new: Any) -> None:
    _undo.append((owner, name, getattr(owner, name)))
    setattr(owner, name, new)


def _watch_kefu_processes() -> None:
    """Audit the output of `kefu` commands the tests run (as processes or in process)."""
    popen_communicate = subprocess.Popen.communicate
    process_communicate = asyncio.subprocess.Process.communicate

    def communicate(self: subprocess.Popen[Any], *args: Any, **kwargs: Any) -> Any:
        out, err = popen_communicate(self, *args, **kwargs)
        argv = " ".join(map(str, self.args)) if isinstance(self.args, list) else str(self.args)
        if _KEFU_ARGS.search(argv):
            AUDIT.output(f"process `{argv[-60:]}`", out, err)
        return out, err

    async def communicate_async(self: asyncio.subprocess.Process, *args: Any) -> Any:
        out, err = await process_communicate(self, *args)
        popen = self._transport.get_extra_info("subprocess")  # type: ignore[attr-defined]
        argv = " ".join(map(str, getattr(popen, "args", [])))
        if _KEFU_ARGS.search(argv):
            AUDIT.output(f"process `{argv[-60:]}`", out, err)
        return out, err

    _patch(subprocess.Popen, "communicate", communicate)
    _patch(asyncio.subprocess.Process, "communicate", communicate_async)
    try:
        from click.testing import CliRunner
    except ImportError:  # pragma: no cover
        return
    invoke = CliRunner.invoke

    def invoke_audited(self: CliRunner, *args: Any, **kwargs: Any) -> Any:
        result = invoke(self, *args, **kwargs)
        AUDIT.output("kefu in process (CliRunner)", result.stdout_bytes, result.stderr_bytes)
        return result

    _patch(CliRunner, "invoke", invoke_audited)


def _audit_level(logger: logging.Logger) -> int:
    """The logger's level were the root at DEBUG: a level set on the way up still holds
    (SQLAlchemy's WARNING), the root's does not."""
    here: logging.Logger | None = logger
    while here is not None and here.parent is not None:
        if here.level:
            return here.level
        here = here.parent
    return logging.DEBUG


def _hear_everything() -> None:
    """The root logger as if at DEBUG, for the audit alone: records the root's level would
    drop are made and reach the audit, and only the audit. Every other handler (pytest's
    caplog included) gets exactly the records it got before, so no test sees more."""
    enabled = logging.Logger.isEnabledFor
    call_handlers = logging.Logger.callHandlers

    def is_enabled_for(self: logging.Logger, level: int) -> bool:
        if enabled(self, level):
            return True
        return not self.disabled and self.manager.disable < level >= _audit_level(self)

    def call(self: logging.Logger, record: logging.LogRecord) -> None:
        if enabled(self, record.levelno):
            call_handlers(self, record)  # the audit is among the root's handlers
        else:
            AUDIT.handle(record)

    _patch(logging.Logger, "isEnabledFor", is_enabled_for)
    _patch(logging.Logger, "callHandlers", call)


def pytest_configure(config: pytest.Config) -> None:
    logging.getLogger().addHandler(AUDIT)
    _hear_everything()
    _watch_kefu_processes()


def pytest_sessionfinish(session: pytest.Session) -> None:
    logging.getLogger().removeHandler(AUDIT)
    while _undo:
        owner, name, old = _undo.pop()
        setattr(owner, name, old)
    if AUDIT.leaks:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any) -> None:
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(AUDIT.masked.items())) or "none"
    terminalreporter.write_line(
        f"log audit: {AUDIT.records} log records and {AUDIT.outputs} kefu outputs; "
        f"secrets masked: {kinds}; leaked: {len(AUDIT.leaks)}"
    )
    if not AUDIT.leaks:
        return
    terminalreporter.section("secrets in the logs", sep="!", red=True)
    for leak in AUDIT.leaks[:50]:
        terminalreporter.write_line(f"{leak.test} [{leak.source}] {', '.join(leak.kinds)}:")
        terminalreporter.write_line(f"    {leak.line}")
    if len(AUDIT.leaks) > 50:
        terminalreporter.write_line(f"... and {len(AUDIT.leaks) - 50} more")
