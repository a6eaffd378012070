"""When an admin's broadcast should go, typed as a time to come.

dialogs.when reads times that have passed (when a problem happened: a bare "15:00" is the
latest one not in the future), so a time to come is read here, in the operator's zone, in
the few shapes an admin types: "21:30" (the next one), "2026-12-01 09:00", "12-01 09:00",
"tomorrow 9:00" / "明天 9:00", and a delay: "+30m", "+2h", "+1d", "in 2 hours", "2小时后".
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dialogs.when.model import local_time

# Further ahead than this is more likely a typo (a wrong year) than a plan.
MAX_AHEAD = timedelta(days=90)
_MAX_TEXT = 40

_CLOCK = r"(?P<h>\d{1,2})[:：.](?P<m>\d{2})"
_ABSOLUTE = re.compile(
    rf"^(?:(?:(?P<y>\d{{4}})[-/])?(?P<mo>\d{{1,2}})[-/](?P<d>\d{{1,2}})[ t]*)?{_CLOCK}$"
)
_TOMORROW = re.compile(rf"^(?:tomorrow|明天|明日)\s*{_CLOCK}$")
_DELAY = re.compile(
    r"^(?:\+|in\s+)?(?P<n>\d{1,4})\s*(?P<unit>m|min|mins|minutes?|h|hours?|d|days?"
    r"|分钟|分鐘|小时|小時|天)\s*(?:后|後|later)?$"
)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "分": "minutes", "小": "hours", "天": "days"}


class ScheduleError(ValueError):
    """A time that cannot be taken; ``key`` is the locale key saying why."""

    def __init__(self, key: str, text: str) -> None:
        super().__init__(f"{key}: {text!r}")
        self.key = key


def read_at(text: str, now: datetime, tz: ZoneInfo) -> datetime:
    """The moment ``text`` names (aware UTC), after ``now`` and within :data:`MAX_AHEAD`;
    :class:`ScheduleError` with ``broadcast-bad-time``, ``broadcast-time-past`` or
    ``broadcast-time-too-far`` otherwise."""
    said = unicodedata.normalize("NFKC", text).strip().lower()
    if not said or len(said) > _MAX_TEXT:
        raise ScheduleError("broadcast-bad-time", text)
    at = _read(re.sub(r"\s+", " ", said), now.astimezone(tz), tz)
    if at is None:
        raise ScheduleError("broadcast-bad-time", text)
    if at <= now:
        raise ScheduleError("broadcast-time-past", text)
    if at - now > MAX_AHEAD:
        raise ScheduleError("broadcast-time-too-far", text)
    return at.astimezone(UTC)


def _read(said: str, local_now: datetime, tz: ZoneInfo) -> datetime | None:
    if delay := _DELAY.match(said):
        unit = _UNITS[delay["unit"][0]]
        return local_now.astimezone(UTC) + timedelta(**{unit: int(delay["n"])})
    if tomorrow := _TOMORROW.match(said):
        clock = _clock(tomorrow)
        return None if clock is None else local_time(local_now.date() + timedelta(1), clock, tz)
    found = _ABSOLUTE.match(said)
    if found is None or (clock := _clock(found)) is None:
        return None
    if found["d"] is None:  # a bare clock time: the next one
        today = local_time(local_now.date(), clock, tz)
        if today > local_now:
            return today
        return local_time(local_now.date() + timedelta(1), clock, tz)
    year = int(found["y"]) if found["y"] else local_now.year
    try:
        day = date(year, int(found["mo"]), int(found["d"]))
    except ValueError:
        return None
    at = local_time(day, clock, tz)
    if found["y"] is None and at <= local_now:  # "01-05 09:00" in December: next January
        try:
            at = local_time(day.replace(year=year + 1), clock, tz)
        except ValueError:  # 29 February
            return None
    return at


def _clock(found: re.Match[str]) -> time | None:
    hour, minute = int(found["h"]), int(found["m"])
    return time(hour, minute) if hour < 24 and minute < 60 else None
