"""What a reading of *when it happened* is, its limits, and the day arithmetic the readers
share (everything in the platform's time zone, returned as aware UTC)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

QUICK_KEYS = ("just_now", "within_hour", "earlier_today", "yesterday")

# A user's phone clock may run a little fast; a time this far ahead still counts as "now".
CLOCK_SKEW = timedelta(minutes=2)
# Nobody reports a platform problem from ten years ago: such a reading is a typo or nonsense
# ("100 years ago", "1000"), and asking again is kinder than storing it.
OLDEST = timedelta(days=3660)
# Real answers are short ("前天晚上8点左右" is 9 characters). Refusing longer text up front keeps
# a pasted essay from costing parser time.
MAX_TEXT = 64


@dataclass(frozen=True)
class When:
    """A reading of when something happened.

    ``at`` is the best estimate (aware, UTC), ``said`` what the user typed (or the quick key),
    and ``approximate`` whether ``at`` is an estimate rather than a time the user stated.
    """

    at: datetime
    said: str
    approximate: bool


class WhenError(ValueError):
    """The answer cannot be taken: unreadable, or in the future."""

    def __init__(self, reason: Literal["unreadable", "future"], text: str = "") -> None:
        super().__init__(f"{reason}: {text!r}")
        self.reason: Literal["unreadable", "future"] = reason


def check_now(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")


def local_time(day: date, clock: time, tz: ZoneInfo) -> datetime:
    """A wall-clock time in ``tz`` as aware UTC (zoneinfo settles DST gaps and folds)."""
    return datetime.combine(day, clock, tzinfo=tz).astimezone(UTC)


def midway_today(local_now: datetime, tz: ZoneInfo) -> datetime:
    midnight = local_time(local_now.date(), time(0), tz)
    now = local_now.astimezone(UTC)
    return midnight + (now - midnight) / 2


def day_estimate(day: date, local_now: datetime, tz: ZoneInfo) -> datetime:
    """A day named without a time: its local noon, as the quick "yesterday" button; today is
    the middle of what has passed of it, as the quick "earlier today" button."""
    if day == local_now.date():
        return midway_today(local_now, tz)
    return local_time(day, time(12), tz)
