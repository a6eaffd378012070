"""What the order dialogs decide, beyond sending: a lookup recorded, a challenge kept or
dropped, a user waiting for a channel's recovery, a ticket's order snapshot renewed.
Members of dialogs.actions.Action, applied by the app (bot/app/order_effects.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RecordLookup:
    """A lookup of ``number`` by the event's person and what it came to
    (dialogs.orders.checks names the results): the user's limits count them, and every
    agent's lookup stays on record. ``ticket``: the ticket it was made for."""

    number: str
    result: str
    ticket: str | None = None


@dataclass(frozen=True)
class KeepCheck:
    """Keep the user's challenge under way (its JSON), or drop it (None)."""

    data: dict[str, Any] | None


@dataclass(frozen=True)
class WatchChannel:
    """The user is told when payment channel ``channel`` is well again."""

    channel: str


@dataclass(frozen=True)
class SetSnapshot:
    """The ticket's order snapshot (dialogs.orders.snapshot) renewed, its card redrawn."""

    ticket: str
    snapshot: dict[str, Any]


OrderAction = RecordLookup | KeepCheck | WatchChannel | SetSnapshot
