"""Several instances on SQLite and PostgreSQL: leases taken by one owner at a time, renewed
only while live, waited out or taken over when their owner is gone; outbox rows adopted
from a dead instance once, and a chat's earlier rows at another instance found."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.database import make_sessionmaker
from bot.storage.leases import INSTANCE, LeaseStore
from bot.storage.models import OutboxMessage, OutboxState
from bot.storage.outbox_rows import OutboxRows, Outcome
from bot.support.clock import ManualClock

LEASE = timedelta(seconds=15)


async def test_a_lease_has_one_owner_until_it_runs_out(
    engine: AsyncEngine, clock: ManualClock
) -> None:
    leases = LeaseStore(make_sessionmaker(engine))
    now = clock.now()
    assert await leases.take("poller", "a", now + LEASE, now) is None
    held = await leases.take("poller", "b", now + LEASE, now)
    assert held is not None and held.owner == "a"
    assert await leases.take("poller", "a", now + LEASE, now) is None  # its own again
    # Known gone: taken over at once.
    assert await leases.take("poller", "b", now + LEASE, now, dead=lambda o: o == "a") is None

    clock.advance(20)
    later = clock.now()
    # A lease that ran out is not brought back when strict (its end may have been acted on)
    assert await leases.renew(["poller"], "b", later + LEASE, later, strict=True) == ["poller"]
    # Alone (not strict), it is, as nobody took it.
    assert await leases.renew(["poller"], "b", later + LEASE, later, strict=False) == []
    assert await leases.take("poller", "c", later + LEASE, later) is not None
    await leases.release(["poller"], "b")
    assert await leases.take("poller", "c", later + LEASE, later) is None


async def _row(
    rows: OutboxRows, engine: AsyncEngine, chat: int, owner: str | None, at: datetime
) -> int:
    async with make_sessionmaker(engine).begin() as session:
        row = rows.add(session, chat_id=chat, priority=1, op={"type": "SendText"},
                       notify="user", created_at=at, owner=owner)  # fmt: skip
        await session.flush()
        return row.id


async def test_a_dead_instances_rows_are_adopted_once_and_a_live_ones_never(
    engine: AsyncEngine, clock: ManualClock
) -> None:
    sessions = make_sessionmaker(engine)
    leases, rows = LeaseStore(sessions), OutboxRows(sessions)
    now = clock.now()
    for owner in ("live", "dead", "me"):
        await leases.take(INSTANCE + owner, owner, now + LEASE, now)
    mine = [await _row(rows, engine, 1, "me", now)]
    theirs = [await _row(rows, engine, 1, "live", now)]
    orphans = [await _row(rows, engine, 2, "dead", now), await _row(rows, engine, 3, None, now)]

    # Before the dead one's lease runs out, only the owner-less row is anyone's.
    assert [r.id for r in await rows.adopt("me", now)] == orphans[1:]
    # Known gone (this machine, pid gone): at once, and its lease is dropped.
    adopted = await rows.adopt("me", now, dead=lambda o: o == "dead")
    assert [r.id for r in adopted] == orphans[:1] and adopted[0].owner == "me"
    assert await leases.holder(INSTANCE + "dead") is None
    # Adopted once: a second adopter finds nothing more.
    await leases.take(INSTANCE + "other", "other", now + LEASE, now)
    assert await rows.adopt("other", now) == []

    # A live instance's lease running out hands its rows over.
    clock.advance(20)
    later = clock.now()
    await leases.renew([INSTANCE + "me"], "me", later + LEASE, later, strict=False)
    assert [r.id for r in await rows.adopt("me", later)] == theirs
    async with sessions() as session:
        owners = set(await session.scalars(select(OutboxMessage.owner)))
    assert owners == {"me"}, mine


async def test_a_chats_earlier_rows_at_another_instance_are_found(
    engine: AsyncEngine, clock: ManualClock
) -> None:
    rows = OutboxRows(make_sessionmaker(engine))
    now = clock.now()
    first = await _row(rows, engine, 7, "other", now)
    await _row(rows, engine, 7, "other", now)
    await _row(rows, engine, 7, "me", now)
    await _row(rows, engine, 8, "me", now)
    legacy = await _row(rows, engine, 9, None, now)  # written before rows had owners
    assert await rows.blockers({7, 8, 9, None}, "me") == {7: first, 9: legacy}
    await rows.record([Outcome(first, True, (1,))], now)
    assert (await rows.blockers({7}, "me"))[7] == first + 1
    async with make_sessionmaker(engine)() as session:
        state = await session.scalar(select(OutboxMessage.state).where(OutboxMessage.id == first))
    assert state == OutboxState.SENT
