"""Token buckets, costs and the limits' own checks (pure arithmetic, no event loop)."""

from __future__ import annotations

import pytest

from bot.telegram.ops import (
    AnswerCallback,
    CloseTopic,
    DeleteMessage,
    EditText,
    MediaItem,
    SendMediaGroup,
    SendText,
)
from bot.telegram.outbox import OutboxLimits
from bot.telegram.outbox.limiter import Limiter, TokenBucket, op_cost


def test_costs_follow_counted_ops() -> None:
    album = SendMediaGroup(1, tuple(MediaItem("photo", f"p{i}") for i in range(4)))
    assert op_cost(album) == 4
    assert op_cost(SendText(1, "x")) == op_cost(EditText(1, 2, "x")) == 1
    assert op_cost(DeleteMessage(1, 2)) == op_cost(CloseTopic(-1, 2)) == 0
    assert op_cost(AnswerCallback("q")) == 0


def test_bucket_bursts_then_refills_at_its_rate() -> None:
    bucket = TokenBucket(rate=1.0, capacity=3, now=0.0)
    for _ in range(3):
        assert bucket.wait(1, 0.0) == 0
        bucket.take(1, 0.0)
    assert bucket.wait(1, 0.0) == pytest.approx(1.0)
    assert bucket.wait(1, 0.5) == pytest.approx(0.5)
    assert bucket.wait(1, 1.0) == 0
    assert not bucket.full(1.0)
    assert bucket.full(3.0)


def test_a_cost_above_capacity_waits_for_a_full_bucket_then_owes() -> None:
    bucket = TokenBucket(rate=1.0, capacity=3, now=0.0)
    bucket.take(1, 0.0)
    assert bucket.wait(10, 0.0) == pytest.approx(1.0)
    bucket.take(10, 1.0)  # now 7 in debt
    assert bucket.wait(1, 1.0) == pytest.approx(8.0)


def test_broadcasts_leave_the_reserve() -> None:
    limiter = Limiter(OutboxLimits(global_burst=5, broadcast_reserve=2), now=0.0)
    for _ in range(3):
        assert limiter.global_wait(1, 0.0, broadcast=True) == 0
        limiter.take(1, 1, 0.0)
    assert limiter.global_wait(1, 0.0, broadcast=True) > 0
    assert limiter.global_wait(1, 0.0) == 0  # the reserve is there for everyone else


def test_private_and_group_buckets_differ() -> None:
    limiter = Limiter(OutboxLimits(), now=0.0)
    limiter.take(-100, 1, 0.0)
    assert limiter.chat_wait(-100, 1, 0.0) == pytest.approx(3.0)  # 20 a minute, no burst
    for _ in range(3):
        limiter.take(7, 1, 0.0)
    assert limiter.chat_wait(7, 1, 0.0) == pytest.approx(1.0)
    assert limiter.chat_wait(None, 1, 0.0) == 0  # bot-wide calls have no chat limit


def test_repeated_429s_pause_everyone() -> None:
    limiter = Limiter(OutboxLimits(global_429_hits=3, global_429_window=10), now=0.0)
    assert not limiter.note_retry_after(5, 0.0, is_global=False)
    assert not limiter.note_retry_after(5, 11.0, is_global=False)  # the first one expired
    assert not limiter.note_retry_after(5, 12.0, is_global=False)
    assert limiter.note_retry_after(7, 13.0, is_global=False)
    assert limiter.global_wait(0, 13.0) == pytest.approx(7.0)
    assert limiter.note_retry_after(30, 40.0, is_global=True)
    assert limiter.global_wait(1, 50.0) == pytest.approx(20.0)


def test_idle_buckets_are_forgotten() -> None:
    limiter = Limiter(OutboxLimits(), now=0.0)
    limiter.take(1, 1, 0.0)
    limiter.take(2, 1, 0.0)
    limiter.forget_idle(0.5, keep=set())
    assert set(limiter._chats) == {1, 2}  # not refilled yet: they still limit
    limiter.forget_idle(5.0, keep={2})
    assert set(limiter._chats) == {2}


@pytest.mark.parametrize(
    "bad",
    [
        {"private_per_second": 0},
        {"group_burst": 0},
        {"broadcast_reserve": 5, "global_burst": 5},
        {"broadcast_in_flight": 0},
        {"retry_horizon": -1},
        {"backoff_base": 2, "backoff_cap": 1},
    ],
)
def test_limits_refuse_nonsense(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message is for people
        OutboxLimits(**bad)  # type: ignore[arg-type]


def test_backoff_doubles_up_to_its_cap() -> None:
    limits = OutboxLimits(backoff_base=0.5, backoff_cap=3)
    assert [limits.backoff(n) for n in range(1, 6)] == [0.5, 1, 2, 3, 3]
