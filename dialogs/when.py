"""Reading *when it happened* from a quick button or from free text.

The problem-report form asks the user when the problem happened. Users answer in Simplified
Chinese, Traditional Chinese or English, usually relative to the moment they type ("10分钟前",
"昨天下午3点", "2 hours ago") and always in their own wall-clock time, which kefu takes to be
the platform's time zone. Everything is computed from an injected ``now`` (aware, UTC), never
from the system clock, so tests can move time freely.

How free text is read:

1. It is normalised: NFKC (full-width digits, letters, colons and spaces become ASCII),
   lower case, Traditional characters that matter here folded to Simplified, hedges such as
   "大概", "左右" or "about" removed (they only make the answer approximate).
2. A small hand-written reader takes the Chinese forms and the bare numeric shapes:
   "刚刚", "10分钟前", "一个半小时前", "3天前", "[今天|昨天|前天][上午|下午|晚上…][3点半|15:00]",
   "[2026-]11-20 15:00", "11月20日下午3点", "15:00", "9am". dateparser reads only some of the
   Chinese ones (not "昨天下午3点" or "今天上午10点半"), and for the numeric shapes kefu wants
   its own policy: a date without a year is the latest one not after today, and a bare clock
   time is the latest one not in the future.
3. Anything else with a word of Latin letters in it (English: "yesterday 14:30",
   "2 hours ago", "20 Nov 15:00", "last monday", ISO timestamps…) goes to dateparser,
   restricted to English and Chinese so it does no language detection. It is imported on
   first use, not at start-up. Other Chinese text is refused rather than handed to it.

An answer more than :data:`CLOCK_SKEW` ahead of ``now`` is refused as ``"future"``; one a
little ahead is taken as ``now`` (the user's clock may run fast). Text longer than
:data:`MAX_TEXT` characters, empty text, and answers older than :data:`OLDEST` are refused as
``"unreadable"``.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
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


def quick_when(key: str, now: datetime, tz: ZoneInfo) -> When:
    """The estimate for a quick button; each is the middle of the span the button names,
    which keeps the worst-case error smallest."""
    _check_now(now)
    now = now.astimezone(UTC)
    local_now = now.astimezone(tz)
    if key == "just_now":
        # The user is reporting as it happens; minutes do not matter.
        at = now
    elif key == "within_hour":
        # Somewhere in the last hour: half an hour ago is off by 30 minutes at most.
        at = now - timedelta(minutes=30)
    elif key == "earlier_today":
        # Somewhere between local midnight and now: take the middle.
        at = _midway_today(local_now, tz)
    elif key == "yesterday":
        # Somewhere in yesterday (local): noon is off by 12 hours at most.
        at = _local(local_now.date() - timedelta(days=1), time(12), tz)
    else:
        raise ValueError(f"unknown quick key {key!r}")
    return When(at=at, said=key, approximate=True)


def parse_when(text: str, now: datetime, tz: ZoneInfo) -> When:
    """Read ``text`` as a past time in ``tz``, relative to ``now`` (aware).

    ``tz`` is a named zone (``ZoneInfo("Asia/Shanghai")``): dateparser is given its key.
    Raises :class:`WhenError` with reason ``"future"`` for a time more than
    :data:`CLOCK_SKEW` ahead of ``now`` and ``"unreadable"`` for anything else it cannot take.
    """
    _check_now(now)
    now = now.astimezone(UTC)
    said = text.strip()
    if not said or len(said) > MAX_TEXT:
        raise WhenError("unreadable", said[:MAX_TEXT])
    norm, hedged = _normalise(said)
    if not norm:
        raise WhenError("unreadable", said)
    local_now = now.astimezone(tz)
    reading = _read_chinese_or_numeric(norm, now, local_now, tz)
    if reading is None and _worth_dateparser(norm):
        reading = _read_with_dateparser(norm, local_now, tz)
    if reading is None:
        raise WhenError("unreadable", said)
    at, approximate = reading
    at = at.astimezone(UTC)
    if at > now + CLOCK_SKEW:
        raise WhenError("future", said)
    if at < now - OLDEST:
        raise WhenError("unreadable", said)
    return When(at=min(at, now), said=said, approximate=approximate or hedged)


# ---------------------------------------------------------------------------------------------
# Normalising

# Only the Traditional characters that occur in the forms read here; a full converter (OpenCC,
# jionlp) would be far heavier than this table.
_FOLD = str.maketrans(
    {
        "鐘": "钟", "鍾": "钟", "時": "时", "點": "点", "個": "个", "剛": "刚", "號": "号",
        "兩": "两", "淩": "凌", "裡": "里", "裏": "里", "後": "后", "間": "间", "頭": "头",
        "約": "约", "現": "现", "纔": "才", "幾": "几", "會": "会", "兒": "儿", "週": "周",
    }
)  # fmt: skip
_HEDGE_BEFORE = re.compile(
    r"^(?:大概|大约|约莫|约|差不多|大致|估计|可能|about|around|approximately|approx\.?|roughly"
    r"|circa|maybe|~)\s*"
)
_HEDGE_AFTER = re.compile(r"\s*(?:左右|上下|许|or so|ish)$")
# Trailing particles and punctuation add nothing to a time ("刚刚吧", "昨天下午3点。").
_TAIL = re.compile(r"[\s。.!！?？~～,，、;；吧啊呀的了]+$")
# Chinese shorthand for a day and a part of it.
_SHORTHAND = {
    "昨晚": "昨天晚上",
    "昨夜": "昨天晚上",
    "前晚": "前天晚上",
    "今早": "今天早上",
    "今晨": "今天早上",
    "今晚": "今天晚上",
    "昨早": "昨天早上",
}


def _normalise(text: str) -> tuple[str, bool]:
    """The text in one canonical spelling, and whether it carried a hedge word."""
    norm = unicodedata.normalize("NFKC", text).lower().translate(_FOLD)
    norm = re.sub(r"\s+", " ", norm).strip()
    norm = _TAIL.sub("", norm)
    hedged = False
    for hedge in (_HEDGE_BEFORE, _HEDGE_AFTER):
        stripped = hedge.sub("", norm)
        hedged = hedged or stripped != norm
        norm = stripped
    for short, full in _SHORTHAND.items():
        norm = norm.replace(short, full)
    return norm, hedged


# ---------------------------------------------------------------------------------------------
# The hand-written reader: Chinese forms and numeric shapes

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN_NUM = "零〇一二两三四五六七八九十"

_JUST_NOW = frozenset(
    {"刚刚", "刚才", "刚", "方才", "就刚才", "刚刚才", "现在", "此刻", "这会儿",
     "just now", "right now", "now", "a moment ago", "moments ago"}
)  # fmt: skip

_AGO = re.compile(
    rf"^(?P<n>\d{{1,4}}(?:\.\d{{1,2}})?|[{_CN_NUM}]{{1,3}}|半|几)\s*个?\s*(?P<half>半)?\s*"
    r"(?P<unit>秒钟?|分钟|分|小时|钟头|天|日|周|星期|礼拜)\s*(?P<half2>半)?\s*[以之]?前$"
)
_UNIT = {"秒": "seconds", "秒钟": "seconds", "分": "minutes", "分钟": "minutes",
         "小时": "hours", "钟头": "hours", "天": "days", "日": "days", "周": "weeks",
         "星期": "weeks", "礼拜": "weeks"}  # fmt: skip

_DAY_WORDS = {"大前天": -3, "前天": -2, "前日": -2, "昨天": -1, "昨日": -1, "昨儿": -1,
              "今天": 0, "今日": 0, "今儿": 0, "明天": 1, "明日": 1, "后天": 2}  # fmt: skip
_AM = ("凌晨", "清晨", "早上", "早晨", "上午")
_NOON = ("中午",)
_PM = ("午后", "下午", "傍晚")
_NIGHT = ("晚上", "夜里", "夜间", "深夜", "半夜")
# A part of the day without a clock time: a typical hour inside it (dateparser, for the English
# "this morning" / "yesterday afternoon" / "last night", uses 9, 15 and 20 as well).
_PERIOD_HOUR = {"凌晨": 3, "清晨": 7, "早上": 8, "早晨": 8, "上午": 9, "中午": 12, "午后": 14,
                "下午": 15, "傍晚": 18, "晚上": 20, "夜里": 22, "夜间": 22, "深夜": 23,
                "半夜": 23}  # fmt: skip

_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "1": 0,
             "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}  # fmt: skip
_DAY_PART = (
    "(?:(?P<day>" + "|".join(sorted(_DAY_WORDS, key=len, reverse=True)) + ")"
    "|(?P<week>上上|上|这|本)?(?:周|星期|礼拜)(?P<weekday>[一二三四五六日天1-7]))"
)
_DATE_PART = r"(?:(?P<y>\d{4})\s*[-/年]\s*)?(?P<mo>\d{1,2})\s*[-/月]\s*(?P<d>\d{1,2})\s*[日号]?"
_PERIOD_PART = "(?P<period>" + "|".join(_AM + _NOON + _PM + _NIGHT) + ")"
_CLOCK_PART = (
    # 3点 / 3点半 / 3点一刻 / 3点20(分) / 15时 / 三点钟
    rf"(?:(?P<h>\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*(?:点钟?|时)\s*"
    rf"(?:(?P<half>半)|(?P<quarter>一刻|三刻)|(?P<m>\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*分?)?"
    # 15:00 / 3:30pm
    r"|(?P<h2>\d{1,2}):(?P<m2>\d{2})\s*(?P<ap2>[ap])?"
    # 9am / 9 p.m.
    r"|(?P<h3>\d{1,2})\s*(?P<ap3>[ap]))"
)
_WHEN = re.compile(rf"^(?:{_DAY_PART}|{_DATE_PART})?\s*{_PERIOD_PART}?\s*{_CLOCK_PART}?$")


def _read_chinese_or_numeric(
    norm: str, now: datetime, local_now: datetime, tz: ZoneInfo
) -> tuple[datetime, bool] | None:
    """``(at, approximate)`` for the forms this module reads itself; ``None`` for other text.

    Raises :class:`WhenError` ("unreadable") for one of its forms with impossible values
    ("25:00", "上午15点", "2月30日").
    """
    if norm in _JUST_NOW:
        return now, True
    ago = _AGO.match(norm)
    if ago:
        return _read_ago(ago, now, local_now, tz)
    # "9am", "9 a.m.", "3:30pm": the clock pattern wants just "a" or "p".
    when = _WHEN.match(re.sub(r"(?<=[\d\s])([ap])\.?m\.?$", r"\1", norm))
    if when and when.group(0).strip():
        return _read_day_and_clock(when, local_now, tz)
    return None


def _read_ago(
    ago: re.Match[str], now: datetime, local_now: datetime, tz: ZoneInfo
) -> tuple[datetime, bool]:
    raw = ago["n"]
    unit = _UNIT[ago["unit"]]
    if raw == "半":
        amount = 0.5
    elif raw == "几":
        amount = 3.0  # "几分钟前" ("a few minutes ago"): three is the usual reading of "a few"
    else:
        amount = float(raw) if raw[0].isdigit() else float(_cn_number(raw))
    if ago["half"] or ago["half2"]:
        if raw == "半":
            raise WhenError("unreadable")  # "半个半小时前"
        amount += 0.5  # "一个半小时前", "2小时半前"
    if unit == "weeks":
        unit, amount = "days", amount * 7
    if unit == "days" and amount == int(amount):
        # "3天前", "2周前" name a day, not an instant: estimate it as the quick "yesterday" does.
        return _day_estimate(local_now.date() - timedelta(days=int(amount)), local_now, tz), True
    return now - timedelta(**{unit: amount}), True


def _read_day_and_clock(
    when: re.Match[str], local_now: datetime, tz: ZoneInfo
) -> tuple[datetime, bool]:
    today = local_now.date()
    day: date | None = None
    if when["day"]:
        day = today + timedelta(days=_DAY_WORDS[when["day"]])
    elif when["weekday"]:
        day = _weekday(when["week"], _WEEKDAYS[when["weekday"]], today)
    elif when["mo"]:
        day = _date_of(when["y"], int(when["mo"]), int(when["d"]), today)
    period = when["period"]
    clock = _clock_of(when, period)
    if clock is None:
        if period is None:
            if day is None:
                raise WhenError("unreadable")
            return _day_estimate(day, local_now, tz), True
        clock = (_PERIOD_HOUR[period], 0, 0)
    hour, minute, shift = clock
    stated = when["h"] is not None or when["h2"] is not None or when["h3"] is not None
    if day is not None:
        return _local(day + timedelta(days=shift), time(hour, minute), tz), not stated
    # A clock time alone ("15:00", "下午3点") is the latest one that is not in the future:
    # today's if it has passed, else yesterday's. The form asks about the past, so a user who
    # gives only a time means the last time the clock showed it; refusing it would be unhelpful.
    at = _local(today + timedelta(days=shift), time(hour, minute), tz)
    while at > local_now + CLOCK_SKEW:
        at = _local(at.astimezone(tz).date() - timedelta(days=1), time(hour, minute), tz)
    return at, not stated


def _weekday(week: str | None, weekday: int, today: date) -> date:
    """The day a weekday names: "周五" is the latest Friday not after today, "上周五" Friday of
    last week (weeks start on Monday), "上上周五" the week before, "这周五" / "本周五" this
    week's."""
    if week is None:
        return today - timedelta(days=(today.weekday() - weekday) % 7)
    monday = today - timedelta(days=today.weekday())
    weeks_back = {"上上": 2, "上": 1, "这": 0, "本": 0}[week]
    return monday - timedelta(weeks=weeks_back) + timedelta(days=weekday)


