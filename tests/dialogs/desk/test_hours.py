"""Working hours: open or not at an instant, and when a closed desk opens again, across
midnight, holidays and daylight saving time."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialogs.desk.hours import (
    DAY,
    Span,
    WorkingHours,
    parse_days,
    parse_span,
    parse_time,
    zone,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")


def week(*days: str, closed: tuple[int, ...] = ()) -> tuple[tuple[Span, ...], ...]:
    """Each weekday the same ranges, but the ``closed`` ones."""
    spans = tuple(parse_span(d) for d in days)
    return tuple(() if w in closed else spans for w in range(7))


# 09:00-21:00 Beijing time, Monday to Saturday, closed on National Day, short the day before.
DESK = WorkingHours(
    SHANGHAI,
    week("09:00-21:00", closed=(6,)),
    {date(2026, 10, 1): (), date(2026, 9, 30): (parse_span("09:00-17:00"),)},
)


def sh(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc]


def test_parsing_reads_times_ranges_and_days() -> None:
    assert parse_time("09:30") == 9 * 3600 + 1800 and parse_time("9:05") == 9 * 3600 + 300
    assert parse_time("24:00", end=True) == DAY
    assert parse_span("22:00-02:00") == Span(22 * 3600, 26 * 3600)
    assert parse_span("00:00-24:00") == Span(0, DAY)
    assert parse_days("mon-fri") == (0, 1, 2, 3, 4)
    assert parse_days("sat, sun") == (5, 6) and parse_days("fri-mon") == (4, 5, 6, 0)
    assert str(parse_span("22:00-02:00")) == "22:00-02:00"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("25:00-26:00", "bad time '25:00' (write HH:MM, 00:00 to 23:59)"),
        ("09:60-10:00", "bad time '09:60'"),
        ("24:00-09:00", "bad time '24:00'"),
        ("09:00-24:30", "bad time '24:30' (write HH:MM, 00:00 to 24:00)"),
        ("09:00", "bad range '09:00' (write HH:MM-HH:MM"),
        ("nine-five", "bad time 'nine'"),
        ("09:00-09:00", "range '09:00-09:00' ends where it starts"),
    ],
)
def test_a_bad_range_says_why(text: str, says: str) -> None:
    with pytest.raises(ValueError, match="^" + re.escape(says)):
        parse_span(text)


def test_unknown_zones_and_days_are_named_with_a_hint() -> None:
    hint = "unknown time zone 'Asia/Shangai'; did you mean 'Asia/Shanghai'?"
    with pytest.raises(ValueError, match=re.escape(hint)):
        zone("Asia/Shangai")
    with pytest.raises(ValueError, match=re.escape("unknown time zone '../etc/passwd'")):
        zone("../etc/passwd")
    with pytest.raises(ValueError, match="bad days 'monday'"):
        parse_days("monday")


def test_open_on_weekdays_closed_on_sunday_and_holidays() -> None:
    assert DESK.is_open(sh(2026, 11, 20, 9, 0))  # a Friday, at opening
    assert not DESK.is_open(sh(2026, 11, 20, 21, 0))  # closing time is closed
    assert not DESK.is_open(sh(2026, 11, 22, 12, 0))  # Sunday
    assert not DESK.is_open(sh(2026, 10, 1, 12, 0))  # National Day
    assert DESK.is_open(sh(2026, 9, 30, 16, 59)) and not DESK.is_open(sh(2026, 9, 30, 17, 0))
    assert DESK.is_open(datetime(2026, 11, 20, 1, 0, tzinfo=UTC))  # 09:00 in Shanghai
    with pytest.raises(ValueError, match="aware"):
        DESK.is_open(datetime(2026, 11, 20, 12, 0))


def test_a_closed_desk_says_when_agents_are_back() -> None:
    saturday_night = sh(2026, 11, 21, 21, 30)
    assert DESK.next_open(saturday_night) == sh(2026, 11, 23, 9, 0)
    back = DESK.reopening(saturday_night)
    assert back is not None
    assert (back.weekday, back.clock, back.offset, back.days_ahead) == (0, "09:00", "UTC+8", 2)
    assert back.at.tzinfo == SHANGHAI
    # Asked in another zone, answered in the desk's.
    assert DESK.next_open(datetime(2026, 9, 30, 10, 0, tzinfo=UTC)) == sh(2026, 10, 2, 9, 0)
    assert DESK.reopening(sh(2026, 11, 20, 10, 0)) is None  # open now
    assert DESK.next_open(sh(2026, 11, 20, 10, 0)) == sh(2026, 11, 20, 10, 0)


def test_always_and_never() -> None:
    always = WorkingHours.always()
    assert always.always_open and always.is_open(sh(2026, 1, 1, 3, 0))
    assert always.next_open(sh(2026, 1, 1, 3, 0)) is None
    assert always.reopening(sh(2026, 1, 1, 3, 0)) is None
    never = WorkingHours(SHANGHAI, week(closed=tuple(range(7))))
    assert not never.is_open(sh(2026, 1, 1, 3, 0)) and never.next_open(sh(2026, 1, 1)) is None
    # Closed but for one special day, a year ahead: found.
    once = WorkingHours(SHANGHAI, never.weekly, {date(2027, 1, 2): (parse_span("10:00-11:00"),)})
    assert once.next_open(sh(2026, 1, 1)) == sh(2027, 1, 2, 10, 0)
    # Around the clock by a night shift joining the day shift: always open too.
    assert WorkingHours(SHANGHAI, week("08:00-20:00", "20:00-08:00")).always_open
    # A holiday breaks it.
    assert not WorkingHours(SHANGHAI, always.weekly, {date(2026, 5, 1): ()}).always_open


def test_a_night_shift_runs_into_the_next_day_even_a_holiday() -> None:
    nights = WorkingHours(
        SHANGHAI, week("22:00-02:00", closed=(5, 6)), {date(2026, 11, 21): ()}
    )  # fmt: skip
    assert nights.is_open(sh(2026, 11, 20, 23, 0))  # Friday night
    assert nights.is_open(sh(2026, 11, 21, 1, 59))  # ...into Saturday, a holiday
    assert not nights.is_open(sh(2026, 11, 21, 2, 0))
    assert not nights.is_open(sh(2026, 11, 22, 1, 0))  # no Saturday night shift
    assert nights.next_open(sh(2026, 11, 21, 2, 0)) == sh(2026, 11, 23, 22, 0)


def test_several_ranges_a_day() -> None:
    split = WorkingHours(SHANGHAI, week("09:00-12:00", "13:30-18:00"))
    assert not split.is_open(sh(2026, 11, 20, 12, 30))
    assert split.next_open(sh(2026, 11, 20, 12, 30)) == sh(2026, 11, 20, 13, 30)
    assert split.next_open(sh(2026, 11, 20, 19, 0)) == sh(2026, 11, 21, 9, 0)


def test_daylight_saving_time_in_berlin() -> None:
    desk = WorkingHours(BERLIN, week("09:00-17:00"))
    # 09:00 is 08:00 UTC in winter and 07:00 UTC in summer.
    assert desk.next_open(datetime(2026, 3, 28, 20, 0, tzinfo=UTC)) == datetime(
        2026, 3, 29, 9, 0, tzinfo=BERLIN
    )
    assert desk.next_open(datetime(2026, 3, 28, 20, 0, tzinfo=UTC)).astimezone(UTC).hour == 7
    assert desk.is_open(datetime(2026, 3, 30, 7, 0, tzinfo=UTC))
    assert not desk.is_open(datetime(2026, 3, 27, 7, 0, tzinfo=UTC))
    back = desk.reopening(datetime(2026, 10, 24, 20, 0, tzinfo=UTC))
    assert back is not None and back.offset == "UTC+1" and back.clock == "09:00"
    # A range starting in the hour that does not exist opens when the clock jumps past it.
    small_hours = WorkingHours(BERLIN, week("02:30-05:00"))
    spring = small_hours.next_open(datetime(2026, 3, 28, 23, 0, tzinfo=UTC))
    assert spring == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # 03:00 CEST, the jump
    # In the hour that happens twice, the clock going back opens a closed desk again.
    late = WorkingHours(BERLIN, week("01:00-02:30"))
    first_pass = datetime(2026, 10, 25, 2, 45, tzinfo=BERLIN)  # CEST, closed
    assert not late.is_open(first_pass)
    again = late.next_open(first_pass)
    assert again is not None and (again.hour, again.fold) == (2, 1)  # 02:00 CET, second time
    # (Compared in UTC: Python never finds a time of the repeated hour equal across zones.)
    assert again.astimezone(UTC) == datetime(2026, 10, 25, 1, 0, tzinfo=UTC)


# --- properties -------------------------------------------------------------------------

ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Shanghai", "UTC"]
# Instants near the 2026 transitions of those zones, where mistakes would hide.
TRANSITIONS = [
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
    datetime(2026, 10, 25, 1, 0, tzinfo=UTC),
    datetime(2026, 3, 8, 7, 0, tzinfo=UTC),
    datetime(2026, 11, 1, 6, 0, tzinfo=UTC),
    datetime(2026, 4, 4, 15, 0, tzinfo=UTC),
    datetime(2026, 10, 3, 15, 30, tzinfo=UTC),
]
QUARTERS = st.integers(0, 24 * 4 - 1).map(lambda q: q * 900)


@st.composite
def spans(draw: st.DrawFn) -> tuple[Span, ...]:
    found = []
    for _ in range(draw(st.integers(0, 2))):
        start = draw(QUARTERS)
        length = draw(st.integers(1, 24 * 4 - 1)) * 900  # past midnight at times
        found.append(Span(start, start + length))
    return tuple(sorted(found))


@st.composite
def schedules(draw: st.DrawFn) -> WorkingHours:
    tz = ZoneInfo(draw(st.sampled_from(ZONES)))
    weekly = tuple(draw(spans()) for _ in range(7))
    days = st.dates(date(2026, 3, 1), date(2026, 11, 10))
    holidays = draw(st.dictionaries(days, spans(), max_size=4))
    return WorkingHours(tz, weekly, holidays)


instants = st.one_of(
    st.datetimes(datetime(2026, 1, 1), datetime(2026, 12, 1), timezones=st.just(UTC)),
    st.builds(
        lambda base, seconds: base + timedelta(seconds=seconds),
        st.sampled_from(TRANSITIONS),
        st.integers(-2 * DAY, 2 * DAY),
    ),
)


def first_open_quarter(hours: WorkingHours, at: datetime, limit: datetime) -> datetime | None:
    """The oracle: ranges start on a quarter hour, and these zones' offsets and changes are
    whole half hours, so the first open instant after a closed ``at`` is on a quarter hour
    of UTC; look at each one."""
    u = at.replace(minute=at.minute // 15 * 15, second=0, microsecond=0)
    while u <= limit:
        if u > at and hours.is_open(u):
            return u
        u += timedelta(minutes=15)
    return None


@settings(max_examples=150, deadline=None)
@given(schedules(), instants, st.data())
def test_next_open_is_open_and_nothing_before_it_is(
    hours: WorkingHours, at: datetime, data: st.DataObject
) -> None:
    found = hours.next_open(at)
    if hours.always_open:
        assert found is None and hours.is_open(at)
        return
    if found is None:
        # Never open again: no quarter hour of the coming weeks is (holidays end in November).
        assert first_open_quarter(hours, at, datetime(2026, 12, 20, tzinfo=UTC)) is None
        return
    assert found.tzinfo == hours.tz
    # Arithmetic and == in UTC: Python's on local times is wall-clock arithmetic.
    found = found.astimezone(UTC)
    assert found >= at and hours.is_open(found)
    if hours.is_open(at):
        assert found == at
        return
    assert first_open_quarter(hours, at, found) == found
    # And strictly between, at instants off the minute grid too.
    gap = (found - at) // timedelta(microseconds=1)
    for micro in data.draw(st.lists(st.integers(1, gap - 1))) if gap > 1 else []:
        assert not hours.is_open(at + timedelta(microseconds=micro))
    assert not hours.is_open(found - timedelta(microseconds=1))


@settings(max_examples=100, deadline=None)
@given(schedules(), instants)
def test_reopening_agrees_with_next_open(hours: WorkingHours, at: datetime) -> None:
    back = hours.reopening(at)
    if hours.is_open(at) or hours.next_open(at) is None:
        assert back is None
        return
    assert back is not None and back.at == hours.next_open(at)
    assert back.days_ahead == (back.at.date() - at.astimezone(hours.tz).date()).days >= 0
    assert back.clock == f"{back.at:%H:%M}" and back.offset.startswith("UTC")
