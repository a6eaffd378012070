"""Maintenance windows: scope, one-off and recurring occurrences in the operator's time
zone (DST included), overdue, and the lead before one starts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from dialogs.notices.windows import Scope, ScopeKind, Window, WindowState

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
BANK = Scope(ScopeKind.CHANNEL, "bank_card")


def at(*args: int, tz: ZoneInfo = SHANGHAI) -> datetime:
    return datetime(*args, tzinfo=tz)  # type: ignore[misc]


def test_a_scope_covers_what_it_names() -> None:
    assert Scope(ScopeKind.SERVICE).covers("recharge", "alipay")
    assert Scope(ScopeKind.CATEGORY, "withdrawal").covers("withdrawal")
    assert not Scope(ScopeKind.CATEGORY, "withdrawal").covers("recharge", "bank_card")
    assert BANK.covers(channel="bank_card") and not BANK.covers("recharge", "alipay")
    with pytest.raises(ValueError, match="has one"):
        Scope(ScopeKind.CHANNEL)
    with pytest.raises(ValueError, match="no target"):
        Scope(ScopeKind.SERVICE, "x")


def test_a_one_off_window_is_scheduled_active_then_overdue_until_ended() -> None:
    window = Window(BANK, {"en": "Bank card paused"}, at(2026, 12, 1, 2), at(2026, 12, 1, 4))
    assert window.state(at(2026, 12, 1, 1)) is WindowState.SCHEDULED
    assert window.state(at(2026, 12, 1, 3)) is WindowState.ACTIVE
    assert window.state(at(2026, 12, 1, 5)) is WindowState.OVERDUE  # no end said: still on
    assert window.current(at(2026, 12, 1, 5)) is not None
    ended = Window(BANK, {"en": "x"}, window.start, window.end, ended_at=at(2026, 12, 1, 5))
    assert ended.state(at(2026, 12, 1, 6)) is WindowState.ENDED
    assert ended.current(at(2026, 12, 1, 6)) is None


def test_a_window_without_an_expected_end_is_on_until_ended() -> None:
    window = Window(Scope(ScopeKind.SERVICE), {"en": "Upgrade"}, at(2026, 12, 1, 2))
    assert window.state(at(2026, 12, 9, 2)) is WindowState.ACTIVE


def test_a_monthly_window_recurs_in_the_operators_time_zone() -> None:
    window = Window(BANK, {"en": "Bank maintenance", "zh-Hans": "银行维护"},
                    at(2026, 11, 1, 2), rule="FREQ=MONTHLY;BYMONTHDAY=1",
                    duration=timedelta(hours=2), tz=SHANGHAI)  # fmt: skip
    assert window.state(at(2026, 12, 1, 3)) is WindowState.ACTIVE
    assert window.state(at(2026, 12, 1, 4)) is WindowState.SCHEDULED  # on time, every time
    upcoming = window.next(at(2026, 12, 1, 4))
    assert upcoming is not None and upcoming.start == at(2027, 1, 1, 2)
    assert upcoming.end == at(2027, 1, 1, 4)
    assert window.starting_within(at(2026, 12, 31, 23), timedelta(hours=4)) == upcoming
    assert window.starting_within(at(2026, 12, 31, 20), timedelta(hours=4)) is None
    assert (
        window.message("zh-Hans") == "银行维护" and window.message("zh-Hant") == "Bank maintenance"
    )


def test_ending_a_recurring_window_ends_that_night_only() -> None:
    monthly = {"rule": "FREQ=MONTHLY;BYMONTHDAY=1", "duration": timedelta(hours=2)}
    window = Window(BANK, {"en": "x"}, at(2026, 11, 1, 2), tz=SHANGHAI,
                    ended_at=at(2026, 12, 1, 3), **monthly)  # type: ignore[arg-type]  # fmt: skip
    assert window.current(at(2026, 12, 1, 2, 30)) is not None  # before the admin's end
    assert window.current(at(2026, 12, 1, 3, 30)) is None
    assert window.state(at(2026, 12, 1, 3, 30)) is WindowState.SCHEDULED
    assert window.state(at(2027, 1, 1, 3)) is WindowState.ACTIVE


def test_a_recurring_window_keeps_its_wall_clock_hours_across_dst() -> None:
    window = Window(BANK, {"en": "x"}, at(2026, 3, 1, 2, tz=BERLIN), rule="FREQ=WEEKLY",
                    duration=timedelta(hours=2), tz=BERLIN)  # fmt: skip
    after_change = window.next(at(2026, 3, 30, 0, tz=BERLIN))  # summer time from 29 March
    assert after_change is not None
    assert after_change.start.astimezone(BERLIN).hour == 2
    assert after_change.start.astimezone(UTC).hour == 0  # 02:00 CEST


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"rule": "FREQ=MONTHLY"}, "positive duration"),
        ({"rule": "FREQ=SOMETIMES", "duration": timedelta(hours=1)}, "not a recurrence rule"),
        ({"end": datetime(2026, 11, 30, tzinfo=UTC)}, "end after it starts"),
    ],
)
def test_a_bad_window_is_refused_when_made(kwargs: dict[str, object], reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        Window(BANK, {"en": "x"}, at(2026, 12, 1, 2), **kwargs)  # type: ignore[arg-type]
