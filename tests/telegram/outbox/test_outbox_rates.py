"""The outbox keeps Telegram's rates per private chat, per group and overall."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from bot.telegram.ops import DeleteMessage, MediaItem, SendMediaGroup, SendText
from bot.telegram.outbox import Outbox, Priority
from tests.telegram.outbox.fakes import ScriptedTransport, SteppingClock, run_until

EPS = 1e-6


def all_done(futures: list[asyncio.Future]) -> Callable[[], bool]:
    return lambda: all(f.done() for f in futures)


def within_bucket(times: list[float], rate: float, burst: int, slack: float) -> bool:
    """No stretch of calls beats a token bucket of ``rate`` and ``burst``."""
    return all(
        j - i + 1 <= burst + rate * (times[j] - times[i] + slack)
        for i in range(len(times))
        for j in range(i, len(times))
    )


async def test_ten_messages_to_a_user_burst_then_one_a_second(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox()
    await outbox.start()
    futures = [outbox.submit(SendText(7, f"m{i}"), Priority.ANSWER) for i in range(10)]
    await run_until(clock, all_done(futures))
    times = [c.at for c in transport.calls]
    assert times == pytest.approx([0, 0, 0, 1, 2, 3, 4, 5, 6, 7], abs=EPS)
    assert [c.op.text for c in transport.calls] == [f"m{i}" for i in range(10)]  # type: ignore[union-attr]


async def test_twenty_five_to_a_group_never_exceed_twenty_a_minute(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox()
    await outbox.start()
    futures = [outbox.submit(SendText(-100, f"m{i}"), Priority.DESK) for i in range(25)]
    await run_until(clock, all_done(futures))
    times = [c.at for c in transport.calls]
    assert len(times) == 25
    # Evenly spread: one every 3 s, so any minute holds at most 20.
    assert times == pytest.approx([3.0 * i for i in range(25)], abs=EPS)
    assert max(sum(1 for u in times if t <= u < t + 60 - EPS) for t in times) == 20


async def test_a_hundred_users_respect_thirty_a_second(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox()  # global 30/s, burst 5
    await outbox.start()
    futures = [outbox.submit(SendText(u, "news"), Priority.NOTICE) for u in range(1, 101)]
    took = await run_until(clock, all_done(futures))
    times = [c.at for c in transport.calls]
    assert len({c.chat_id for c in transport.calls}) == 100
    assert took == pytest.approx((100 - 5) / 30, abs=EPS)
    assert within_bucket(times, rate=30, burst=5, slack=EPS)
    # After the first burst no second holds more than 30.
    steady = [t for t in times if t > 0]
    assert max(sum(1 for u in steady if t <= u < t + 1 - EPS) for t in steady) == 30


async def test_an_album_counts_one_per_item(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox()
    await outbox.start()
    album = SendMediaGroup(7, tuple(MediaItem("photo", f"p{i}") for i in range(5)))
    sent = outbox.submit(album, Priority.ANSWER)
    after = outbox.submit(SendText(7, "after"), Priority.ANSWER)
    await run_until(clock, all_done([sent, after]))
    assert sent.result().message_ids == (100, 101, 102, 103, 104)
    # Five tokens from a bucket of three: two owed, then one more for the text.
    assert [c.at for c in transport.calls] == pytest.approx([0, 3], abs=EPS)


async def test_uncounted_ops_do_not_wait(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox()
    await outbox.start()
    futures = [outbox.submit(DeleteMessage(7, i), Priority.NOTICE) for i in range(10)]
    futures.append(outbox.submit(SendText(7, "still a full burst"), Priority.NOTICE))
    took = await run_until(clock, all_done(futures))
    assert took == 0
    assert len(transport.calls) == 11
