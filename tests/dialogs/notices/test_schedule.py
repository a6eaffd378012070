"""When an admin's broadcast should go: times to come, in the operator's zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from dialogs.notices.schedule import ScheduleError, read_at

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai


def local(*args: int, tz: ZoneInfo = SHANGHAI) -> datetime:
    return datetime(*args, tzinfo=tz).astimezone(UTC)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("typed", "at"),
    [
        ("21:30", local(2026, 11, 23, 21, 30)),
        ("９:15", local(2026, 11, 24, 9, 15)),  # full-width, and already past today
        ("12:00", local(2026, 11, 24, 12, 0)),  # now is not to come
        ("2026-12-01 09:00", local(2026, 12, 1, 9, 0)),
        ("2026/12/01T09:00", local(2026, 12, 1, 9, 0)),
        ("12-01 09:00", local(2026, 12, 1, 9, 0)),
        ("01-05 08:00", local(2027, 1, 5, 8, 0)),  # no year, and past: the next one
        ("tomorrow 9:00", local(2026, 11, 24, 9, 0)),
        ("明天 21:00", local(2026, 11, 24, 21, 0)),
        ("+30m", NOW + timedelta(minutes=30)),
        ("in 2 hours", NOW + timedelta(hours=2)),
        ("+1d", NOW + timedelta(days=1)),
        ("2小时后", NOW + timedelta(hours=2)),
        ("30 分鐘後", NOW + timedelta(minutes=30)),
    ],
)
def test_times_to_come_are_read(typed: str, at: datetime) -> None:
    assert read_at(typed, NOW, SHANGHAI) == at


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("", "broadcast-bad-time"),
        ("soon", "broadcast-bad-time"),
        ("25:00", "broadcast-bad-time"),
        ("2026-02-30 10:00", "broadcast-bad-time"),
        ("x" * 50, "broadcast-bad-time"),
        ("2026-11-23 11:59", "broadcast-time-past"),
        ("2025-12-01 10:00", "broadcast-time-past"),
        ("+0m", "broadcast-time-past"),
        ("+91d", "broadcast-time-too-far"),
        ("2027-06-01 10:00", "broadcast-time-too-far"),
    ],
)
def test_a_time_not_to_come_says_why(typed: str, key: str) -> None:
    with pytest.raises(ScheduleError) as refused:
        read_at(typed, NOW, SHANGHAI)
    assert refused.value.key == key


def test_a_wall_clock_time_across_a_dst_change() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    before = local(2026, 10, 24, 12, 0, tz=berlin)  # the day before clocks go back
    assert read_at("tomorrow 12:00", before, berlin) == local(2026, 10, 25, 12, 0, tz=berlin)
    assert read_at("tomorrow 12:00", before, berlin) - before == timedelta(hours=25)
