"""An ownership challenge in progress, and the sliding windows that bound lookups and
wrong answers (the marks come from the lookup log: dialogs/ports/order_checks.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dialogs.orders.policy import OrderPolicy
from dialogs.ports.orders import ChallengeFact

# What a lookup came to, as the log records it. Every one a user starts counts against
# their limit; a wrong challenge answer counts against their tries too.
SHOWN = "shown"  # the status went to its owner
CHALLENGED = "challenged"  # the owner's facts were asked
NOT_SHOWN = "not_shown"  # no such order, or not theirs: one answer for both
FAILED = "failed"  # the shop did not answer in time, or answered nonsense
WRONG = "wrong"  # a challenge answered wrongly
RIGHT = "right"  # a challenge answered rightly: the status went to its owner
AGENT = "agent"  # an agent looked it up (they skip the ownership check)
STARTED = frozenset({SHOWN, CHALLENGED, NOT_SHOWN, FAILED})


@dataclass
class PendingCheck:
    """A challenge under way: which order, the facts to ask in order, the answers so far,
    and whether a report waits for it to end (its next question is asked then)."""

    number: str
    facts: list[str]
    answers: dict[str, str] = field(default_factory=dict)
    in_report: bool = False
    since: str = ""  # ISO time it was asked: an old one is dropped (OrderPolicy)

    @property
    def next_fact(self) -> ChallengeFact | None:
        for fact in self.facts:
            if fact not in self.answers:
                return ChallengeFact(fact)
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "facts": list(self.facts),
            "answers": dict(self.answers),
            "in_report": self.in_report,
            "since": self.since,
        }

    @classmethod
    def from_json(cls, data: object) -> PendingCheck | None:
        """The check, or None for anything that is not one (a store never breaks a chat)."""
        if not isinstance(data, dict):
            return None
        try:
            check = cls(**data)
            facts = [ChallengeFact(f) for f in check.facts]
        except (TypeError, ValueError):
            return None
        if not facts or not isinstance(check.answers, dict):
            return None
        return check

    def expired(self, now: datetime, policy: OrderPolicy) -> bool:
        try:
            since = datetime.fromisoformat(self.since)
        except ValueError:
            return True
        return now - since > policy.check_expires


def _until(marks: list[datetime], allowed: int, window: Any) -> datetime | None:
    """With ``allowed`` in any ``window``: when the next is allowed, if not now. ``marks``
    are the window's, newest first."""
    if len(marks) < allowed:
        return None
    return marks[allowed - 1] + window


def cooling_until(wrong: list[datetime], policy: OrderPolicy, now: datetime) -> datetime | None:
    """When a user with these wrong answers (newest first) may try a challenge again."""
    until = _until(wrong, policy.tries, policy.cooldown)
    return until if until is not None and until > now else None


def limited_until(started: list[datetime], policy: OrderPolicy, now: datetime) -> datetime | None:
    """When a user who started these lookups (newest first) may start another."""
    until = _until(started, policy.lookups, policy.lookup_window)
    return until if until is not None and until > now else None
