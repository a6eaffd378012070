"""When agents are at the desk: opening hours by day of week, holidays, in one time zone.

Hours are wall-clock times in the desk's zone ("09:00-21:00" means 9 o'clock there,
summer or winter). A range may pass midnight ("22:00-02:00"): it belongs to the day it
starts on, so Friday's night shift runs into Saturday even when Saturday is a holiday. A
holiday replaces its date's own ranges ("closed", or special hours).

Time zones make instants and wall times differ: on a spring-forward day 02:30 does not
exist in Europe/Berlin, and on a fall-back day it happens twice. ``is_open`` asks the wall
clock; ``next_open`` finds the first instant at which that answer turns true, which is
either where the clock reaches a range's start or where the clock jumps (a transition),
so both kinds of instant are its candidates.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, cached_property
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from dialogs.when.display import utc_offset_text

DAY = 86_400  # seconds
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"(\d{1,2}):(\d{2})")
# A week past the last special date: by then every weekday has been looked at.
_LOOKAHEAD = 8


@dataclass(frozen=True, order=True)
class Span:
    """Open from ``start`` to ``end`` (exclusive), seconds after the day's local midnight;
    ``end`` past ``DAY`` runs into the next day."""

    start: int
    end: int

    def __str__(self) -> str:
        return f"{_clock(self.start)}-{_clock(self.end % DAY if self.end > DAY else self.end)}"


def parse_time(text: str, *, end: bool = False) -> int:
    """``"HH:MM"`` as seconds after midnight; ``"24:00"`` only as an ``end``."""
    m = _TIME.fullmatch(text.strip())
    hour, minute = (int(m[1]), int(m[2])) if m else (-1, -1)
    if not (0 <= hour <= 23 and 0 <= minute <= 59) and not (end and (hour, minute) == (24, 0)):
        allowed = "00:00 to 24:00" if end else "00:00 to 23:59"
        raise ValueError(f"bad time {text.strip()!r} (write HH:MM, {allowed})")
    return hour * 3600 + minute * 60


def parse_span(text: str) -> Span:
    """``"09:00-21:00"``, or ``"22:00-02:00"`` past midnight, as a Span."""
    parts = str(text).split("-")
    if len(parts) != 2:
        raise ValueError(f"bad range {text!r} (write HH:MM-HH:MM, e.g. 09:00-21:00)")
    start, end = parse_time(parts[0]), parse_time(parts[1], end=True)
    if end == start:
        raise ValueError(f"range {text!r} ends where it starts (all day is 00:00-24:00)")
    return Span(start, end if end > start else end + DAY)


def parse_days(text: str) -> tuple[int, ...]:
    """``"mon"``, ``"mon-fri"``, ``"sat,sun"``, ``"fri-mon"`` as weekdays (Monday is 0)."""
    days: list[int] = []
    for part in str(text).lower().replace(" ", "").split(","):
        ends = part.split("-")
        if len(ends) > 2 or any(e not in DAY_NAMES for e in ends):
            names = ", ".join(DAY_NAMES)
            raise ValueError(f"bad days {text!r} (use {names}, a range like mon-fri, or a list)")
        first, last = DAY_NAMES.index(ends[0]), DAY_NAMES.index(ends[-1])
        days += [(first + i) % 7 for i in range((last - first) % 7 + 1)]
    return tuple(days)


def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``; a ValueError naming the closest known zone otherwise."""
    try:
        if name and not name.startswith(("/", ".")):
            return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        pass
    close = difflib.get_close_matches(name, sorted(_zones()), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else " (an IANA name like Asia/Shanghai)"
    raise ValueError(f"unknown time zone {name!r}{hint}")


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


@dataclass(frozen=True)
class Reopening:
    """When a closed desk opens again, for telling a user "agents are back Monday 09:00
    (UTC+8)": ``at`` in the desk's zone; ``days_ahead`` 0 for today, 1 for tomorrow."""

    at: datetime
    days_ahead: int

    @property
    def weekday(self) -> int:
        """0 for Monday ... 6 for Sunday."""
        return self.at.weekday()

    @property
    def clock(self) -> str:
        """The wall time, "09:00"."""
        return f"{self.at:%H:%M}"

    @property
    def offset(self) -> str:
        """The zone's offset at that moment, "UTC+8"."""
        return utc_offset_text(self.at.utcoffset() or timedelta(0))


@dataclass(frozen=True)
class WorkingHours:
    """Opening hours: ``weekly`` ranges for Monday..Sunday, ``holidays`` replacing a
    date's own ranges (an empty tuple: closed), all in ``tz``."""

    tz: ZoneInfo
    weekly: tuple[tuple[Span, ...], ...]
    holidays: Mapping[date, tuple[Span, ...]] = field(default_factory=dict)

    @classmethod
    def always(cls, tz: ZoneInfo | None = None) -> WorkingHours:
        """A desk open around the clock (kefu's default)."""
        return cls(tz or ZoneInfo("UTC"), ((Span(0, DAY),),) * 7)

    @cached_property
    def always_open(self) -> bool:
        """Open at every instant: every day's wall clock covered, special dates too."""
        weekly = all(_covered(self.weekly[w], self.weekly[w - 1]) for w in range(7))
        special = {d + timedelta(days=k) for d in self.holidays for k in (0, 1)}
        return weekly and all(_covered(self._spans(d), self._spans(d - _ONE)) for d in special)

    def is_open(self, at: datetime) -> bool:
        """Whether agents are at the desk at the (aware) instant ``at``."""
        local = _aware(at).astimezone(self.tz)
        day = local.date()
        t = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
        if any(s.start <= t < s.end for s in self._spans(day)):
            return True
        return any(t + DAY < s.end for s in self._spans(day - _ONE))  # last night's shift

    def next_open(self, at: datetime) -> datetime | None:
        """The first instant from ``at`` on (``at`` itself if open) when the desk is open,
        in the desk's zone; None for a desk open around the clock or never open again.
        (Compare and add to it in UTC: Python adds to a local time on the wall clock, and
        never finds a time of the hour a fall-back repeats equal to one of another zone.)"""
        at = _aware(at)
        if self.always_open:
            return None
        if self.is_open(at):
            return at.astimezone(self.tz)
        first = at.astimezone(self.tz).date() - _ONE
        last = max([first + _ONE, *self.holidays]) + timedelta(days=_LOOKAHEAD)
        found: datetime | None = None
        day = first
        while day <= last:
            # Wall times near midnight can fall on either side of a neighbour day's
            # instants (a fall-back at midnight), so one day past the first find is read.
            if found is not None and day > found.astimezone(self.tz).date() + _ONE:
                break
            for u in sorted(self._candidates(day)):
                if u > at and (found is None or u < found) and self.is_open(u):
                    found = u
                    break
            day += _ONE
        return found.astimezone(self.tz) if found else None

    def reopening(self, at: datetime) -> Reopening | None:
        """When a desk closed at ``at`` opens again; None if it is open, or never opens."""
        when = None if self.is_open(at) else self.next_open(at)
        if when is None:
            return None
        days = (when.date() - _aware(at).astimezone(self.tz).date()).days
        return Reopening(when, days)

    def _spans(self, day: date) -> tuple[Span, ...]:
        spans = self.holidays.get(day)
        return self.weekly[day.weekday()] if spans is None else spans

    def _candidates(self, day: date) -> Iterator[datetime]:
        """Instants of ``day`` at which the desk may open: each range's start (either
        reading of an ambiguous wall time) and the zone's transitions."""
        midnight = datetime.combine(day, time())
        for span in self._spans(day):
            wall = midnight + timedelta(seconds=span.start)
            for fold in (0, 1):
                yield wall.replace(tzinfo=self.tz, fold=fold).astimezone(UTC)
        yield from _transitions(self.tz, midnight)


_ONE = timedelta(days=1)


def _aware(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("working hours need an aware datetime (with its zone)")
    return at


def _clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def _covered(own: tuple[Span, ...], before: tuple[Span, ...]) -> bool:
    """Whether a day's wall clock is all open: its own ranges and last night's overflow."""
    pieces = sorted([(s.start, min(s.end, DAY)) for s in own])
    pieces += [(0, s.end - DAY) for s in before if s.end > DAY]
    reach = 0
    for start, end in sorted(pieces):
        if start > reach:
            return False
        reach = max(reach, end)
    return reach >= DAY


def _transitions(tz: ZoneInfo, midnight: datetime) -> Iterator[datetime]:
    """The instants around the local day from ``midnight`` where ``tz``'s offset changes,
    each the first second of the new offset (zones change on whole seconds)."""
    lo = midnight.replace(tzinfo=tz).astimezone(UTC) - timedelta(hours=3)
    for _ in range(10):  # 3-hour steps over 30 hours: no zone changes twice in 3 hours
        hi = lo + timedelta(hours=3)
        if _offset(tz, lo) != _offset(tz, hi):
            a, b = lo, hi
            while b - a > timedelta(seconds=1):
                mid = (a + (b - a) / 2).replace(microsecond=0)
                a, b = (mid, b) if _offset(tz, mid) == _offset(tz, a) else (a, mid)
            yield b
        lo = hi


def _offset(tz: ZoneInfo, u: datetime) -> timedelta | None:
    return u.astimezone(tz).utcoffset()
