"""Telegram's errors, by kind: wait, back off, stop sending, alert, or fail the future."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import pytest

from bot.telegram.errors import BadRequest, Forbidden, RetryAfter, ServerError
from bot.telegram.ops import SendText
from bot.telegram.outbox import Outbox, OutboxLimits, Priority
from tests.telegram.outbox.fakes import Events, ScriptedTransport, SteppingClock, run_until, settle

APPROX = {"abs": 1e-6}


def done(futures: list[asyncio.Future]) -> Callable[[], bool]:
    return lambda: all(f.done() for f in futures)


def flood(seconds: float, is_global: bool = False) -> RetryAfter:
    exc = RetryAfter("sendMessage", f"Too Many Requests: retry after {seconds}", seconds)
    if is_global:
        exc.is_global = True  # type: ignore[attr-defined]
    return exc


def texts(calls: list) -> list[str]:
    return [c.op.text for c in calls]


async def test_a_429_is_waited_out_and_the_message_arrives_once(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox()
    await outbox.start()
    transport.script(7, flood(5))
    first = outbox.submit(SendText(7, "m0"), Priority.ANSWER)
    second = outbox.submit(SendText(7, "m1"), Priority.ANSWER)
    other = outbox.submit(SendText(8, "elsewhere"), Priority.ANSWER)
    await run_until(clock, done([first, second, other]))
    assert [(c.chat_id, c.at, c.error is None) for c in transport.calls] == [
        (7, 0, False),
        (8, 0, True),  # only chat 7 waits
        (7, pytest.approx(5, **APPROX), True),
        (7, pytest.approx(5, **APPROX), True),
    ]
    assert texts(transport.delivered_to(7)) == ["m0", "m1"]
    assert first.result().message_ids and second.result().message_ids


async def test_a_global_429_pauses_every_chat(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox()
    await outbox.start()
    transport.script(7, flood(5, is_global=True))
    first = outbox.submit(SendText(7, "m0"), Priority.ANSWER)
    await settle()
    later = outbox.submit(SendText(8, "later"), Priority.ANSWER)
    await run_until(clock, done([first, later]))
    assert transport.delivered_to(8)[0].at == pytest.approx(5, **APPROX)


async def test_repeated_429s_pause_every_chat(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox(global_429_hits=2)
    await outbox.start()
    transport.script(1, flood(3))
    transport.script(2, flood(3))
    hit = [outbox.submit(SendText(c, "x"), Priority.NOTICE) for c in (1, 2)]
    await settle()
    later = outbox.submit(SendText(3, "later"), Priority.ANSWER)
    await run_until(clock, done([*hit, later]))
    assert transport.delivered_to(3)[0].at == pytest.approx(3, **APPROX)
    assert len(transport.delivered) == 3


async def test_endless_429s_fail_the_future_in_the_end(
    make_outbox: Callable[..., Outbox],
    transport: ScriptedTransport,
    clock: SteppingClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    outbox = make_outbox(retry_horizon=2.5)  # a third wait would end past 2.5 s
    await outbox.start()
    transport.script(7, flood(1), flood(1), flood(1))
    future = outbox.submit(SendText(7, "m0"), Priority.NOTICE)
    await run_until(clock, done([future]))
    with pytest.raises(RetryAfter):
        future.result()
    assert len(transport.calls) == 3
    assert "still failing at the end of its retry horizon" in caplog.text


async def test_server_errors_back_off_then_succeed(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox(backoff_base=1, backoff_cap=30)
    await outbox.start()
    transport.script(
        7, ServerError("sendMessage", "Bad Gateway"), ServerError("sendMessage", "timeout")
    )
    first = outbox.submit(SendText(7, "m0"), Priority.ANSWER)
    second = outbox.submit(SendText(7, "m1"), Priority.ANSWER)
    await run_until(clock, done([first, second]))
    assert [c.at for c in transport.calls] == pytest.approx([0, 1, 3, 3], **APPROX)
    assert texts(transport.delivered) == ["m0", "m1"]
    assert first.result().message_ids == (100,)


async def test_server_errors_give_up_at_the_retry_horizon(
    make_outbox: Callable[..., Outbox],
    transport: ScriptedTransport,
    clock: SteppingClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    outbox = make_outbox(backoff_base=1, backoff_cap=1.5, retry_horizon=4.1)
    await outbox.start()
    transport.script(7, *[ServerError("sendMessage", "Internal Server Error")] * 4)
    doomed = outbox.submit(SendText(7, "m0"), Priority.ANSWER)
    after = outbox.submit(SendText(7, "m1"), Priority.ANSWER)
    await run_until(clock, done([doomed, after]))
    with pytest.raises(ServerError):
        doomed.result()
    assert [c.at for c in transport.calls] == pytest.approx([0, 1, 2.5, 4, 4], **APPROX)
    assert texts(transport.delivered) == ["m1"]  # the chat's queue moves on
    assert "at the end of its retry horizon, giving up" in caplog.text


async def test_a_user_who_blocked_the_bot_gets_nothing_more(
    make_outbox: Callable[..., Outbox],
    transport: ScriptedTransport,
    clock: SteppingClock,
    events: Events,
) -> None:
    outbox = make_outbox()
    await outbox.start()
    transport.script(7, Forbidden("sendMessage", "Forbidden: bot was blocked by the user"))
    queued = [outbox.submit(SendText(7, f"m{i}"), Priority.NOTICE) for i in range(4)]
    other = outbox.submit(SendText(8, "still here"), Priority.NOTICE)
    await run_until(clock, done([*queued, other]))
    assert events.blocked == [7]
    for future in queued:
        with pytest.raises(Forbidden, match="blocked by the user"):
            future.result()
    assert [c.chat_id for c in transport.calls] == [7, 8]  # one try, the rest dropped
    assert outbox.queued == 0
    # A user who unblocks and writes again is served again.
    assert (await outbox.send(SendText(7, "welcome back"), Priority.ANSWER)).message_ids


async def test_a_lost_group_alerts_the_caller(
    make_outbox: Callable[..., Outbox],
    transport: ScriptedTransport,
    clock: SteppingClock,
    events: Events,
    caplog: pytest.LogCaptureFixture,
) -> None:
    outbox = make_outbox()
    await outbox.start()
    lost = Forbidden("sendMessage", "Forbidden: bot was kicked from the supergroup chat")
    transport.script(-100, lost)
    queued = [outbox.submit(SendText(-100, f"card {i}"), Priority.DESK) for i in range(3)]
    await run_until(clock, done(queued))
    assert events.lost_groups == [(-100, lost)]
    assert all(isinstance(f.exception(), Forbidden) for f in queued)
    assert len(transport.calls) == 1
    assert "Lost group -100" in caplog.text and "dropped 3 queued" in caplog.text


async def test_a_bad_request_fails_the_future_and_is_logged(
    make_outbox: Callable[..., Outbox],
    transport: ScriptedTransport,
    clock: SteppingClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    outbox = make_outbox()
    await outbox.start()
    transport.script(7, BadRequest("sendMessage", "Bad Request: message thread not found"))
    with (
        caplog.at_level(logging.WARNING, logger="bot.telegram.outbox"),
        pytest.raises(BadRequest, match="thread not found"),
    ):
        await outbox.send(SendText(7, "m0", thread_id=9), Priority.ANSWER)
    assert "sendMessage to chat 7: Bad Request: message thread not found" in caplog.text
    assert (await outbox.send(SendText(7, "m1"), Priority.ANSWER)).message_ids


async def test_a_failing_part_of_a_split_text_is_reported(
    make_outbox: Callable[..., Outbox],
    transport: ScriptedTransport,
    clock: SteppingClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    outbox = make_outbox()
    await outbox.start()
    transport.script(7, None, BadRequest("sendMessage", "Bad Request: can't parse entities"))
    future = outbox.submit(SendText(7, "line\n" * 1000), Priority.ANSWER)
    await run_until(clock, done([future]))
    assert isinstance(future.exception(), BadRequest)
    assert "Chat 7 got 1 of 2 parts (message ids (100,))" in caplog.text


async def test_a_transport_bug_fails_the_future_loudly(
    make_outbox: Callable[..., Outbox],
    transport: ScriptedTransport,
    caplog: pytest.LogCaptureFixture,
) -> None:
    outbox = make_outbox()
    await outbox.start()
    transport.script(7, RuntimeError("library changed an argument"))
    with pytest.raises(RuntimeError, match="library changed"):
        await outbox.send(SendText(7, "m0"), Priority.ANSWER)
    assert "SendText to chat 7 failed unexpectedly" in caplog.text


async def test_a_failing_callback_does_not_stop_the_outbox(
    transport: ScriptedTransport, clock: SteppingClock, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(chat_id: int) -> None:
        raise RuntimeError("database down")

    outbox = Outbox(transport, clock, OutboxLimits(), on_blocked=broken)
    await outbox.start()
    transport.script(7, Forbidden("sendMessage", "Forbidden: bot was blocked by the user"))
    with pytest.raises(Forbidden):
        await outbox.send(SendText(7, "m0"), Priority.ANSWER)
    assert "callback" in caplog.text and "database down" in caplog.text
    assert (await outbox.send(SendText(8, "next"), Priority.ANSWER)).message_ids
    await outbox.close(timeout=0)
