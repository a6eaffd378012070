"""The chat gate (bot.app.chat_gate) over real outbox rows: a row waits while an earlier row
of its chat is pending at another instance, goes once that one is sent, and a chat's rows
leave in id order even when an adopted earlier row joins them late."""

from __future__ import annotations

import asyncio
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app.chat_gate import ChatGate
from bot.storage.database import make_sessionmaker
from bot.storage.models import OutboxMessage
from bot.storage.outbox_rows import OutboxRows, Outcome
from bot.support.clock import SystemClock
from bot.telegram.ops import Op, OpResult, SendText
from bot.telegram.outbox import OutboxClosed


async def _row(
    engine: AsyncEngine, rows: OutboxRows, chat: int, owner: str, at: datetime
) -> OutboxMessage:
    async with make_sessionmaker(engine).begin() as session:
        row = rows.add(session, chat_id=chat, priority=1, op={}, notify="user",
                       created_at=at, owner=owner)  # fmt: skip
        await session.flush()
        return row


class Queued:
    """Stands where the outbox is: records the rows in the order they are let go."""

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.changed = asyncio.Event()

    def __call__(self, row: OutboxMessage, op: Op, fresh: bool) -> asyncio.Future[OpResult]:
        self.ids.append(row.id)
        self.changed.set()
        sent: asyncio.Future[OpResult] = asyncio.get_running_loop().create_future()
        sent.set_result(OpResult(message_ids=(row.id,)))
        return sent

    async def wait_for(self, count: int) -> None:
        while len(self.ids) < count:
            self.changed.clear()
            await asyncio.wait_for(self.changed.wait(), timeout=10)


async def test_a_row_waits_for_its_chats_earlier_row_at_another_instance(
    engine: AsyncEngine,
) -> None:
    clock = SystemClock()
    rows = OutboxRows(make_sessionmaker(engine))
    queued = Queued()
    gate = ChatGate(lambda chats: rows.blockers(chats, "me"), queued, clock, poll=0.02)
    now = clock.now()
    theirs = await _row(engine, rows, 7, "other", now)
    mine = await _row(engine, rows, 7, "me", now)
    elsewhere = await _row(engine, rows, 8, "me", now)
    sent = gate.take([(mine, SendText(7, "b")), (elsewhere, SendText(8, "c"))])

    await queued.wait_for(1)
    assert queued.ids == [elsewhere.id], "another chat's row is not held"
    assert not sent[0].done()
    await rows.record([Outcome(theirs.id, True, (1,))], now)  # the other instance sent it
    assert (await asyncio.wait_for(sent[0], timeout=10)).message_ids == (mine.id,)
    assert queued.ids == [elsewhere.id, mine.id]
    await gate.close()


async def test_an_adopted_earlier_row_goes_before_the_later_ones(engine: AsyncEngine) -> None:
    clock = SystemClock()
    rows = OutboxRows(make_sessionmaker(engine))
    queued = Queued()
    gate = ChatGate(lambda chats: rows.blockers(chats, "me"), queued, clock, poll=0.02)
    now = clock.now()
    orphan = await _row(engine, rows, 7, "dead", now)
    later = await _row(engine, rows, 7, "me", now)
    gate.take([(later, SendText(7, "later"))])
    await rows.adopt("me", now)  # "dead" holds no lease: its row is now this instance's
    gate.take([(orphan, SendText(7, "first"))])
    await queued.wait_for(2)
    assert queued.ids == [orphan.id, later.id]

    await gate.close()
    after = gate.take([(await _row(engine, rows, 9, "me", now), SendText(9, "late"))])
    assert isinstance(after[0].exception(), OutboxClosed), "a closed gate takes nothing"
