"""The broadcasts' limiter: the configured rate and no more, in one process (on a manual
clock) and across processes through the real Redis, and a 429's pause for every sender."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest
from redis.asyncio import Redis

from bot.app.broadcast_rate import LocalRate, RedisRate
from bot.support.clock import ManualClock, SystemClock


async def _granted_by(
    clock: ManualClock, rate: LocalRate, per_second: float, seconds: float
) -> int:
    """Messages granted while the clock moves ``seconds`` on in small steps."""
    granted = 0

    async def take() -> None:
        nonlocal granted
        while True:
            granted += await rate.acquire(per_second)

    task = asyncio.create_task(take())
    for _ in range(int(seconds * 100)):
        await asyncio.sleep(0)
        clock.advance(0.01)
        await asyncio.sleep(0)
    task.cancel()
    return granted


# The slack: the lead of four slices given at once at the start (see _lead).
@pytest.mark.parametrize(("per_second", "slack"), [(25, 6), (30, 7), (1000, 250)])
async def test_the_rate_is_kept_to(per_second: float, slack: int) -> None:
    clock = ManualClock()
    granted = await _granted_by(clock, LocalRate(clock), per_second, 10)
    assert per_second * 10 - slack <= granted <= per_second * 10 + slack


async def test_a_429_pauses_every_sender() -> None:
    clock = ManualClock()
    rate = LocalRate(clock)
    await rate.pause(3)
    assert await _granted_by(clock, rate, 25, 2.9) == 0
    granted = await _granted_by(clock, rate, 25, 2.0)
    assert 45 <= granted <= 52  # 0.1 s of the pause left, then 25 a second


async def test_instances_share_one_rate_through_redis(redis: Redis) -> None:
    prefix = f"test:{uuid.uuid4().hex[:8]}:"
    clock = SystemClock()
    first, second = RedisRate(redis, clock, prefix), RedisRate(redis, clock, prefix)
    per_second, run_for = 200.0, 1.0
    grants: list[tuple[float, int, str]] = []

    async def take(rate: RedisRate, name: str) -> None:
        deadline = time.monotonic() + run_for
        while time.monotonic() < deadline:
            grants.append((time.monotonic(), await rate.acquire(per_second), name))

    await asyncio.gather(take(first, "first"), take(second, "second"))
    assert {name for _, _, name in grants} == {"first", "second"}
    # Together, never more than the rate in any half second, plus the lead (four slices of
    # 50 ms) and a slice of jitter in when each task notes its grant; two instances each at
    # the rate would be twice that.
    times = sorted(grants)
    for i, (start, _, _) in enumerate(times):
        within = sum(n for at, n, _ in times[i:] if at < start + 0.5)
        assert within <= per_second * 0.5 + 5 * per_second * 0.05, within
    total = sum(n for _, n, _ in grants)
    assert total <= per_second * run_for + 5 * per_second * 0.05


async def test_a_pause_through_redis_holds_every_instance(redis: Redis) -> None:
    prefix = f"test:{uuid.uuid4().hex[:8]}:"
    clock = SystemClock()
    first, second = RedisRate(redis, clock, prefix), RedisRate(redis, clock, prefix)
    await first.pause(0.4)
    started = time.monotonic()
    await second.acquire(100)
    assert time.monotonic() - started >= 0.3


async def test_paid_and_free_broadcasts_keep_budgets_of_their_own(redis: Redis) -> None:
    """Telegram counts paid broadcasts apart from the free 30 a second: a free broadcast on
    one instance must not hold back a paid one on another."""
    prefix = f"test:{uuid.uuid4().hex[:8]}:"
    clock = SystemClock()
    free, paid = RedisRate(redis, clock, prefix), RedisRate(redis, clock, prefix)
    taken = {"free": 0, "paid": 0}

    async def take(rate: RedisRate, name: str, per_second: float) -> None:
        deadline = time.monotonic() + 0.5
        while time.monotonic() < deadline:
            taken[name] += await rate.acquire(per_second, paid=name == "paid")

    await asyncio.gather(take(free, "free", 25), take(paid, "paid", 1000))
    assert taken["paid"] >= 400  # about 500 in half a second, whatever the free one does
    assert taken["free"] <= 25 * 0.5 + 6
