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
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dialogs.when.chinese import read_chinese_or_numeric
from dialogs.when.english import read_with_dateparser, worth_dateparser
from dialogs.when.model import (
    CLOCK_SKEW,
    MAX_TEXT,
    OLDEST,
    QUICK_KEYS,
    When,
    WhenError,
    check_now,
    local_time,
    midway_today,
)

__all__ = ["CLOCK_SKEW", "MAX_TEXT", "OLDEST", "QUICK_KEYS", "When", "WhenError", "parse_when",
           "quick_when"]  # fmt: skip


def quick_when(key: str, now: datetime, tz: ZoneInfo) -> When:
    """The estimate for a quick button; each is the middle of the span the button names,
    which keeps the worst-case error smallest."""
    check_now(now)
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
        at = midway_today(local_now, tz)
    elif key == "yesterday":
        # Somewhere in yesterday (local): noon is off by 12 hours at most.
        at = local_time(local_now.date() - timedelta(days=1), time(12), tz)
    else:
        raise ValueError(f"unknown quick key {key!r}")
    return When(at=at, said=key, approximate=True)


def parse_when(text: str, now: datetime, tz: ZoneInfo) -> When:
    """Read ``text`` as a past time in ``tz``, relative to ``now`` (aware).

    ``tz`` is a named zone (``ZoneInfo("Asia/Shanghai")``): dateparser is given its key.
    Raises :class:`WhenError` with reason ``"future"`` for a time more than
    :data:`CLOCK_SKEW` ahead of ``now`` and ``"unreadable"`` for anything else it cannot take.
    """
    check_now(now)
    now = now.astimezone(UTC)
    said = text.strip()
    if not said or len(said) > MAX_TEXT:
        raise WhenError("unreadable", said[:MAX_TEXT])
    norm, hedged = _normalise(said)
    if not norm:
        raise WhenError("unreadable", said)
    local_now = now.astimezone(tz)
    reading = read_chinese_or_numeric(norm, now, local_now, tz)
    if reading is None and worth_dateparser(norm):
        reading = read_with_dateparser(norm, local_now, tz)
    if reading is None:
        raise WhenError("unreadable", said)
    at, approximate = reading
    at = at.astimezone(UTC)
    if at > now + CLOCK_SKEW:
        raise WhenError("future", said)
    if at < now - OLDEST:
        raise WhenError("unreadable", said)
    return When(at=min(at, now), said=said, approximate=approximate or hedged)


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
