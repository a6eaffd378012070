"""The real `kefu run` SIGKILLed in the middle of a broadcast and started again on the same
database: nobody is missed, and nobody gets it twice but those in flight at the kill (at most
the sender's window). The restart takes over at once: the dead process's lease is not waited
out (bench/broadcast.py runs the same drill on 100,000 users)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

from bench.broadcast import BLOCKED_EVERY, BroadcastKefu, Phase, Tally, populate, seed
from bot.app.broadcast_send import BroadcastTuning
from bot.storage.broadcasts import BroadcastStore
from bot.storage.database import make_engine, make_sessionmaker
from bot.support.clock import SystemClock
from bot.telegram.double import BotApiDouble
from tests.scenario.harness import eventually

USERS = 400


async def _until(check: Callable[[], bool], timeout: float) -> None:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "not reached in time"
        await asyncio.sleep(0.05)


async def test_a_killed_broadcast_misses_no_one_and_doubles_at_most_the_window(
    runtime: str, double: BotApiDouble, tmp_path: Path
) -> None:
    ids = populate(double, USERS)
    phase = Phase("kill", tmp_path, "Maintenance tonight (drill)", paid=True)
    await seed(phase, ids, paid=True)
    kefu = BroadcastKefu(double, tmp_path, runtime, KEFU_BROADCAST_PAID_RATE="100")
    tally = Tally(double, phase.text)
    target = USERS - USERS // BLOCKED_EVERY
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'kefu.db'}")
    store = BroadcastStore(make_sessionmaker(engine), SystemClock())

    async def done() -> bool:
        return (await store.recent())[0].state == "done"

    try:
        await kefu.start()
        await _until(lambda: tally.count() >= USERS // 3, 60)
        await kefu.kill()
        at_kill = tally.count()
        assert at_kill < target, "the kill came too late to test anything"
        await kefu.start()
        await _until(lambda: tally.count() >= 0 and len(tally.per_chat) >= target, 60)
        # Every message seen is not every answer recorded: the last 403s may still be
        # on their way to the database.
        await eventually(done, 60)
        (info,) = await store.recent()
    finally:
        await kefu.stop()
        await engine.dispose()
    tally.count()
    blocked = {uid for uid in ids if (uid - ids[0]) % BLOCKED_EVERY == BLOCKED_EVERY - 1}
    assert all(tally.per_chat[uid] >= 1 for uid in ids if uid not in blocked)
    assert not any(tally.per_chat[uid] for uid in blocked)
    twice = sum(1 for n in tally.per_chat.values() if n > 1)
    assert twice <= BroadcastTuning().window, twice
    assert info.counts == {"sent": target, "blocked": len(blocked)}
    assert info.state == "done"
