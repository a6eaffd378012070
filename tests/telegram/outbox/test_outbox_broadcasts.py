"""Broadcasts in the outbox: a paid one spends only its chat's budget, broadcasts have
in-flight slots of their own, a broadcast's 429 holds broadcasts and not answers, and every
429 is told to whoever feeds the broadcast."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import pytest

from bot.telegram.errors import RetryAfter
from bot.telegram.ops import MediaItem, SendMediaGroup, SendText, SendVideo
from bot.telegram.outbox import Outbox, Priority
from bot.telegram.outbox.limiter import Limiter
from bot.telegram.outbox.limits import OutboxLimits
from tests.telegram.outbox.fakes import ScriptedTransport, SteppingClock, run_until, settle

ONE_A_SECOND = {"global_per_second": 1, "global_burst": 1, "broadcast_reserve": 0}
EPS = 1e-6


def done(futures: list[asyncio.Future]) -> Callable[[], bool]:
    return lambda: all(f.done() for f in futures)


def flood(seconds: float) -> RetryAfter:
    return RetryAfter("sendMessage", f"Too Many Requests: retry after {seconds}", seconds)


def in_flight(transport: ScriptedTransport) -> set[int | None]:
    return {chat for chat, count in transport.in_flight.items() if count}


@pytest.mark.parametrize(("paid", "seconds"), [(True, 0), (False, 10)])
async def test_a_paid_broadcast_takes_nothing_from_the_overall_budget(
    make_outbox: Callable[..., Outbox],
    transport: ScriptedTransport,
    clock: SteppingClock,
    paid: bool,
    seconds: float,
) -> None:
    outbox = make_outbox(**ONE_A_SECOND)
    await outbox.start()
    news = [
        outbox.submit(SendText(user, "news", paid_broadcast=paid), Priority.BROADCAST)
        for user in range(1, 11)
    ]
    answer = outbox.submit(SendText(50, "your answer"), Priority.ANSWER)
    took = await run_until(clock, done([*news, answer]))
    # Unpaid, the ten broadcasts and the answer share one message a second; paid, only
    # the answer spends it, and nothing waits.
    assert took == pytest.approx(seconds, abs=EPS)
    assert transport.calls[0].chat_id == 50 and transport.calls[0].at == 0
    assert len(transport.delivered) == 11


async def test_a_paid_broadcast_still_keeps_its_chats_limit(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox(**ONE_A_SECOND)
    await outbox.start()
    video = SendVideo(7, "v", paid_broadcast=True)
    album = SendMediaGroup(7, (MediaItem("photo", "p"), MediaItem("video", "v")), True)
    futures = [
        outbox.submit(SendText(7, "m0", paid_broadcast=True), Priority.BROADCAST),
        outbox.submit(video, Priority.BROADCAST),
        outbox.submit(album, Priority.BROADCAST),  # two items: two of the chat's tokens
        outbox.submit(SendText(7, "m3", paid_broadcast=True), Priority.BROADCAST),
    ]
    await run_until(clock, done(futures))
    # The chat's burst of three pays the text and the video; the album's two tokens are
    # there a second later, the last text's a second after that.
    assert [c.at for c in transport.calls] == pytest.approx([0, 0, 1, 2], abs=EPS)


def test_the_limiter_charges_a_paid_call_to_its_chat_only() -> None:
    limiter = Limiter(OutboxLimits(global_burst=1, broadcast_reserve=0), now=0.0)
    limiter.take(7, 1, 0.0, paid=True)
    assert limiter.global_wait(1, 0.0) == 0  # the overall token is still there
    assert limiter.chat_wait(7, 3, 0.0) == pytest.approx(1)  # the chat's is spent
    limiter.take(8, 1, 0.0)
    assert limiter.global_wait(1, 0.0) > 0
    assert limiter.global_wait(1, 0.0, broadcast=True, paid=True) == 0


async def test_broadcasts_have_slots_of_their_own(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox(max_in_flight=2, broadcast_in_flight=3)
    await outbox.start()
    transport.hold = asyncio.Event()  # every call hangs until released
    news = [
        outbox.submit(SendText(user, "news", paid_broadcast=True), Priority.BROADCAST)
        for user in range(1, 11)
    ]
    await settle()
    assert len(in_flight(transport)) == 3  # the broadcast's own slots, full
    answers = [outbox.submit(SendText(user, "answer"), Priority.ANSWER) for user in (50, 51)]
    await settle()
    assert in_flight(transport) >= {50, 51}  # the answers' slots were never the broadcast's
    assert len(in_flight(transport)) == 5
    transport.hold.set()
    await run_until(clock, done([*news, *answers]))
    assert len(transport.delivered) == 12


async def test_other_priorities_keep_to_their_slots(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport
) -> None:
    outbox = make_outbox(max_in_flight=4, broadcast_in_flight=2, global_burst=10)
    await outbox.start()
    transport.hold = asyncio.Event()
    for user in range(1, 11):
        outbox.submit(SendText(user, "status changed"), Priority.NOTICE)
    await settle()
    assert len(in_flight(transport)) == 4
    transport.hold.set()


async def test_a_broadcasts_429_holds_broadcasts_and_not_answers(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox(global_burst=10)
    await outbox.start()
    transport.script(7, flood(5))
    first = outbox.submit(SendText(7, "news", paid_broadcast=True), Priority.BROADCAST)
    await run_until(clock, lambda: bool(transport.calls))
    answer = outbox.submit(SendText(8, "answer"), Priority.ANSWER)
    later = outbox.submit(SendText(9, "news", paid_broadcast=True), Priority.BROADCAST)
    await run_until(clock, done([first, answer, later]))
    assert transport.delivered_to(8)[0].at == pytest.approx(0, abs=EPS)  # the answer: at once
    # Every broadcast waits out the 429, then the refused one goes again.
    assert transport.delivered_to(9)[0].at == pytest.approx(5, abs=EPS)
    assert transport.delivered_to(7)[0].at == pytest.approx(5, abs=EPS)


async def test_a_paid_broadcast_goes_while_answers_wait_for_the_overall_budget(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox(**ONE_A_SECOND)
    await outbox.start()
    answers = [outbox.submit(SendText(user, "answer"), Priority.ANSWER) for user in (50, 51, 52)]
    news = outbox.submit(SendText(7, "news", paid_broadcast=True), Priority.BROADCAST)
    await run_until(clock, done([*answers, news]))
    # One answer a second; the paid broadcast does not queue behind the two waiting.
    assert transport.delivered_to(7)[0].at == pytest.approx(0, abs=EPS)
    assert [transport.delivered_to(u)[0].at for u in (50, 51, 52)] == pytest.approx(
        [0, 1, 2], abs=EPS
    )


async def test_every_429_is_told_with_its_priority(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    heard: list[tuple[float, Priority]] = []
    outbox = make_outbox(on_retry_after=lambda wait, priority: heard.append((wait, priority)))
    await outbox.start()
    transport.script(7, flood(5), flood(3))
    transport.script(8, flood(2))
    news = outbox.submit(SendText(7, "news", paid_broadcast=True), Priority.BROADCAST)
    answer = outbox.submit(SendText(8, "answer"), Priority.ANSWER)
    await run_until(clock, done([news, answer]))
    assert heard == [(2, Priority.ANSWER), (5, Priority.BROADCAST), (3, Priority.BROADCAST)]
    assert [c.at for c in transport.delivered_to(7)] == pytest.approx([8], abs=EPS)
    assert news.result().message_ids and answer.result().message_ids


async def test_a_failing_listener_does_not_stall_the_queue(
    make_outbox: Callable[..., Outbox],
    transport: ScriptedTransport,
    clock: SteppingClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(wait: float, priority: Priority) -> None:
        raise RuntimeError("the broadcast sender is broken")

    outbox = make_outbox(on_retry_after=broken)
    await outbox.start()
    transport.script(7, flood(4))
    with caplog.at_level(logging.ERROR, logger="bot.telegram.outbox.delivery"):
        sent = outbox.submit(SendText(7, "news"), Priority.BROADCAST)
        took = await run_until(clock, sent.done)
    assert took == pytest.approx(4, abs=EPS)
    assert sent.result().message_ids
    assert "the broadcast sender is broken" in caplog.text
