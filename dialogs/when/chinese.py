"""The hand-written reader: Chinese forms ("刚刚", "10分钟前", "昨天下午3点", "11月20日下午3点")
and the bare numeric shapes ("[2026-]11-20 15:00", "15:00", "9am"), on normalised text."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dialogs.when.model import CLOCK_SKEW, WhenError, day_estimate, local_time

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


def read_chinese_or_numeric(
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
        return day_estimate(local_now.date() - timedelta(days=int(amount)), local_now, tz), True
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
            return day_estimate(day, local_now, tz), True
        clock = (_PERIOD_HOUR[period], 0, 0)
    hour, minute, shift = clock
    stated = when["h"] is not None or when["h2"] is not None or when["h3"] is not None
    if day is not None:
        return local_time(day + timedelta(days=shift), time(hour, minute), tz), not stated
    # A clock time alone ("15:00", "下午3点") is the latest one that is not in the future:
    # today's if it has passed, else yesterday's. The form asks about the past, so a user who
    # gives only a time means the last time the clock showed it; refusing it would be unhelpful.
    at = local_time(today + timedelta(days=shift), time(hour, minute), tz)
    while at > local_now + CLOCK_SKEW:
        at = local_time(at.astimezone(tz).date() - timedelta(days=1), time(hour, minute), tz)
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
