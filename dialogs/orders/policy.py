"""How order lookups are bounded: the wait for the shop's answer, how many lookups a
user may make, the ownership challenge's tries and cool-down, and when kefu reads a
channel's numbers as trouble. Every figure is a setting (bot/config.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class OrderPolicy:
    """The limits of order lookups (defaults as documented in the README)."""

    # The user hears within this long, answer or not (the report goes on either way).
    timeout_seconds: float = 3.0
    # At most this many lookups a user may start in any ``lookup_window``: numbers cannot
    # be enumerated, and a shop's API is not hammered through kefu.
    lookups: int = 8
    lookup_window: timedelta = timedelta(minutes=10)
    # At most this many wrong challenge answers in any ``cooldown``; then none until the
    # oldest of them is ``cooldown`` old.
    tries: int = 3
    cooldown: timedelta = timedelta(minutes=30)
    # A challenge left unanswered this long is dropped: the next message is just a message.
    check_expires: timedelta = timedelta(minutes=10)
    # kefu's own reading: a channel with more than this share of its orders late is
    # degraded, whatever the backend's state says (operators alert at 5%).
    delayed_share: float = 0.05
    recent_shown: int = 5  # /order with no number: the linked account's newest orders
