"""desk.yaml's hours, tags and spam: the shipped ones load (a desk open around the clock),
an older desk.yaml without them still does, and each mistake is named by file, line and
reason, by `kefu check` too."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from dialogs.content import ContentError, load_content, shipped_dir
from tests.dialogs.content.test_content import TOKEN, kefu, line_of

SHIPPED = (shipped_dir() / "desk.yaml").read_text(encoding="utf-8")
DAYS = "    mon-sun: ['00:00-24:00']\n"


def folder_with(tmp_path: Path, desk: str) -> Path:
    for name in ("fields.yaml", "categories.yaml"):
        shutil.copy(shipped_dir() / name, tmp_path / name)
    (tmp_path / "desk.yaml").write_text(desk, encoding="utf-8")
    return tmp_path


def test_shipped_desk_is_open_around_the_clock_with_tags_and_spam_words() -> None:
    desk = load_content().desk
    assert desk.working_hours.always_open
    assert desk.working_hours.next_open(datetime(2026, 11, 22, 3, 0, tzinfo=UTC)) is None
    assert desk.tag_rules.channels["bank_card"] == "bank-card"
    assert [name for name, _ in desk.tag_rules.time_of_day] == [
        "night", "morning", "afternoon", "evening-peak"
    ]  # fmt: skip
    assert desk.spam_words.threshold == 85 and desk.spam_words.match("加 V 信") == "加v信"


def test_the_commented_example_loads_as_it_says(tmp_path: Path) -> None:
    start = SHIPPED.index("#     hours:")
    example = SHIPPED[start : SHIPPED.index("\nhours:")]
    hours = "\n".join(line.removeprefix("#     ") for line in example.splitlines())
    shipped_hours = SHIPPED[SHIPPED.index("\nhours:") : SHIPPED.index("\n# tags:")]
    desk = load_content(folder_with(tmp_path, SHIPPED.replace(shipped_hours, "\n" + hours)))
    hours_now = desk.desk.working_hours
    assert str(hours_now.tz) == "Asia/Shanghai" and not hours_now.always_open
    back = hours_now.reopening(datetime(2026, 11, 21, 13, 30, tzinfo=UTC))  # Sat 21:30
    assert back is not None and (back.weekday, back.clock, back.offset) == (0, "09:00", "UTC+8")
    assert hours_now.holidays[date(2026, 10, 1)] == ()


def test_a_desk_yaml_without_the_new_sections_still_loads(tmp_path: Path) -> None:
    old = SHIPPED[: SHIPPED.index("# hours:")]
    desk = load_content(folder_with(tmp_path, old)).desk
    assert desk.working_hours.always_open
    assert desk.tag_rules.channels == {} and desk.tag_rules.time_of_day == ()
    assert desk.spam_words.match("crypto airdrop") is None


# Each case: the text to replace and its replacement, the text on the line the problem
# must name, and what the problem must say.
MISTAKES = {
    "unknown time zone": (
        "timezone: UTC", "timezone: Asia/Shangai", "timezone: Asia/Shangai",
        "hours.timezone: unknown time zone 'Asia/Shangai'; did you mean 'Asia/Shanghai'?",
    ),
    "missing time zone": (
        "  timezone: UTC\n", "", "hours:\n  days:", "hours.timezone: is required but missing",
    ),
    "bad time": (
        DAYS, "    mon-sun: ['09:00-25:00']\n", "mon-sun",
        "hours.days.mon-sun.0: bad time '25:00' (write HH:MM, 00:00 to 24:00)",
    ),
    "range ending where it starts": (
        DAYS, "    mon-sun: ['09:00-09:00']\n", "mon-sun",
        "hours.days.mon-sun.0: range '09:00-09:00' ends where it starts",
    ),
    "unquoted time": (
        DAYS, "    mon-sun: [10:00]\n", "mon-sun",
        "hours.days.mon-sun.0: write closed or ranges in quotes, like '09:00-21:00'",
    ),
    "overlapping ranges": (
        DAYS, "    mon-sun: ['09:00-13:00', '12:00-18:00']\n", "mon-sun",
        "hours.days.mon-sun: ranges 09:00-13:00 and 12:00-18:00 overlap",
    ),
    "bad day": (
        DAYS, DAYS + "    monday: closed\n", "monday", "hours.days.monday: bad days 'monday'",
    ),
    "day given twice": (
        DAYS, DAYS + "    sat: closed\n", "sat: closed", "hours.days.sat: sat is given twice",
    ),
    "bad holiday": (
        DAYS, DAYS + "  holidays:\n    2026-10-01: ['10:00-10:00']\n", "2026-10-01: ['10",
        "hours.holidays.2026-10-01.0: range '10:00-10:00' ends where it starts",
    ),
    "impossible date": (
        DAYS, DAYS + "  holidays:\n    2026-13-01: closed\n", "2026-13-01",
        "not a valid date (month must be in 1..12)",
    ),
    "overlapping time-of-day tags": (
        "evening-peak: '19:00-23:00'", "evening-peak: '18:00-23:00'", "evening-peak",
        "tags.time_of_day.evening-peak: overlaps afternoon (12:00-19:00)",
    ),
    "bad tag": (
        "bank_card: bank-card", "bank_card: Bank Card", "bank_card",
        "tags.channels.bank_card: a tag is 1-32 characters of a-z, 0-9, _ and -",
    ),
    "channel naming no choice": (
        "bank_card: bank-card", "bank_crd: bank-card", "bank_crd",
        "tags.channels.bank_crd: 'bank_crd' is not a choice of payment_channel "
        "(alipay, wechat, bank_card, usdt_trc20, other)",
    ),
    "channel field not a choice field": (
        "channel_field: payment_channel", "channel_field: amount", "channel_field: amount",
        "tags.channel_field: 'amount' is not a choice field of fields.yaml",
    ),
    "spam threshold out of range": (
        "threshold: 85", "threshold: 30", "threshold: 30",
        "spam.threshold: Input should be greater than or equal to 50",
    ),
    "spam word too short": (
        "en: [crypto airdrop,", "en: ['!x!', crypto airdrop,", "'!x!'",
        "spam.words.en.0: '!x!' is too short to match safely",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(MISTAKES), ids=list(MISTAKES))
def test_each_mistake_names_file_line_and_reason(tmp_path: Path, case: str) -> None:
    old, new, on_line, says = MISTAKES[case]
    assert SHIPPED.count(old) == 1  # the case still edits what it means to
    broken = SHIPPED.replace(old, new)
    with pytest.raises(ContentError) as caught:
        load_content(folder_with(tmp_path, broken))
    where = f"{tmp_path / 'desk.yaml'}:{line_of(broken, on_line)}: "
    problems = caught.value.problems
    assert any(p.startswith(where) and says in p for p in problems), problems


def test_check_reports_a_working_hours_mistake(
    tmp_path: Path, bot_api_for: Callable[[str], str]
) -> None:
    broken = SHIPPED.replace(DAYS, "    mon-sat: ['09:00-21:00', '22:00-22:00']\n")
    (tmp_path / "mine").mkdir()
    folder = folder_with(tmp_path / "mine", broken)
    env = {"KEFU_BOT_TOKEN": TOKEN, "KEFU_CONTENT_DIR": str(folder)}
    env["KEFU_TELEGRAM_API_URL"] = bot_api_for(TOKEN)
    result = kefu(tmp_path, "check", **env)
    assert result.returncode == 1
    problems = [line for line in result.stderr.splitlines() if line.startswith("problem:")]
    line = line_of(broken, "mon-sat: ['09:00-21:00', '22")
    assert problems == [
        f"problem: {folder / 'desk.yaml'}:{line}: hours.days.mon-sat.1: "
        "range '22:00-22:00' ends where it starts (all day is 00:00-24:00)"
    ]
