"""Failures a test asks for: "the next sendMessage to chat 42 gets a 502", "403 forever".

A fault matches a call by method name (case-insensitive) and/or chat_id, answers with its
status and description instead of running the method (nothing changes in the double), and
is used up after ``times`` matches (``None``: never used up). ``method=None`` matches every
method except getUpdates, so a bot's background polling cannot swallow a one-shot fault
meant for a send; name getUpdates explicitly to break polling.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.telegram.double.errors import DEFAULT_FAULT_DESCRIPTIONS, ApiError, too_many_requests


@dataclass
class Fault:
    """One injected failure rule; ``hits`` counts the calls it answered."""

    method: str | None
    chat_id: int | str | None
    status: int
    description: str
    retry_after: int | None
    times: int | None
    hits: int = 0

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.hits >= self.times

    def matches(self, method: str, chat_id: object) -> bool:
        if self.exhausted:
            return False
        if self.method is None:
            if method.lower() == "getupdates":
                return False
        elif self.method.lower() != method.lower():
            return False
        return self.chat_id is None or str(self.chat_id) == str(chat_id)

    def error(self) -> ApiError:
        if self.status == 429:
            error = too_many_requests(self.retry_after or 1)
            if self.description:
                error.description = self.description
            return error
        return ApiError(self.status, self.description, retry_after=self.retry_after)


class Faults:
    """The rules in force, checked in the order they were added."""

    def __init__(self) -> None:
        self.rules: list[Fault] = []

    def add(
        self,
        method: str | None = None,
        chat_id: int | str | None = None,
        status: int = 500,
        description: str | None = None,
        retry_after: int | None = None,
        times: int | None = 1,
    ) -> Fault:
        """Make matching calls fail with ``status``; returns the rule (see ``hits``)."""
        if description is None and status != 429:
            description = DEFAULT_FAULT_DESCRIPTIONS.get(status, "Injected fault")
        fault = Fault(method, chat_id, status, description or "", retry_after, times)
        self.rules.append(fault)
        return fault

    def clear(self) -> None:
        self.rules.clear()

    def take(self, method: str, chat_id: object) -> ApiError | None:
        """The error for this call if a rule matches (counting the hit), else None."""
        for fault in self.rules:
            if fault.matches(method, chat_id):
                fault.hits += 1
                return fault.error()
        return None
