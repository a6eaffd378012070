"""The manual clock wakes sleepers in deadline order, only when moved."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.support.clock import ManualClock, SystemClock


async def test_sleepers_wake_in_order_when_the_clock_moves() -> None:
    clock = ManualClock()
    start = clock.now()
    woke: list[str] = []

    async def sleeper(name: str, seconds: float) -> None:
        await clock.sleep(seconds)
        woke.append(name)

    tasks = [asyncio.create_task(sleeper(n, s)) for n, s in (("b", 20), ("a", 10), ("c", 30))]
    while clock.sleepers < 3:
        await asyncio.sleep(0)
    clock.advance(15)
    await asyncio.sleep(0)
    assert woke == ["a"]
    clock.advance(100)
    await asyncio.gather(*tasks)
    assert woke == ["a", "b", "c"]
    assert clock.now() - start == timedelta(seconds=115)
    assert clock.monotonic() == 115


async def test_system_clock_is_aware_utc() -> None:
    clock = SystemClock()
    assert clock.now().utcoffset() == timedelta(0)
    before = clock.monotonic()
    await clock.sleep(0)
    assert clock.monotonic() >= before
