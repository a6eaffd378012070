"""Showing a moment to a user: the platform's wall-clock time with its zone.

A bare "2026-11-29 15:00" is ambiguous to a user abroad, and to an agent reading a ticket in
another zone; the offset of the configured zone at that very moment (so daylight saving
time is right) says which 15:00 it was.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


def local_time_text(at: datetime, tz: ZoneInfo) -> str:
    """``at`` in ``tz``, to the minute, with its UTC offset: "2026-11-29 15:00 UTC+8"."""
    local = at.astimezone(tz)
    return f"{local:%Y-%m-%d %H:%M} {utc_offset_text(local.utcoffset() or timedelta(0))}"


def utc_offset_text(offset: timedelta) -> str:
    """The offset as users read it: UTC for none, else UTC+8, UTC-3, UTC+5:30, UTC-9:30."""
    # Offsets in seconds (local mean times before 1900) round to the minute: no zone kefu
    # shows times in has used one for a century.
    minutes = round(offset.total_seconds() / 60)
    if minutes == 0:
        return "UTC"
    hours, rest = divmod(abs(minutes), 60)
    sign = "+" if minutes > 0 else "-"
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