def _date_of(year: str | None, month: int, day: int, today: date) -> date:
    """The date; without a year, the latest such date that is not after today."""
    if year:
        return _date(int(year), month, day)
    for back in range(9):  # 29 February comes back within eight years
        try:
            found = date(today.year - back, month, day)
        except ValueError:
            if back == 0 and not _possible(month, day):
                break
            continue
        if found <= today:
            return found
    raise WhenError("unreadable")


def _possible(month: int, day: int) -> bool:
    """Whether the day exists in some year (2000 is a leap year)."""
    try:
        date(2000, month, day)
    except ValueError:
        return False
    return True


def _date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise WhenError("unreadable") from None


def _clock_of(when: re.Match[str], period: str | None) -> tuple[int, int, int] | None:
    """``(hour, minute, day_shift)``, or ``None`` if no clock time was given."""
    ampm: str | None = None
    if when["h"] is not None:
        hour = _number(when["h"])
        if when["half"]:
            minute = 30
        elif when["quarter"]:
            minute = 15 if when["quarter"] == "一刻" else 45
        elif when["m"] is not None:
            minute = _number(when["m"])
        else:
            minute = 0
    elif when["h2"] is not None:
        hour, minute, ampm = int(when["h2"]), int(when["m2"]), when["ap2"]
    elif when["h3"] is not None:
        hour, minute, ampm = int(when["h3"]), 0, when["ap3"]
    else:
        return None
    if minute > 59:
        raise WhenError("unreadable")
    if ampm is not None:
        if period is not None or not 1 <= hour <= 12:
            raise WhenError("unreadable")  # "下午3pm", "15pm"
        return (hour % 12 + (12 if ampm == "p" else 0), minute, 0)
    hour, shift = _hour_in_period(hour, period)
    return (hour, minute, shift)


