"""The demo shop's pure parts: a seed with every status, channel and kind, and its rules
(status mapping, ownership, challenge answers, a channel's figures per state)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from dialogs.ports.orders import ChallengeFact, ChannelState, OrderStatus
from integrations.demo import rules, seed

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def test_the_seed_has_every_status_channel_and_kind() -> None:
    orders = seed.orders(NOW)
    assert len(orders) >= 20
    assert len({o.number for o in orders}) == len(orders)
    assert {rules.status_of(o.raw_status) for o in orders} == set(OrderStatus)
    assert {o.channel for o in orders} == set(seed.CHANNELS)
    assert {o.kind for o in orders} == set(seed.KINDS)
    assert {o.account for o in orders} == {a.name for a in seed.accounts()}
    assert all(o.created_at < NOW for o in orders)
    assert all(isinstance(o.amount, Decimal) for o in orders)


def test_times_follow_the_status() -> None:
    for o in seed.orders(NOW):
        status = rules.status_of(o.raw_status)
        unpaid = {"failed", "cancelled", "expired", "frozen"}  # failed before any payment
        never_paid = status is OrderStatus.AWAITING_PAYMENT or o.raw_status in unpaid
        assert (o.paid_at is None) == never_paid
        if status is OrderStatus.DELIVERED:
            assert o.delivered_at is not None and o.paid_at is not None
            assert o.created_at < o.paid_at < o.delivered_at
        if status is OrderStatus.PAID_DELIVERING:
            assert o.delivered_at is None


def test_channels_are_seeded_with_wechat_slow() -> None:
    channels = {c.channel: c for c in seed.channels(NOW)}
    assert set(channels) == set(seed.CHANNELS)
    assert channels["wechat"].state is ChannelState.DEGRADED
    assert channels["wechat"].expected_recovery == NOW + timedelta(minutes=45)
    assert channels["wechat"].share_delayed > 0.05
    assert channels["alipay"].expected_recovery is None
    assert channels["alipay"].share_delayed < 0.05


def test_unknown_raw_status_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown demo order status"):
        rules.status_of("teleported")


def test_only_paid_undelivered_orders_are_redeliverable() -> None:
    assert rules.redeliverable("paid") and rules.redeliverable("delivering")
    assert not any(rules.redeliverable(r) for r in ("unpaid", "completed", "refunded", "frozen"))


def test_ownership_needs_the_linked_account() -> None:
    assert rules.owns("lin.wei", "lin.wei")
    assert not rules.owns("lin.wei", "mika.tan")
    assert not rules.owns("lin.wei", None)


FACTS = rules.OwnerFacts("3821", Decimal("30.00"), "Lin.Wei@example.com")
RIGHT = {
    ChallengeFact.PHONE_LAST4: "3821",
    ChallengeFact.AMOUNT: "¥30",
    ChallengeFact.EMAIL: " lin.wei@EXAMPLE.com ",
}


def test_right_answers_pass_as_people_write_them() -> None:
    assert rules.answers_match(FACTS, RIGHT)
    assert rules.answers_match(FACTS, {**RIGHT, ChallengeFact.AMOUNT: "30.00 元"})


@pytest.mark.parametrize(
    ("fact", "answer"),
    [
        (ChallengeFact.PHONE_LAST4, "3822"),
        (ChallengeFact.PHONE_LAST4, "821"),
        (ChallengeFact.AMOUNT, "31"),
        (ChallengeFact.AMOUNT, "thirty"),
        (ChallengeFact.EMAIL, "lin@example.com"),
    ],
)
def test_one_wrong_answer_fails(fact: ChallengeFact, answer: str) -> None:
    assert not rules.answers_match(FACTS, {**RIGHT, fact: answer})


def test_a_missing_answer_fails_and_the_e_mail_is_optional() -> None:
    without_amount = {k: v for k, v in RIGHT.items() if k is not ChallengeFact.AMOUNT}
    assert not rules.answers_match(FACTS, without_amount)
    without_email = {k: v for k, v in RIGHT.items() if k is not ChallengeFact.EMAIL}
    assert rules.answers_match(FACTS, without_email)


def test_figures_agree_with_the_state() -> None:
    ok = rules.figures_for("alipay", ChannelState.OK)
    degraded = rules.figures_for("alipay", ChannelState.DEGRADED)
    down = rules.figures_for("alipay", ChannelState.DOWN)
    assert ok.share_delayed < 0.05 < degraded.share_delayed < down.share_delayed
    assert ok.average_arrival_seconds < degraded.average_arrival_seconds
