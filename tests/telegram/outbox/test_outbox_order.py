"""Who goes first: priority across chats, submission order within a chat, parallelism."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from bot.telegram.ops import SendText
from bot.telegram.outbox import Outbox, Priority
from tests.telegram.outbox.fakes import ScriptedTransport, SteppingClock, run_until, settle

ONE_A_SECOND = {"global_per_second": 1, "global_burst": 1, "broadcast_reserve": 0}


def done(futures: list[asyncio.Future]) -> Callable[[], bool]:
    return lambda: all(f.done() for f in futures)


async def test_priority_decides_across_chats(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox(**ONE_A_SECOND)
    plan = [
        (1, Priority.BROADCAST),
        (2, Priority.BROADCAST),
        (3, Priority.NOTICE),
        (-100, Priority.DESK),
        (4, Priority.ANSWER),
        (5, Priority.ANSWER),
    ]
    futures = [outbox.submit(SendText(chat, "x"), prio) for chat, prio in plan]
    await outbox.start()
    await run_until(clock, done(futures))
    assert [c.chat_id for c in transport.calls] == [4, 5, -100, 3, 1, 2]
    assert [c.at for c in transport.calls] == pytest.approx([0, 1, 2, 3, 4, 5], abs=1e-6)


async def test_broadcasts_leave_a_reserve_for_answers(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox(global_burst=5, broadcast_reserve=2)
    await outbox.start()
    news = [outbox.submit(SendText(u, "news"), Priority.BROADCAST) for u in range(1, 11)]
    await settle()
    assert len(transport.calls) == 3  # two tokens stay in reserve
    answer = outbox.submit(SendText(50, "your answer"), Priority.ANSWER)
    await settle()
    assert transport.calls[-1].chat_id == 50 and transport.calls[-1].at == 0
    await run_until(clock, done([*news, answer]))
    assert len(transport.delivered) == 11


async def test_an_answer_lifts_its_chat_past_less_urgent_chats(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox(**ONE_A_SECOND)
    futures = [
        outbox.submit(SendText(2, "notice"), Priority.NOTICE),
        outbox.submit(SendText(1, "broadcast"), Priority.BROADCAST),
        outbox.submit(SendText(1, "answer"), Priority.ANSWER),
    ]
    await outbox.start()
    await run_until(clock, done(futures))
    # Chat 1 holds an answer, so it goes first, still in its own submission order.
    assert [c.op.text for c in transport.calls] == ["broadcast", "answer", "notice"]  # type: ignore[union-attr]


async def test_one_chat_in_order_and_never_two_in_flight(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox(private_burst=10, global_burst=20)
    await outbox.start()
    transport.hold = asyncio.Event()
    prios = [Priority.BROADCAST, Priority.ANSWER, Priority.NOTICE, Priority.DESK, Priority.ANSWER]
    futures = [outbox.submit(SendText(7, f"m{i}"), p) for i, p in enumerate(prios)]
    futures += [outbox.submit(SendText(8, f"n{i}"), Priority.NOTICE) for i in range(5)]
    await settle()
    assert dict(transport.in_flight) == {7: 1, 8: 1}  # different chats go in parallel
    transport.hold.set()
    await run_until(clock, done(futures))
    assert [c.op.text for c in transport.calls if c.chat_id == 7] == [  # type: ignore[union-attr]
        f"m{i}" for i in range(5)
    ]
    assert not transport.overlap_in_a_chat
    assert transport.max_in_flight == 2


async def test_in_flight_calls_are_bounded(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox(max_in_flight=4, global_burst=20)
    await outbox.start()
    transport.hold = asyncio.Event()
    futures = [outbox.submit(SendText(u, "x"), Priority.NOTICE) for u in range(1, 11)]
    await settle()
    assert sum(transport.in_flight.values()) == 4
    transport.hold.set()
    await run_until(clock, done(futures))
    assert transport.max_in_flight == 4
    assert len(transport.delivered) == 10


async def test_a_cancelled_submission_is_not_sent(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox()
    await outbox.start()
    transport.hold = asyncio.Event()
    first = outbox.submit(SendText(7, "first"), Priority.NOTICE)
    second = outbox.submit(SendText(7, "second"), Priority.NOTICE)
    third = outbox.submit(SendText(7, "third"), Priority.NOTICE)
    await settle()
    second.cancel()
    transport.hold.set()
    await run_until(clock, done([first, third]))
    assert [c.op.text for c in transport.calls] == ["first", "third"]  # type: ignore[union-attr]
    assert outbox.queued == 0
