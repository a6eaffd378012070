"""A local time shown with its zone: the offset of the configured zone at that moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from dialogs.when.display import local_time_text, utc_offset_text

AT = datetime(2026, 11, 29, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("Asia/Shanghai", "2026-11-29 15:00 UTC+8"),
        ("UTC", "2026-11-29 07:00 UTC"),
        ("Asia/Kolkata", "2026-11-29 12:30 UTC+5:30"),
        ("Asia/Kathmandu", "2026-11-29 12:45 UTC+5:45"),
        ("America/St_Johns", "2026-11-29 03:30 UTC-3:30"),
        ("America/New_York", "2026-11-29 02:00 UTC-5"),
        ("Europe/London", "2026-11-29 07:00 UTC"),  # no offset in winter: just UTC
    ],
)
def test_local_time_with_its_zone(zone: str, shown: str) -> None:
    assert local_time_text(AT, ZoneInfo(zone)) == shown


def test_the_offset_is_the_one_at_that_moment() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    assert local_time_text(datetime(2026, 7, 1, 12, tzinfo=UTC), berlin) == "2026-07-01 14:00 UTC+2"
    assert local_time_text(datetime(2026, 1, 1, 12, tzinfo=UTC), berlin) == "2026-01-01 13:00 UTC+1"


def test_offsets() -> None:
    assert utc_offset_text(timedelta(0)) == "UTC"
    assert utc_offset_text(timedelta(hours=-9, minutes=-30)) == "UTC-9:30"
    assert utc_offset_text(timedelta(hours=14)) == "UTC+14"