def _hour_in_period(hour: int, period: str | None) -> tuple[int, int]:
    """The 24-hour clock hour for ``hour`` said within ``period``, and a day shift: late
    night hours belong to the evening before ("昨天晚上12点", "昨天半夜2点" are early today)."""
    if period is None:
        if hour <= 23:
            return (hour, 0)
    elif period in _AM:
        if period == "凌晨" and hour == 12:
            return (0, 0)
        if hour <= 12:
            return (hour, 0)
    elif period in _NOON:
        if 11 <= hour <= 14:
            return (hour, 0)
        if 1 <= hour <= 2:
            return (hour + 12, 0)
    elif period in _PM:
        if 1 <= hour <= 11:
            return (hour + 12, 0)
        if 12 <= hour <= 23:
            return (hour, 0)
    else:  # _NIGHT
        if 5 <= hour <= 11:
            return (hour + 12, 0)
        if 17 <= hour <= 23:
            return (hour, 0)
        if hour in (0, 12, 24):
            return (0, 1)
        if 1 <= hour <= 4:
            return (hour, 1)
    raise WhenError("unreadable")  # "25点", "上午15点", "晚上15点"


def _number(text: str) -> int:
    return int(text) if text.isascii() and text.isdigit() else _cn_number(text)


def _cn_number(text: str) -> int:
    """0–99 written in Chinese numerals ("三", "十", "十五", "二十", "二十三")."""
    tens, ten, units = text.partition("十")
    if not ten:  # a single digit
        digit = _CN_DIGITS.get(text) if len(text) == 1 else None
        if digit is None:
            raise WhenError("unreadable")
        return digit
    high = _CN_DIGITS.get(tens, 0) if tens else 1  # "十五" is fifteen
    low = _CN_DIGITS.get(units, -1) if units else 0
    if high == 0 or low < 0:
        raise WhenError("unreadable")  # "零十", "十十", "二二十"
    return high * 10 + low


