"""Auto-tags: a new ticket's category, payment channel and time of day, by the operator's
rules."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from dialogs.content import load_content
from dialogs.desk.hours import parse_span
from dialogs.tickets.tags import TagRules, auto_tags, merge_tags, time_of_day

SHANGHAI = ZoneInfo("Asia/Shanghai")
RULES = load_content().desk.tag_rules


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 20, hour, minute, tzinfo=SHANGHAI)


def test_a_recharge_paid_by_alipay_in_the_evening() -> None:
    tags = auto_tags("recharge", {"payment_channel": "alipay", "amount": "100"}, at(20), RULES)
    assert tags == ["recharge", "alipay", "evening-peak"]


@pytest.mark.parametrize(
    ("choice", "tag"),
    [
        ("alipay", "alipay"),
        ("wechat", "wechat"),
        ("bank_card", "bank-card"),
        ("usdt_trc20", "usdt"),
    ],
)
def test_each_shipped_channel_has_its_tag(choice: str, tag: str) -> None:
    assert auto_tags("payment_failed", {"payment_channel": choice}, at(10), RULES)[1] == tag


def test_no_channel_or_other_adds_no_channel_tag() -> None:
    assert auto_tags("recharge", {"payment_channel": "other"}, at(13), RULES) == [
        "recharge", "afternoon"
    ]  # fmt: skip
    assert auto_tags("account_login", {}, at(8), RULES) == ["account_login", "morning"]


@pytest.mark.parametrize(
    ("hour", "minute", "bucket"),
    [
        (0, 0, "night"), (6, 59, "night"), (7, 0, "morning"), (11, 59, "morning"),
        (12, 0, "afternoon"), (18, 59, "afternoon"), (19, 0, "evening-peak"),
        (22, 59, "evening-peak"), (23, 0, "night"), (23, 59, "night"),
    ],
)  # fmt: skip
def test_shipped_buckets_cover_the_day(hour: int, minute: int, bucket: str) -> None:
    assert time_of_day(at(hour, minute), RULES.time_of_day) == bucket


def test_a_time_in_no_bucket_adds_none_and_a_tag_comes_once() -> None:
    rules = TagRules(time_of_day=(("lunch", parse_span("12:00-13:00")),))
    assert auto_tags("other", {}, at(9), rules) == ["other"]
    assert auto_tags("lunch", {}, at(12, 30), rules) == ["lunch"]
    assert auto_tags("recharge", {"payment_channel": "alipay"}, at(9), TagRules()) == ["recharge"]


def test_the_wall_time_given_is_the_one_bucketed() -> None:
    # 12:30 UTC is 20:30 in Shanghai: the caller gives the operator's local time.
    utc = datetime(2026, 11, 20, 12, 30, tzinfo=ZoneInfo("UTC"))
    assert time_of_day(utc.astimezone(SHANGHAI), RULES.time_of_day) == "evening-peak"
    assert time_of_day(utc, RULES.time_of_day) == "afternoon"


def test_merging_keeps_order_and_drops_repeats() -> None:
    assert merge_tags(["vip", "recharge"], ["recharge", "alipay"]) == ["vip", "recharge", "alipay"]
