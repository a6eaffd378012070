"""The outbox's surface: results, callback answers, splitting on the way out, closing."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from bot.telegram.ops import (
    CAPTION_LIMIT,
    AnswerCallback,
    Button,
    Command,
    CreateTopic,
    SendPhoto,
    SendText,
    SetCommands,
)
from bot.telegram.outbox import Outbox, OutboxClosed, Priority
from tests.telegram.outbox.fakes import ScriptedTransport, SteppingClock, run_until, settle

KEYS = ((Button("Done", data="d"),),)


def done(futures: list[asyncio.Future]) -> Callable[[], bool]:
    return lambda: all(f.done() for f in futures)


async def test_results_carry_message_and_thread_ids(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox()
    await outbox.start()
    topic = await outbox.send(CreateTopic(-100, "Ticket #12"), Priority.DESK)
    assert topic.thread_id == 100
    card = outbox.submit(SendText(-100, "card", thread_id=topic.thread_id), Priority.DESK)
    await run_until(clock, card.done)  # a group: one message every 3 s
    assert card.result().message_ids == (101,)
    assert transport.calls[-1].at == pytest.approx(3, abs=1e-6)
    assert await outbox.send(SetCommands((Command("start", "Start"),)), Priority.NOTICE)


async def test_a_long_text_leaves_as_parts_with_every_id(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox()
    await outbox.start()
    text = "<b>" + "a long line\n" * 1000 + "</b>"  # 12,000 characters
    future = outbox.submit(SendText(7, text, buttons=KEYS, reply_to=5), Priority.ANSWER)
    await run_until(clock, done([future]))
    parts = [c.op for c in transport.calls]
    assert len(parts) == 3
    assert future.result().message_ids == (100, 101, 102)
    assert [p.buttons for p in parts] == [None, None, KEYS]  # type: ignore[union-attr]
    assert [p.reply_to for p in parts] == [5, None, None]  # type: ignore[union-attr]


async def test_a_long_caption_follows_the_photo(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport
) -> None:
    outbox = make_outbox()
    await outbox.start()
    caption = "c" * (CAPTION_LIMIT + 1)
    result = await outbox.send(SendPhoto(7, "file", caption=caption, buttons=KEYS), Priority.ANSWER)
    assert [c.op for c in transport.calls] == [
        SendPhoto(7, "file"),
        SendText(7, caption, buttons=KEYS),
    ]
    assert result.message_ids == (100, 101)


async def test_callback_answers_skip_a_full_queue(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport
) -> None:
    outbox = make_outbox(
        max_in_flight=2,
        global_per_second=1,
        global_burst=2,
        broadcast_reserve=0,
    )
    await outbox.start()
    transport.hold = asyncio.Event()  # sends hang; callback answers never do
    for user in range(1, 50):
        outbox.submit(SendText(user, "busy"), Priority.ANSWER)
    await settle()
    assert sum(transport.in_flight.values()) == 2 and outbox.queued == 49
    await outbox.answer_callback(AnswerCallback("q1", "Got it"))
    queued = outbox.submit(AnswerCallback("q2"), Priority.BROADCAST)
    await queued
    assert [c.op for c in transport.calls] == [AnswerCallback("q1", "Got it"), AnswerCallback("q2")]
    transport.hold.set()


async def test_close_flushes_what_is_queued(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox()
    await outbox.start()
    futures = [outbox.submit(SendText(7, f"m{i}"), Priority.NOTICE) for i in range(10)]
    closing = asyncio.create_task(outbox.close(timeout=30))
    await settle()
    with pytest.raises(OutboxClosed):
        outbox.submit(SendText(7, "too late"), Priority.ANSWER)
    with pytest.raises(OutboxClosed):
        await outbox.answer_callback(AnswerCallback("q"))
    took = await run_until(clock, closing.done)
    assert took == pytest.approx(7, abs=1e-6)
    assert all(f.result().message_ids for f in futures)
    assert len(transport.delivered) == 10


async def test_close_fails_what_it_could_not_flush(
    make_outbox: Callable[..., Outbox],
    transport: ScriptedTransport,
    clock: SteppingClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    outbox = make_outbox()
    await outbox.start()
    futures = [outbox.submit(SendText(7, f"m{i}"), Priority.NOTICE) for i in range(10)]
    closing = asyncio.create_task(outbox.close(timeout=2.5))
    await run_until(clock, closing.done)
    assert len(transport.delivered) == 5  # 0, 0, 0, 1, 2 s
    assert all(isinstance(f.exception(), OutboxClosed) for f in futures[5:])
    assert "Outbox closed with 5 queued and 0 in flight unsent" in caplog.text


async def test_close_fails_a_call_still_in_flight(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport
) -> None:
    outbox = make_outbox()
    await outbox.start()
    transport.hold = asyncio.Event()
    stuck = outbox.submit(SendText(7, "m0"), Priority.NOTICE)
    await settle()
    await outbox.close(timeout=0)
    with pytest.raises(OutboxClosed):
        stuck.result()


async def test_an_outbox_never_started_fails_its_queue_on_close(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport
) -> None:
    outbox = make_outbox()
    future = outbox.submit(SendText(7, "m0"), Priority.NOTICE)
    await outbox.close()
    assert isinstance(future.exception(), OutboxClosed)
    assert transport.calls == []
