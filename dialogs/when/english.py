"""dateparser, for English and whatever else has words of Latin letters in it."""

from __future__ import annotations

import re
import warnings
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from dialogs.when.model import day_estimate, local_time


def worth_dateparser(norm: str) -> bool:
    """Whether dateparser may read ``text``: only if it has a word of Latin letters, or a date
    shape the reader above does not take ("11/20/2026"). Bare numbers ("5", "2026") it turns
    into odd dates, a letter or two into a weekday ("th"), and its Chinese is both thinner
    than the reader's (no "昨天下午3点", "上周五") and looser: it finds "昨天" in
    "99昨天上午日昨天", which should be refused."""
    return bool(re.search(r"[a-z]{3}", norm) or re.search(r"\d+[-/.]\d+", norm))


def read_with_dateparser(
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
        found = local_time(found.date(), found.time(), tz)
    period = data.period
    if period == "time":
        # "2 hours ago" is an estimate by the user; "yesterday 14:30" is a stated time.
        return found, relative
    if period == "part_of_day":
        return found, True  # "this morning", "last night": dateparser picks a typical hour
    if period in ("day", "week"):
        return day_estimate(found.astimezone(tz).date(), local_now, tz), True
    return None  # "last month", "2025": too vague to say when it happened
