"""The broadcasts' store on SQLite and PostgreSQL: made with every recipient in one
transaction, paged through by user id, each outcome recorded once, moves by the rules, and
one sender at a time (a lease that a killed sender's successor takes over)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.audiences import Audiences
from bot.storage.broadcasts import BroadcastStore, NewBroadcast, Outcome
from bot.storage.database import make_sessionmaker
from bot.storage.models import Ticket, User
from bot.support.clock import ManualClock
from dialogs.notices.broadcast import (
    Audience,
    BroadcastState,
    Content,
    Message,
    RecipientState,
)


def _new(clock: ManualClock, **options: object) -> NewBroadcast:
    options.setdefault("at", clock.now())
    return NewBroadcast(Content(Message("Hello")), "all", **options)  # type: ignore[arg-type]


async def test_made_paged_and_recorded_once(engine: AsyncEngine, clock: ManualClock) -> None:
    store = BroadcastStore(make_sessionmaker(engine), clock)
    recipients = [(uid, "en") for uid in range(1, 12_001)]  # more than one INSERT's worth
    made = await store.create(_new(clock), recipients)
    info = await store.get(made)
    assert info is not None and info.row.total == 12_000 and info.state is BroadcastState.SCHEDULED
    page = await store.pending(made, 0, 500)
    assert page[0] == (1, "en") and page[-1] == (500, "en")
    assert (await store.pending(made, 11_990, 500))[-1] == (12_000, "en")

    await store.record(
        made, [Outcome(1, RecipientState.SENT), Outcome(2, RecipientState.BLOCKED, "blocked")]
    )
    # A second outcome for a settled recipient changes nothing.
    await store.record(made, [Outcome(1, RecipientState.FAILED, "late")])
    counts = await store.counts(made)
    assert counts == {"sent": 1, "blocked": 1, "pending": 11_998}
    assert (await store.pending(made, 0, 1)) == [(3, "en")]


async def test_moves_follow_the_rules(engine: AsyncEngine, clock: ManualClock) -> None:
    store = BroadcastStore(make_sessionmaker(engine), clock)
    made = await store.create(_new(clock), [(1, "en")])
    assert await store.move(made, "resume") == (False, BroadcastState.SCHEDULED)
    assert await store.move(made, "pause") == (True, BroadcastState.PAUSED)
    # Paused before it began: resumed, it waits for its time again.
    assert await store.move(made, "resume") == (True, BroadcastState.SCHEDULED)
    assert await store.claim("a", clock.now() + timedelta(seconds=30)) is not None  # its time came
    assert await store.move(made, "pause") == (True, BroadcastState.PAUSED)
    assert await store.move(made, "resume") == (True, BroadcastState.RUNNING)
    assert await store.move(made, "cancel") == (True, BroadcastState.CANCELLED)
    assert await store.move(made, "pause") == (False, BroadcastState.CANCELLED)
    assert await store.move(404, "pause") == (False, None)


async def test_one_sender_at_a_time_and_a_dead_ones_lease_runs_out(
    engine: AsyncEngine, clock: ManualClock
) -> None:
    store = BroadcastStore(make_sessionmaker(engine), clock)
    later = await store.create(_new(clock, at=clock.now() + timedelta(hours=1)), [(1, "en")])
    assert await store.claim("a", clock.now() + timedelta(seconds=30)) is None  # not yet due
    made = await store.create(_new(clock), [(1, "en"), (2, "en")])
    claimed = await store.claim("a", clock.now() + timedelta(seconds=30))
    assert claimed is not None and claimed.id == made and claimed.state == "running"
    assert await store.claim("b", clock.now() + timedelta(seconds=30)) is None
    assert await store.renew(made, "b", clock.now()) is None  # not b's
    clock.advance(31)  # a was killed: its lease runs out
    taken = await store.claim("b", clock.now() + timedelta(seconds=30))
    assert taken is not None and taken.id == made
    assert await store.renew(made, "a", clock.now()) is None
    await store.record(made, [Outcome(1, RecipientState.SENT), Outcome(2, RecipientState.SENT)])
    await store.release(made, "b", finished=True)
    info = await store.get(made)
    assert info is not None and info.state is BroadcastState.DONE and info.row.owner is None
    clock.advance(3600)
    due = await store.claim("b", clock.now() + timedelta(seconds=30))
    assert due is not None and due.id == later


async def test_a_channel_audience_larger_than_a_querys_parameters(
    engine: AsyncEngine, clock: ManualClock
) -> None:
    """PostgreSQL takes at most 32,767 parameters in one query: a channel reported by more
    users than that is still one audience."""
    now = clock.now()
    many = range(1, 33_001)
    async with engine.begin() as conn:
        for start in range(0, len(many), 5000):
            chunk = many[start : start + 5000]
            await conn.execute(
                insert(User),
                [{"id": u, "language": "en", "first_seen": now, "last_seen": now,
                  "blocked": u == 7, "unheard": [], "notices_off": False} for u in chunk],
            )  # fmt: skip
            await conn.execute(
                insert(Ticket),
                [{"public_id": f"K-{u}", "user_id": u, "category": "topup", "status": "open",
                  "priority": "normal", "tags": [], "created_at": now, "updated_at": now,
                  "fields": {"channel": "bank_card" if u % 2 else "alipay"}, "attachments": [],
                  "held": []} for u in chunk],
            )  # fmt: skip
    audiences = Audiences(make_sessionmaker(engine), "channel")
    found = await audiences.resolve(Audience.parse("channel:bank_card:7"), now)
    assert len(found) == 16_500 - 1  # the odd ones, but the user who blocked the bot
    assert found[0] == (1, "en") and (7, "en") not in found
