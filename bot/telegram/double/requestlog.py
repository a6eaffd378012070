"""Every call the bot made, with its outcome, so tests can assert on traffic.

"The message arrived exactly once": ``log.calls("sendMessage", chat_id=42, ok=True)``.
"There was a 429 and then a retry": ``log.calls("sendMessage", status=429)`` followed by a
successful one. Entries carry the clock's time, never the token.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.telegram.double.errors import DoubleTimeout
from bot.telegram.double.world import Notifier


@dataclass
class LoggedCall:
    """One Bot API call: method, decoded parameters, when (clock), and the answer."""

    seq: int
    method: str
    params: dict[str, Any]
    at: datetime
    monotonic: float
    status: int = 200
    description: str | None = None
    retry_after: int | None = None
    result: Any = None
    via: str = "http"  # or "webhook-reply": a method returned in a webhook's response
    done: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def chat_id(self) -> Any:
        return self.params.get("chat_id")

    def __repr__(self) -> str:
        outcome = "ok" if self.ok else f"{self.status} {self.description!r}"
        chat = f" chat={self.chat_id}" if self.chat_id is not None else ""
        return f"<#{self.seq} {self.method}{chat} {outcome}>"


class RequestLog:
    """The calls in arrival order; a waiter can block until a matching call completes."""

    def __init__(self) -> None:
        self.entries: list[LoggedCall] = []
        self.changed = Notifier()

    def begin(self, method: str, params: dict[str, Any], at: datetime, mono: float) -> LoggedCall:
        entry = LoggedCall(len(self.entries) + 1, method, params, at, mono)
        self.entries.append(entry)
        return entry

    def finish(self, entry: LoggedCall) -> None:
        entry.done = True
        self.changed.notify()

    def calls(
        self,
        method: str | None = None,
        *,
        chat_id: Any = None,
        ok: bool | None = None,
        status: int | None = None,
    ) -> list[LoggedCall]:
        """Completed calls filtered by method (any case), chat, success or status."""
        out = []
        for entry in self.entries:
            if not entry.done:
                continue
            if method is not None and entry.method.lower() != method.lower():
                continue
            if chat_id is not None and str(entry.chat_id) != str(chat_id):
                continue
            if ok is not None and entry.ok != ok:
                continue
            if status is not None and entry.status != status:
                continue
            out.append(entry)
        return out

    def count(self, method: str | None = None, **filters: Any) -> int:
        return len(self.calls(method, **filters))

    async def wait_for(
        self,
        method: str | None = None,
        *,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109
        **filters: Any,
    ) -> list[LoggedCall]:
        """Wait until at least ``count`` matching calls completed; AssertionError otherwise."""
        found = await self.changed.wait_until(
            lambda: (c := self.calls(method, **filters)) and len(c) >= count and c, timeout
        )
        if not found:
            seen = self.calls(method, **filters)
            raise DoubleTimeout(
                f"waited {timeout}s for {count} call(s) of {method or 'any method'} "
                f"{filters or ''}; got {len(seen)}: {seen[-10:]}; last calls: "
                f"{self.entries[-10:]}"
            )
        return found