# ---------------------------------------------------------------------------------------------
# dateparser, for English and whatever else has words in it


def _worth_dateparser(norm: str) -> bool:
    """Whether dateparser may read ``text``: only if it has a word of Latin letters, or a date
    shape the reader above does not take ("11/20/2026"). Bare numbers ("5", "2026") it turns
    into odd dates, a letter or two into a weekday ("th"), and its Chinese is both thinner
    than the reader's (no "昨天下午3点", "上周五") and looser: it finds "昨天" in
    "99昨天上午日昨天", which should be refused."""
    return bool(re.search(r"[a-z]{3}", norm) or re.search(r"\d+[-/.]\d+", norm))


def _read_with_dateparser(
    norm: str, local_now: datetime, tz: ZoneInfo
) -> tuple[datetime, bool] | None:
    # Imported here: it costs ~0.1 s to import and ~0.3 s to load its English and Chinese data
    # on the first parse, which only free text that the reader above cannot take ever needs.
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {
        "TIMEZONE": tz.key,
        "RELATIVE_BASE": local_now.replace(tzinfo=None),
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DATES_FROM": "past",
        # Tells a stated time ("time") from a bare day ("day"), a part of the day, or a vaguer
        # week, month or year, so each can be estimated or refused below.
        "RETURN_TIME_AS_PERIOD": True,
        # No Unix timestamps: "1700000000" is not how a user says when.
        "PARSERS": ["relative-time", "custom-formats", "absolute-time"],
    }
    try:
        # dateparser warns (DeprecationWarning, FutureWarning) about its own internals on some
        # Python versions; none of it concerns this call, and pytest turns warnings into errors.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.simplefilter("ignore", FutureWarning)
            data = DateDataParser(languages=["en", "zh"], settings=settings).get_date_data(norm)
    except Exception:
        # Any failure of the parser on user text (it raised OverflowError for "0001-01-01")
        # means the text could not be read.
        return None
    found = data.date_obj
    if found is None or found.tzinfo is None:
        return None
    relative = re.search(r"\b(?:ago|now)\b", norm) is not None
    if not relative and found.utcoffset() == local_now.utcoffset():
        # dateparser stamps every result with the UTC offset ``now`` has, which is an hour
        # off for a day on the other side of a DST change ("yesterday 14:30" the day after
        # clocks moved). Its wall-clock reading is right: put that into ``tz`` properly.
        # ("2 hours ago" is left alone: base minus the span, stamped so, is the right
        # instant; a result with another offset came from a zone named in the text.)
        found = _local(found.date(), found.time(), tz)
    period = data.period
    if period == "time":
        # "2 hours ago" is an estimate by the user; "yesterday 14:30" is a stated time.
        return found, relative
    if period == "part_of_day":
        return found, True  # "this morning", "last night": dateparser picks a typical hour
    if period in ("day", "week"):
        return _day_estimate(found.astimezone(tz).date(), local_now, tz), True
    return None  # "last month", "2025": too vague to say when it happened


# ---------------------------------------------------------------------------------------------
# Shared helpers


def _check_now(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")


def _local(day: date, clock: time, tz: ZoneInfo) -> datetime:
    """A wall-clock time in ``tz`` as aware UTC (zoneinfo settles DST gaps and folds)."""
    return datetime.combine(day, clock, tzinfo=tz).astimezone(UTC)


def _midway_today(local_now: datetime, tz: ZoneInfo) -> datetime:
    midnight = _local(local_now.date(), time(0), tz)
    now = local_now.astimezone(UTC)
    return midnight + (now - midnight) / 2


def _day_estimate(day: date, local_now: datetime, tz: ZoneInfo) -> datetime:
    """A day named without a time: its local noon, as the quick "yesterday" button; today is
    the middle of what has passed of it, as the quick "earlier today" button."""
    if day == local_now.date():
        return _midway_today(local_now, tz)
    return _local(day, time(12), tz)
