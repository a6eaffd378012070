"""Reading when a problem happened: quick buttons and free text in three languages, all
relative to an injected now and read in the platform's time zone."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialogs.when import CLOCK_SKEW, QUICK_KEYS, When, WhenError, parse_when, quick_when

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
ZONES = [SHANGHAI, ZoneInfo("UTC")]
NOON = datetime(2026, 11, 23, 12, 0)  # the local "now" of the table below, a Monday


def local(*args: int) -> datetime:
    return datetime(*args)  # type: ignore[arg-type]


def at_noon(tz: ZoneInfo) -> datetime:
    """Local noon of 2026-11-23 in ``tz``, as the aware UTC ``now`` the parser is given."""
    return NOON.replace(tzinfo=tz).astimezone(UTC)


# (what the user typed, the expected local wall-clock time for now = 2026-11-23 12:00 local,
# whether the reading is approximate)
EXAMPLES: list[tuple[str, datetime, bool]] = [
    ("10分钟前", local(2026, 11, 23, 11, 50), True),
    ("10分鐘前", local(2026, 11, 23, 11, 50), True),
    ("半小时前", local(2026, 11, 23, 11, 30), True),
    ("2小时前", local(2026, 11, 23, 10, 0), True),
    ("昨天下午3点", local(2026, 11, 22, 15, 0), False),
    ("昨天下午3點", local(2026, 11, 22, 15, 0), False),
    ("今天上午10点半", local(2026, 11, 23, 10, 30), False),
    ("前天晚上8点", local(2026, 11, 21, 20, 0), False),
    ("刚刚", NOON, True),
    ("剛剛", NOON, True),
    ("刚才", NOON, True),
    ("yesterday 14:30", local(2026, 11, 22, 14, 30), False),
    ("today 9am", local(2026, 11, 23, 9, 0), False),
    ("2 hours ago", local(2026, 11, 23, 10, 0), True),
    ("10 minutes ago", local(2026, 11, 23, 11, 50), True),
    ("just now", NOON, True),
    ("2026-11-20 15:00", local(2026, 11, 20, 15, 0), False),
    ("2026/11/20 15:00", local(2026, 11, 20, 15, 0), False),
    ("11-20 15:00", local(2026, 11, 20, 15, 0), False),
    # A clock time alone is the latest one not in the future: 15:00 has not come yet today.
    ("15:00", local(2026, 11, 22, 15, 0), False),
    ("09:15", local(2026, 11, 23, 9, 15), False),
    ("20 Nov 15:00", local(2026, 11, 20, 15, 0), False),
    # Full-width digits, letters, colons and spaces.
    ("１０分钟前", local(2026, 11, 23, 11, 50), True),
    ("２０２６－１１－２０\u3000１５：００", local(2026, 11, 20, 15, 0), False),
    ("ｙｅｓｔｅｒｄａｙ １４:３０", local(2026, 11, 22, 14, 30), False),
    # More Chinese forms.
    ("一个半小时前", local(2026, 11, 23, 10, 30), True),
    ("二十分钟前", local(2026, 11, 23, 11, 40), True),
    ("30秒前", local(2026, 11, 23, 11, 59, 30), True),
    ("几分钟前", local(2026, 11, 23, 11, 57), True),
    ("3天前", local(2026, 11, 20, 12, 0), True),
    ("昨晚8点", local(2026, 11, 22, 20, 0), False),
    ("昨天晚上12点", local(2026, 11, 23, 0, 0), False),  # midnight ending yesterday
    ("昨天 下午 3 點", local(2026, 11, 22, 15, 0), False),
    ("昨天15点30分", local(2026, 11, 22, 15, 30), False),
    ("昨天14:30", local(2026, 11, 22, 14, 30), False),
    ("今天早上", local(2026, 11, 23, 8, 0), True),
    ("昨天下午", local(2026, 11, 22, 15, 0), True),
    ("三点半", local(2026, 11, 23, 3, 30), False),
    ("下午3点", local(2026, 11, 22, 15, 0), False),
    ("十二点一刻", local(2026, 11, 22, 12, 15), False),
    ("11月20日下午3点", local(2026, 11, 20, 15, 0), False),
    ("11月20号 15:00", local(2026, 11, 20, 15, 0), False),
    ("2026年11月20日 15:00", local(2026, 11, 20, 15, 0), False),
    # A day without a time: its noon, or for today the middle of what has passed of it.
    ("昨天", local(2026, 11, 22, 12, 0), True),
    ("yesterday", local(2026, 11, 22, 12, 0), True),
    ("today", local(2026, 11, 23, 6, 0), True),
    ("11-20", local(2026, 11, 20, 12, 0), True),
    ("12-31", local(2025, 12, 31, 12, 0), True),  # not yet this year: last year's
    # Hedges only make the reading approximate.
    ("大概10分钟前", local(2026, 11, 23, 11, 50), True),
    ("10分钟前左右", local(2026, 11, 23, 11, 50), True),
    ("大约昨天下午3点", local(2026, 11, 22, 15, 0), True),
    ("about 2 hours ago", local(2026, 11, 23, 10, 0), True),
    ("刚刚。", NOON, True),
    # More English.
    ("9 p.m.", local(2026, 11, 22, 21, 0), False),
    ("3:30pm", local(2026, 11, 22, 15, 30), False),
    ("an hour ago", local(2026, 11, 23, 11, 0), True),
    ("yesterday at 3pm", local(2026, 11, 22, 15, 0), False),
    ("last night", local(2026, 11, 22, 20, 0), True),
    ("this morning", local(2026, 11, 23, 9, 0), True),
    ("Nov 20", local(2026, 11, 20, 12, 0), True),
    # Weekdays (2026-11-23 is a Monday) and weeks.
    ("周五", local(2026, 11, 20, 12, 0), True),
    ("上周五下午3点", local(2026, 11, 20, 15, 0), False),
    ("星期一", local(2026, 11, 23, 6, 0), True),  # today
    ("上星期一", local(2026, 11, 16, 12, 0), True),
    ("上上礼拜天 20:00", local(2026, 11, 15, 20, 0), False),
    ("2周前", local(2026, 11, 9, 12, 0), True),
    ("friday 3pm", local(2026, 11, 20, 15, 0), False),
]


@pytest.mark.parametrize("tz", ZONES, ids=lambda z: z.key)
@pytest.mark.parametrize(("text", "expected", "approximate"), EXAMPLES, ids=lambda v: str(v))
def test_reads_example(text: str, expected: datetime, approximate: bool, tz: ZoneInfo) -> None:
    now = at_noon(tz)
    when = parse_when(text, now, tz)
    assert when.at.tzinfo is UTC
    assert when.at.astimezone(tz).replace(tzinfo=None) == expected
    assert when.at == expected.replace(tzinfo=tz).astimezone(UTC)
    assert when.said == text
    assert when.approximate is approximate


def test_the_same_instant_reads_by_the_platform_zone() -> None:
    now = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai, 04:00 in UTC
    assert parse_when("15:00", now, SHANGHAI).at == datetime(2026, 11, 22, 7, 0, tzinfo=UTC)
    assert parse_when("15:00", now, ZoneInfo("UTC")).at == datetime(2026, 11, 22, 15, tzinfo=UTC)
    assert parse_when("03:00", now, SHANGHAI).at == datetime(2026, 11, 22, 19, 0, tzinfo=UTC)
    assert parse_when("03:00", now, ZoneInfo("UTC")).at == datetime(2026, 11, 23, 3, tzinfo=UTC)
    # Relative answers do not depend on the zone at all.
    for tz in ZONES:
        assert parse_when("2小时前", now, tz).at == now - timedelta(hours=2)
        assert parse_when("2 hours ago", now, tz).at == now - timedelta(hours=2)


def test_a_zone_named_in_the_text_is_kept() -> None:
    when = parse_when("yesterday 14:30 UTC", at_noon(SHANGHAI), SHANGHAI)
    assert when.at == datetime(2026, 11, 22, 14, 30, tzinfo=UTC)


@pytest.mark.parametrize("text", ["yesterday 14:30", "昨天14:30", "昨天下午2点半"])
def test_wall_clock_times_across_a_dst_change(text: str) -> None:
    # Clocks in New York went forward at 02:00 on 2026-03-08: yesterday was on EST (UTC-5).
    now = datetime(2026, 3, 8, 12, 0, tzinfo=NEW_YORK).astimezone(UTC)
    when = parse_when(text, now, NEW_YORK)
    assert when.at == datetime(2026, 3, 7, 19, 30, tzinfo=UTC)


def test_dates_and_spans_across_a_dst_change() -> None:
    now = datetime(2026, 3, 8, 3, 30, tzinfo=NEW_YORK).astimezone(UTC)  # 07:30Z, EDT
    assert now == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    # A span is real elapsed time, whatever the wall clock did in between.
    assert parse_when("2 hours ago", now, NEW_YORK).at == now - timedelta(hours=2)
    assert parse_when("2小时前", now, NEW_YORK).at == now - timedelta(hours=2)
    # Last October was on EDT (UTC-4), now is too; 20 Jan on EST (UTC-5).
    assert parse_when("20 Oct 15:00", now, NEW_YORK).at == datetime(2025, 10, 20, 19, tzinfo=UTC)
    assert parse_when("20 Jan 15:00", now, NEW_YORK).at == datetime(2026, 1, 20, 20, tzinfo=UTC)
    assert parse_when("1月20日 15:00", now, NEW_YORK).at == datetime(2026, 1, 20, 20, tzinfo=UTC)
    # Today began on EST: midnight was 05:00Z, so the middle of today so far is 06:15Z.
    assert parse_when("today", now, NEW_YORK).at == datetime(2026, 3, 8, 6, 15, tzinfo=UTC)


# Quick buttons --------------------------------------------------------------------------------


@pytest.mark.parametrize("tz", ZONES, ids=lambda z: z.key)
def test_quick_keys(tz: ZoneInfo) -> None:
    now = at_noon(tz)
    expected = {
        "just_now": NOON,
        "within_hour": local(2026, 11, 23, 11, 30),
        "earlier_today": local(2026, 11, 23, 6, 0),
        "yesterday": local(2026, 11, 22, 12, 0),
    }
    assert set(QUICK_KEYS) == set(expected)
    for key in QUICK_KEYS:
        when = quick_when(key, now, tz)
        assert when == When(at=expected[key].replace(tzinfo=tz).astimezone(UTC), said=key,
                            approximate=True)  # fmt: skip
        assert when.at.tzinfo is UTC
        assert when.at <= now


def test_quick_earlier_today_just_after_midnight() -> None:
    now = datetime(2026, 11, 23, 0, 10, tzinfo=SHANGHAI).astimezone(UTC)
    when = quick_when("earlier_today", now, SHANGHAI)
    assert when.at == now - timedelta(minutes=5)


def test_unknown_quick_key_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown quick key") as caught:
        quick_when("tomorrow", at_noon(SHANGHAI), SHANGHAI)
    assert not isinstance(caught.value, WhenError)


def test_now_in_another_offset_still_gives_utc() -> None:
    now = datetime(2026, 11, 23, 12, 0, tzinfo=SHANGHAI)  # aware, but not UTC
    for when in (parse_when("刚刚", now, SHANGHAI), quick_when("just_now", now, SHANGHAI)):
        assert when.at == now
        assert when.at.tzinfo is UTC


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_when("刚刚", NOON, SHANGHAI)
    with pytest.raises(ValueError, match="aware"):
        quick_when("just_now", NOON, SHANGHAI)


# Refusals -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "today 15:00",
        "今天下午3点",
        "今天晚上8點",
        "明天",
        "后天上午10点",
        "tomorrow",
        "in 2 hours",
        "11-23 15:00",  # today's date, a time still to come: not last year's
        "2026-11-24 10:00",
        "today 12:05",
        "本周三",
        "这周日上午",
    ],
)
def test_future_is_refused(text: str) -> None:
    with pytest.raises(WhenError) as caught:
        parse_when(text, at_noon(SHANGHAI), SHANGHAI)
    assert caught.value.reason == "future"


def test_a_little_ahead_is_clock_skew_and_reads_as_now() -> None:
    now = at_noon(SHANGHAI)
    assert timedelta(minutes=2) == CLOCK_SKEW
    for text in ("today 12:01", "今天12点02分", "12:02"):
        when = parse_when(text, now, SHANGHAI)
        assert when.at == now
        assert when.approximate is False
    # Three minutes ahead is not skew: a bare clock time is then yesterday's, a dated one refused.
    assert parse_when("12:03", now, SHANGHAI).at == now - timedelta(days=1) + timedelta(minutes=3)
    with pytest.raises(WhenError):
        parse_when("今天12点03分", now, SHANGHAI)


@pytest.mark.parametrize(
    "text",
    [
        "asdf",
        "🙂",
        "",
        "   ",
        "?",
        "5",  # a bare number is no time (dateparser would make it the 5th of some month)
        "1000",
        "1700000000",  # nor a Unix timestamp
        "25:00",
        "15:60",
        "上午15点",
        "晚上15点",
        "13pm",
        "2月30日",
        "13-45 10:00",
        "半个半小时前",
        "last month",  # too vague to say when
        "2025",
        "100 years ago",  # older than anyone reports
        "0001-01-01",  # dateparser raises OverflowError on this one
        "9999-12-31 00:00" + "x",
        "我不知道",
        "99昨天上午日昨天",  # dateparser would find "昨天" in it
        "th",  # dateparser would read a Thursday
        "上周",
        "x" * 65,
        "刚刚" * 40,
    ],
)
def test_unreadable_is_refused(text: str) -> None:
    with pytest.raises(WhenError) as caught:
        parse_when(text, at_noon(SHANGHAI), SHANGHAI)
    assert caught.value.reason == "unreadable"


def test_very_long_text_is_refused_quickly() -> None:
    text = "昨天下午3点 " * 20_000
    started = time.perf_counter()
    with pytest.raises(WhenError) as caught:
        parse_when(text, at_noon(SHANGHAI), SHANGHAI)
    assert time.perf_counter() - started < 0.05
    assert caught.value.reason == "unreadable"


# Properties -----------------------------------------------------------------------------------

_PIECES = [
    "昨天", "今天", "前天", "明天", "上午", "下午", "晚上", "凌晨", "中午", "点", "點", "半",
    "分钟", "分鐘", "小时", "天", "前", "刚刚", "剛剛", "个", "十", "二", "两", "月", "日", "号",
    "年", "大概", "左右", "yesterday", "today", "tomorrow", "ago", "hours", "minutes", "am",
    "pm", "just", "now", "Nov", "at", "last", "in", "about", "-", "/", ":", " ", "\u3000",
    "１", "0", "1", "2", "3", "9", "12", "15", "20", "24", "30", "59", "60", "99", "2026",
]  # fmt: skip
# Answers shaped like real ones, so that many are read rather than refused.
_SHAPED = st.one_of(
    st.tuples(
        st.sampled_from(
            ["", "今天", "昨天", "前天", "明天", "周五", "上周日", "11月20日", "2-29 "]
        ),
        st.sampled_from(["", "凌晨", "上午", "中午", "下午", "晚上", "半夜"]),
        st.integers(0, 25).map(str),
        st.sampled_from(["", "点", "点半", "點一刻", "点59分", ":00", ":30", "am", "pm"]),
    ).map("".join),
    st.tuples(
        st.sampled_from(["", "about ", "大概"]),
        st.integers(0, 9999).map(str),
        st.sampled_from(["分钟前", "个半小时前", "天前", "周前", " minutes ago", " days ago"]),
    ).map("".join),
    st.tuples(
        st.sampled_from(["yesterday ", "today ", "", "20 Nov ", "Feb 29 "]),
        st.integers(0, 25),
        st.integers(0, 60),
    ).map(lambda t: f"{t[0]}{t[1]}:{t[2]:02d}"),
)
_TEXTS = st.one_of(
    st.text(max_size=30),
    st.lists(st.sampled_from(_PIECES), max_size=8).map("".join),
    _SHAPED,
)
_NOWS = st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2099, 12, 31),
                     timezones=st.just(UTC))  # fmt: skip
_ZONES = st.sampled_from(
    [SHANGHAI, ZoneInfo("Asia/Taipei"), ZoneInfo("UTC"), NEW_YORK, ZoneInfo("Asia/Kathmandu")]
)


@settings(max_examples=300, deadline=None)
@given(text=_TEXTS, now=_NOWS, tz=_ZONES)
def test_any_text_is_read_into_the_past_or_refused(text: str, now: datetime, tz: ZoneInfo) -> None:
    try:
        when = parse_when(text, now, tz)
    except WhenError as exc:
        reason: str | None = exc.reason
    else:
        reason = None
    if reason is not None:
        assert reason in ("unreadable", "future")
        return
    assert when.at.tzinfo is UTC
    assert when.at <= now
    assert when.said == text.strip()


@settings(max_examples=100, deadline=None)
@given(key=st.sampled_from(QUICK_KEYS), now=_NOWS, tz=_ZONES)
def test_quick_keys_are_never_in_the_future(key: str, now: datetime, tz: ZoneInfo) -> None:
    when = quick_when(key, now, tz)
    assert when.at <= now
    assert now - when.at <= timedelta(hours=49)
