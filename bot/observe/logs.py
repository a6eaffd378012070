"""kefu's logs: one set-up for every `kefu` command, one line per event.

The root logger gets one handler, printing either the plain text line kefu always printed
or, with ``KEFU_LOG_FORMAT=json``, one JSON object per line for log shippers: ``time``
(ISO 8601, UTC), ``level``, ``logger``, ``message``, and ``ticket``/``chat`` when the event
happened while handling a chat's update or a ticket, ``exc`` with the traceback if any.

Which ticket and chat: :class:`LogContext` (``with log_context(chat=...)``) and
:func:`note_in_logs` keep them in a context variable, so every line logged while an
update or a ticket is in hand names them, whichever module logs it. Secrets never reach a
line: every handler of the root logger runs the redaction filter (bot.support.redaction),
which knows the bot token, the webhook secret and the order backend's keys.

A JSON formatter of our own (the stdlib's json, 30 lines) rather than python-json-logger:
the fields are few and fixed, the redaction filter already writes the traceback text it
must print, and one dependency fewer to keep.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import sys
from collections.abc import Mapping
from contextvars import ContextVar, Token
from datetime import UTC, datetime
from typing import IO, Any

from bot.config import Settings
from bot.support.redaction import RedactingFilter, Redactor

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(context)s%(message)s"
CONTEXT_KEYS = ("ticket", "chat")
# Libraries too chatty at INFO for an operator's log: one line per migration step.
QUIET = {"alembic": logging.WARNING}

_tickets = logging.getLogger("kefu.tickets")
_context: ContextVar[Mapping[str, Any]] = ContextVar("kefu_log_context", default={})  # noqa: B039


_SCOPE = "_scope"  # present inside a LogContext: where note_in_logs may add


class LogContext:
    """What the lines logged inside it are about (``ticket=``, ``chat=``): a sync or async
    context manager; on leaving, the context is as it was before, including anything
    :func:`note_in_logs` added inside."""

    def __init__(self, **fields: Any) -> None:
        self._fields = {k: v for k, v in fields.items() if v is not None}
        self._token: Token[Mapping[str, Any]] | None = None

    def __enter__(self) -> None:
        self._token = _context.set({**_context.get(), **self._fields, _SCOPE: True})

    def __exit__(self, *exc: object) -> None:
        if self._token is not None:
            _context.reset(self._token)
            self._token = None

    async def __aenter__(self) -> None:
        self.__enter__()

    async def __aexit__(self, *exc: object) -> None:
        self.__exit__()


def log_context(**fields: Any) -> LogContext:
    """``with log_context(ticket="K-7F3Q2", chat=1001): ...`` (or ``async with``)."""
    return LogContext(**fields)


def note_in_logs(**fields: Any) -> None:
    """Add to the current context until the enclosing :class:`LogContext` ends: for a
    ticket found in the middle of an update's handling. Outside any LogContext it does
    nothing, since nothing would end it (a loop over tickets would name the last one in
    lines about the next)."""
    current = _context.get()
    fields = {k: v for k, v in fields.items() if v is not None}
    if fields and _SCOPE in current:
        _context.set({**current, **fields})


def ticket_event(public_id: str, kind: str, data: Mapping[str, Any], actor_kind: str) -> None:
    """One line for a line of a ticket's trail ("status open -> claimed (agent)"), naming
    the ticket; and the ticket named in the handling's later lines (note_in_logs). A
    note's or a comment's words stay out: they are the people's, not the log's."""
    note_in_logs(ticket=public_id)
    moved = f" {data.get('from')} -> {data.get('to')}" if kind == "status" else ""
    _tickets.info("%s%s (%s)", kind, moved, actor_kind, extra={"ticket": public_id})


def current_log_context() -> dict[str, Any]:
    """The ticket and chat the current line would name."""
    return {k: v for k, v in _context.get().items() if k in CONTEXT_KEYS}


class ContextFilter(logging.Filter):
    """Puts the ticket and chat in hand on each record: as attributes (for JSON) and as
    ``context``, a text prefix like ``[ticket K-7F3Q2 chat 1001] `` (for text)."""

    def filter(self, record: logging.LogRecord) -> bool:
        fields = _context.get()
        parts = []
        for key in CONTEXT_KEYS:
            value = getattr(record, key, None) or fields.get(key)
            if value is not None:
                setattr(record, key, value)
                parts.append(f"{key} {value}")
        record.context = f"[{' '.join(parts)}] " if parts else ""
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, ticket, chat, exc."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in CONTEXT_KEYS:
            value = getattr(record, key, None)
            if value is not None:
                entry[key] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False, default=str)


class KefuLogHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler kefu's set-up puts on the root logger (found again to be replaced)."""


def formatter_for(log_format: str) -> logging.Formatter:
    if log_format == "json":
        return JsonFormatter()
    return logging.Formatter(TEXT_FORMAT)


def configure_logging(
    level: int,
    log_format: str = "text",
    redactor: Redactor | None = None,
    stream: IO[str] | None = None,
) -> None:
    """Set up the root logger once for a `kefu` command: kefu's handler (replacing one an
    earlier call made) unless the host already logs (like basicConfig: under pytest its
    handlers stay), and on every handler the context and redaction filters."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, KefuLogHandler)]:
        root.removeHandler(old)
    if not root.handlers:
        handler = KefuLogHandler(stream or sys.stderr)
        handler.setFormatter(formatter_for(log_format))
        root.addHandler(handler)
        root.setLevel(level)
    for name, quiet in QUIET.items():
        logging.getLogger(name).setLevel(quiet)
    for handler in root.handlers:
        install_filters(handler, redactor)


def install_filters(handler: logging.Handler, redactor: Redactor | None = None) -> None:
    """The context filter, then the redaction filter, once each on ``handler``."""
    if not any(isinstance(f, ContextFilter) for f in handler.filters):
        handler.addFilter(ContextFilter())
    if not any(isinstance(f, RedactingFilter) for f in handler.filters):
        handler.addFilter(RedactingFilter(redactor))


def order_backend_secrets(settings: Settings, env: Mapping[str, str] | None = None) -> list[str]:
    """The order backend's keys (KEFU_ORDERS=http): the values of the environment
    variables its YAML's auth blocks name, and a Basic pair as it travels. None if the
    config cannot be read (`kefu check` and the start say why)."""
    if settings.orders != "http" or settings.orders_config is None:
        return []
    from integrations.http import HttpConfigError, load_config

    try:
        auth = load_config(settings.orders_config).auth
    except HttpConfigError:
        return []
    env = os.environ if env is None else env
    found: list[str] = []
    for spec in auth:
        values = [env.get(getattr(spec, f, None) or "", "") for f in ("env", "user_env")]
        values.append(env.get(getattr(spec, "password_env", None) or "", ""))
        found += [v for v in values if v]
        if getattr(spec, "type", None) == "basic" and all(values[1:]):
            pair = f"{values[1]}:{values[2]}"
            found += [pair, base64.b64encode(pair.encode()).decode()]
    return found
