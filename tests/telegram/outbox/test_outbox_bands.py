"""One chat's budget spent by band among its streams (the agents' group), each stream in
order; a stream's queued copies merged when the budget is short: texts as one message,
media copied, only when that costs less."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

from bot.telegram.errors import BadRequest
from bot.telegram.ops import (
    CopyMessage,
    CopyMessages,
    CreateTopic,
    EditText,
    EditTopic,
    OpResult,
    SendText,
)
from bot.telegram.outbox import Band, Merge, Outbox, Priority, text_length
from bot.telegram.outbox.lanes import Settle
from bot.telegram.outbox.merge import MergedText
from tests.telegram.outbox.fakes import ScriptedTransport, SteppingClock, run_until, settle

GROUP = -1001
USER = 501
# One a second in the group, burst 1: everything queued at once is a backlog.
PACED = {"group_per_minute": 60, "group_burst": 1}


def done(futures: Sequence[asyncio.Future[Any]]) -> Callable[[], bool]:
    return lambda: all(f.done() for f in futures)


def texts(transport: ScriptedTransport) -> list[str]:
    return [
        getattr(c.op, "text", getattr(c.op, "name", type(c.op).__name__)) for c in transport.calls
    ]


def header(notes: Sequence[Any]) -> str:
    return f"{len(notes)} messages, {notes[0]}-{notes[-1]}"


def copy(
    outbox: Outbox,
    ticket: int,
    message: int | tuple[int, ...],
    line: str | None = None,
    settle: Settle | None = None,
    **extra: Any,
) -> asyncio.Future[OpResult]:
    """A user's message (an album: several ids) copied into the ticket's stream, mergeable
    (as ``line`` if it is a text)."""
    op: CopyMessage | CopyMessages = (
        CopyMessages(GROUP, USER, message)
        if isinstance(message, tuple)
        else CopyMessage(GROUP, USER, message, **extra)
    )
    first = message[0] if isinstance(message, tuple) else message
    merge = Merge((ticket, USER), f"t{first}", header, line=line)
    return outbox.submit(
        op, Priority.DESK, band=Band.RELAY, stream=ticket, merge=merge, settle=settle
    )


async def test_the_group_spends_its_budget_by_band_each_ticket_in_order(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox(**PACED)

    def put(text: str, band: Band, ticket: int | None) -> asyncio.Future[OpResult]:
        return outbox.submit(SendText(GROUP, text), Priority.DESK, band=band, stream=ticket)

    futures = [
        put("card edit 1", Band.KEFU, 1),
        put("reminder 1", Band.KEFU, 1),
        put("copy 2", Band.RELAY, 2),
        put("card 3", Band.OPEN, 3),
        put("copy 3", Band.RELAY, 3),
        put("card 4 (urgent)", Band.OPEN_URGENT, 4),
        put("answer to an agent", Band.RELAY, None),
    ]
    await outbox.start()
    await run_until(clock, done(futures))
    assert texts(transport) == [
        "card 4 (urgent)",
        "card 3",
        "copy 2",
        "copy 3",
        "answer to an agent",
        "card edit 1",
        "reminder 1",
    ]


async def test_a_ticket_stream_never_reorders_even_behind_a_lower_band(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox(**PACED)
    futures = [
        outbox.submit(EditText(GROUP, 9, "card edit"), Priority.DESK, band=Band.KEFU, stream=1),
        outbox.submit(SendText(GROUP, "copy after it"), Priority.DESK, band=Band.RELAY, stream=1),
        outbox.submit(SendText(GROUP, "other"), Priority.DESK, band=Band.KEFU, stream=2),
    ]
    await outbox.start()
    await run_until(clock, done(futures))
    assert texts(transport) == ["card edit", "copy after it", "other"]


async def test_an_uncounted_call_goes_as_soon_as_it_heads_its_stream(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox(**PACED)
    futures = [
        outbox.submit(CreateTopic(GROUP, "new"), Priority.DESK, band=Band.OPEN, stream=1),
        outbox.submit(EditTopic(GROUP, 5, "renamed"), Priority.DESK, band=Band.KEFU, stream=2),
    ]
    await outbox.start()
    await run_until(clock, done(futures))
    assert texts(transport) == ["renamed", "new"]


async def test_queued_texts_of_a_ticket_go_as_one_message_each_told_its_id(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox(**PACED)
    settled: list[tuple[int, tuple[int, ...], bool]] = []
    calls_at_settle: list[int] = []

    async def settle_it(done: asyncio.Future[OpResult], key: int) -> None:
        calls_at_settle.append(len(transport.calls))
        await asyncio.sleep(0)
        result = done.result()
        settled.append((key, result.message_ids, isinstance(result, MergedText)))

    blocker = outbox.submit(SendText(GROUP, "card"), Priority.DESK, band=Band.OPEN, stream=1)
    futures = [
        copy(outbox, 1, m, line=f"l{m} &lt;ok&gt;", settle=lambda d, m=m: settle_it(d, m))
        for m in (10, 11, 12)
    ]
    after = outbox.submit(SendText(GROUP, "after"), Priority.DESK, band=Band.KEFU, stream=1)
    await outbox.start()
    await run_until(clock, done([blocker, *futures, after]))
    calls = [c.op for c in transport.calls]
    lines = "l10 &lt;ok&gt;\nl11 &lt;ok&gt;\nl12 &lt;ok&gt;"
    assert calls == [
        SendText(GROUP, "card"),
        SendText(GROUP, f"3 messages, t10-t12\n{lines}"),
        SendText(GROUP, "after"),
    ], "three texts cost one message"
    assert sorted(settled) == [(10, (101,), True), (11, (101,), True), (12, (101,), True)]
    assert calls_at_settle == [2, 2, 2], "every outcome recorded before the group's next call"


async def test_a_mixed_run_keeps_its_order_texts_as_one_message_media_copied(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox(**PACED)
    blocker = outbox.submit(SendText(GROUP, "card"), Priority.DESK, band=Band.OPEN, stream=1)
    futures = [
        copy(outbox, 1, 10, line="l10"),
        copy(outbox, 1, 11, line="l11"),
        copy(outbox, 1, (12, 13)),  # an album stays whole
        copy(outbox, 1, 14),  # a photo
        copy(outbox, 1, 15, line="l15"),
        copy(outbox, 1, 16, line="l16"),
    ]
    await outbox.start()
    await run_until(clock, done([blocker, *futures]))
    assert [c.op for c in transport.calls[1:]] == [
        SendText(GROUP, "6 messages, t10-t16\nl10\nl11"),
        CopyMessages(GROUP, USER, (12, 13, 14)),
        SendText(GROUP, "l15\nl16"),
    ], "5 messages of budget for 7"
    assert [f.result().message_ids for f in futures] == [
        (101,),
        (101,),
        (102, 103),
        (104,),
        (105,),
        (105,),
    ]
    assert [isinstance(f.result(), MergedText) for f in futures] == [1, 1, 0, 0, 1, 1]


async def test_copies_alone_are_not_merged_as_a_header_would_cost_one_more(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox(**PACED)
    blocker = outbox.submit(SendText(GROUP, "card"), Priority.DESK, band=Band.OPEN, stream=1)
    futures = [copy(outbox, 1, m) for m in (10, 11, 12)] + [copy(outbox, 1, 13, line="l13")]
    await outbox.start()
    await run_until(clock, done([blocker, *futures]))
    assert [type(c.op).__name__ for c in transport.calls] == ["SendText"] + ["CopyMessage"] * 4
    assert [f.result().message_ids for f in futures] == [(101,), (102,), (103,), (104,)]


async def test_a_long_merged_text_is_split_each_line_told_the_message_it_starts_in(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox(**PACED)
    blocker = outbox.submit(SendText(GROUP, "card"), Priority.DESK, band=Band.OPEN, stream=1)
    words = {m: f"l{m} " + str(m)[-1] * 1500 for m in (10, 11, 12, 13)}
    futures = [copy(outbox, 1, m, line=words[m]) for m in words]
    await outbox.start()
    await run_until(clock, done([blocker, *futures]))
    parts = [c for c in transport.calls[1:]]
    assert len(parts) == 2 and all(text_length(c.op.text) <= 4096 for c in parts)  # type: ignore[attr-defined]
    joined = "".join(c.op.text for c in parts)  # type: ignore[attr-defined]
    assert all(line in joined for line in words.values()), "every text is there"
    for future, line in zip(futures, words.values(), strict=True):
        (where,) = [101 + i for i, c in enumerate(parts) if line[:5] in c.op.text]  # type: ignore[attr-defined]
        assert future.result().message_ids == (where,)


async def test_copies_are_not_merged_while_the_budget_lasts_or_when_they_cannot_be(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox(**PACED)
    blocker = outbox.submit(SendText(GROUP, "card"), Priority.DESK, band=Band.OPEN, stream=1)
    futures = [
        copy(outbox, 1, 20, line="l20"),
        copy(outbox, 1, 21, reply_to=7, line="l21"),  # answers a message: goes on its own
        copy(outbox, 1, 22, line="l22"),
        copy(outbox, 1, 23, line="l23"),
    ]
    await outbox.start()
    await run_until(clock, done([blocker, *futures]))
    assert all(isinstance(c.op, CopyMessage) for c in transport.calls[1:])
    assert len(transport.calls) == 5, "two in a row are not worth a header"

    roomy = make_outbox(group_per_minute=60, group_burst=10)
    more = [copy(roomy, 2, m, line=f"l{m}") for m in (40, 41, 42)]
    await roomy.start()
    await run_until(clock, done(more))
    assert [type(c.op).__name__ for c in transport.calls[5:]] == ["CopyMessage"] * 3


async def test_a_failed_merged_call_fails_the_messages_it_carried_not_those_sent(
    make_outbox: Callable[..., Outbox], transport: ScriptedTransport, clock: SteppingClock
) -> None:
    outbox = make_outbox(**PACED)
    blocker = outbox.submit(SendText(GROUP, "card"), Priority.DESK, band=Band.OPEN, stream=1)
    futures = [copy(outbox, 1, m, line=f"l{m}") for m in (30, 31, 32)]
    futures += [copy(outbox, 1, m) for m in (33, 34)]
    transport.script(GROUP, None, None, BadRequest("copyMessages", "Bad Request: no"))
    await outbox.start()
    await run_until(clock, done([blocker, *futures]))
    assert [type(c.op).__name__ for c in transport.calls] == [
        "SendText",
        "SendText",
        "CopyMessages",
    ]
    assert [f.result().message_ids for f in futures[:3]] == [(101,)] * 3, "the text arrived"
    assert all(isinstance(f.exception(), BadRequest) for f in futures[3:])
    await settle()
