"""Maintenance windows (issue 15): what is affected, when, and whether it is on now.

A window has a scope (the whole service, one report category, or one payment channel), a
message per language, a start and an expected end; it may recur, as an RFC 5545 rule in the
operator's time zone ("FREQ=MONTHLY;BYMONTHDAY=1" with 02:00-04:00 is the bank's night every
1st), read by python-dateutil's rrule. Times are aware datetimes; a recurring window's
hours are wall-clock hours where the operator is, so they stay 02:00 across a DST change.

Plain data and functions: the dialogs ask "what is on for this category or channel now",
the notices ask "which occurrence starts next" and "is one past its end with no end said".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

UTC_ZONE = ZoneInfo("UTC")


class ScopeKind(StrEnum):
    SERVICE = "service"  # everything
    CATEGORY = "category"  # one report category (categories.yaml)
    CHANNEL = "channel"  # one payment channel (the shop's channel ids)


@dataclass(frozen=True)
class Scope:
    """What a window affects; ``target`` is the category or channel id (None: service)."""

    kind: ScopeKind
    target: str | None = None

    def __post_init__(self) -> None:
        if (self.kind is ScopeKind.SERVICE) != (self.target is None):
            raise ValueError("the whole service has no target; a category or channel has one")

    def covers(self, category: str | None = None, channel: str | None = None) -> bool:
        """Whether a user's report of ``category``, paid through ``channel``, is in scope."""
        if self.kind is ScopeKind.SERVICE:
            return True
        if self.kind is ScopeKind.CATEGORY:
            return category == self.target
        return channel == self.target


class WindowState(StrEnum):
    SCHEDULED = "scheduled"  # its (next) occurrence is ahead
    ACTIVE = "active"  # on now, before its expected end
    OVERDUE = "overdue"  # past its expected end and not ended: say it plainly
    ENDED = "ended"  # ended by an admin, or no occurrence is left


@dataclass(frozen=True)
class Occurrence:
    """One time a window is on: from ``start`` to its expected ``end``."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class Window:
    """A maintenance window. ``end`` is the expected end of a one-off window (None: not
    said); a recurring one has ``rule`` and ``duration`` and starts at ``start``'s wall
    time in ``tz`` each time the rule says. ``ended_at``: an admin ended it (a recurring
    one: the occurrence it fell in)."""

    scope: Scope
    messages: dict[str, str]
    start: datetime
    end: datetime | None = None
    rule: str | None = None
    duration: timedelta | None = None
    tz: ZoneInfo = UTC_ZONE
    ended_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.start.tzinfo is None:
            raise ValueError("a window's start must be an aware datetime")
        if self.rule is not None and (self.duration is None or self.duration <= timedelta(0)):
            raise ValueError("a recurring window needs a positive duration")
        if self.end is not None and self.end <= self.start:
            raise ValueError("a window must end after it starts")
        if self.rule is not None:
            self._rule()  # a bad rule is refused when the window is made, not when used

    def message(self, locale: str, default: str = "en") -> str:
        return (
            self.messages.get(locale)
            or self.messages.get(default)
            or next(iter(self.messages.values()), "")
        )

    def _rule(self):  # type: ignore[no-untyped-def]
        local = self.start.astimezone(self.tz).replace(tzinfo=None)
        try:
            return rrulestr(self.rule or "", dtstart=local)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"not a recurrence rule ({exc}): {self.rule!r}") from None

    def _occurrence(self, local_start: datetime) -> Occurrence:
        start = local_start.replace(tzinfo=self.tz)
        assert self.duration is not None
        # The end on the wall clock too: 02:00-04:00 stays so on a DST night.
        end = (local_start + self.duration).replace(tzinfo=self.tz)
        return Occurrence(start, end)

    def current(self, now: datetime) -> Occurrence | None:
        """The occurrence on at ``now`` (a one-off without an end said is on until ended;
        one past its expected end is on until ended too: overdue)."""
        ended = self.ended_at is not None and self.ended_at <= now
        if self.rule is None:
            if ended or now < self.start:
                return None
            return Occurrence(self.start, self.end or self.start)
        local_now = now.astimezone(self.tz).replace(tzinfo=None)
        last = self._rule().before(local_now, inc=True)
        if last is None:
            return None
        occurrence = self._occurrence(last)
        # An admin's end ends the occurrence it falls in; the next ones still come.
        if ended and self.ended_at is not None and self.ended_at >= occurrence.start:
            return None
        return occurrence if now < occurrence.end else None

    def next(self, after: datetime) -> Occurrence | None:
        """The first occurrence starting after ``after`` (None: none is left)."""
        if self.ended_at is not None and self.rule is None:
            return None
        if self.rule is None:
            return Occurrence(self.start, self.end or self.start) if self.start > after else None
        local = after.astimezone(self.tz).replace(tzinfo=None)
        found = self._rule().after(local, inc=False)
        return self._occurrence(found) if found is not None else None

    def state(self, now: datetime) -> WindowState:
        if self.ended_at is not None and self.ended_at <= now and self.rule is None:
            return WindowState.ENDED
        if self.current(now) is not None:
            # A recurring window ends on schedule; a one-off one past its expected end
            # with no end said is overdue (users are told so, never the old time).
            if self.rule is None and self.end is not None and now >= self.end:
                return WindowState.OVERDUE
            return WindowState.ACTIVE
        return WindowState.SCHEDULED if self.next(now) is not None else WindowState.ENDED

    def starting_within(self, now: datetime, lead: timedelta) -> Occurrence | None:
        """The occurrence that starts within ``lead`` of ``now`` (a user picking the
        channel shortly before is told to avoid it)."""
        upcoming = self.next(now)
        return upcoming if upcoming is not None and upcoming.start - now <= lead else None
