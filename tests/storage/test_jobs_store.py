"""The jobs table on SQLite and on the real PostgreSQL: claims, leases, keys, the migration."""

from __future__ import annotations

from datetime import timedelta

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.database import make_sessionmaker
from bot.storage.jobs import JobStore
from bot.storage.models import Base
from bot.support.clock import ManualClock


def _store(engine: AsyncEngine, clock: ManualClock) -> JobStore:
    return JobStore(make_sessionmaker(engine), clock)


async def test_migration_matches_the_job_model(engine: AsyncEngine) -> None:
    def jobs_diff(sync_conn):  # type: ignore[no-untyped-def]
        diff = compare_metadata(MigrationContext.configure(sync_conn), Base.metadata)
        return [d for d in diff if "jobs" in repr(d)]

    async with engine.connect() as conn:
        assert await conn.run_sync(jobs_diff) == []


async def test_a_job_is_claimed_when_due_and_only_once(engine, clock: ManualClock) -> None:
    jobs = _store(engine, clock)
    job_id = await jobs.schedule("ping", {"n": 1}, clock.now() + timedelta(seconds=60))
    assert await jobs.next_due() == clock.now() + timedelta(seconds=60)
    clock.advance(59)
    assert await jobs.claim("a", 10) == []
    clock.advance(1)
    [claimed] = await jobs.claim("a", 10, lease=30)
    assert (claimed.id, claimed.kind, claimed.payload) == (job_id, "ping", {"n": 1})
    assert claimed.attempts == 1 and claimed.claimed_by == "a"
    assert claimed.lease_until == clock.now() + timedelta(seconds=30)
    assert await jobs.claim("b", 10) == [], "a held job is not claimed twice"
    assert await jobs.next_due() == claimed.lease_until, "next chance: when the lease ends"
    assert await jobs.done(claimed)
    row = await jobs.get(job_id)
    assert row is not None and row.state == "done" and row.attempts == 1
    assert await jobs.next_due() is None and await jobs.claim("b", 10) == []


async def test_an_expired_lease_is_claimed_again_and_the_old_claim_is_void(engine, clock) -> None:
    jobs = _store(engine, clock)
    job_id = await jobs.schedule("ping", {}, clock.now())
    [first] = await jobs.claim("dead", 1, lease=30)
    clock.advance(29)
    assert await jobs.claim("alive", 1, lease=30) == []
    clock.advance(1)
    [second] = await jobs.claim("alive", 1, lease=30)
    assert (second.id, second.attempts) == (job_id, 2)
    assert not await jobs.done(first), "the dead runner's claim no longer counts"
    assert not await jobs.failed(first, "late")
    assert await jobs.done(second)
    assert (await jobs.get(job_id)).state == "done"  # type: ignore[union-attr]


async def test_claim_takes_oldest_first_up_to_the_limit(engine, clock: ManualClock) -> None:
    jobs = _store(engine, clock)
    later = await jobs.schedule("x", {}, clock.now() - timedelta(seconds=1))
    older = await jobs.schedule("x", {}, clock.now() - timedelta(seconds=5))
    await jobs.schedule("x", {}, clock.now() + timedelta(seconds=5))
    assert [j.id for j in await jobs.claim("a", 1)] == [older]
    assert [j.id for j in await jobs.claim("a", 5)] == [later]


async def test_a_key_names_one_job_rescheduling_replaces_it(engine, clock) -> None:
    jobs = _store(engine, clock)
    first = await jobs.schedule("sla", {"v": 1}, clock.now() + timedelta(seconds=60), key="t7")
    again = await jobs.schedule("sla", {"v": 2}, clock.now() + timedelta(seconds=90), key="t7")
    assert first == again
    row = await jobs.get(first)
    assert row is not None and row.payload == {"v": 2}
    assert row.run_at == clock.now() + timedelta(seconds=90)
    assert await jobs.cancel("t7") and await jobs.get(first) is None
    assert not await jobs.cancel("t7")


async def test_rescheduling_a_job_in_hand_voids_that_claim(engine, clock: ManualClock) -> None:
    jobs = _store(engine, clock)
    job_id = await jobs.schedule("sla", {"v": 1}, clock.now(), key="t7")
    [claimed] = await jobs.claim("a", 1)
    await jobs.schedule("sla", {"v": 2}, clock.now() + timedelta(seconds=60), key="t7")
    assert not await jobs.done(claimed), "the running job must not mark the new one done"
    row = await jobs.get(job_id)
    assert row is not None and row.state == "pending" and row.attempts == 0
    assert row.claimed_by is None and row.payload == {"v": 2}
    clock.advance(60)
    [again] = await jobs.claim("a", 1)
    assert again.payload == {"v": 2}
    assert await jobs.done(again)
    # A key that ran may be scheduled again: the row comes back pending.
    await jobs.schedule("sla", {"v": 3}, clock.now() + timedelta(seconds=5), key="t7")
    assert (await jobs.get(job_id)).state == "pending"  # type: ignore[union-attr]


async def test_retry_and_failed_keep_the_error(engine, clock: ManualClock) -> None:
    jobs = _store(engine, clock)
    job_id = await jobs.schedule("x", {}, clock.now())
    [claimed] = await jobs.claim("a", 1)
    assert await jobs.retry(claimed, "boom", clock.now() + timedelta(seconds=30))
    row = await jobs.get(job_id)
    assert row is not None and row.state == "pending" and row.last_error == "boom"
    assert row.claimed_by is None and row.lease_until is None
    assert await jobs.next_due() == clock.now() + timedelta(seconds=30)
    clock.advance(30)
    [claimed] = await jobs.claim("a", 1)
    assert claimed.attempts == 2
    assert await jobs.failed(claimed, "boom again")
    row = await jobs.get(job_id)
    assert row is not None and row.state == "failed" and row.last_error == "boom again"
    assert not await jobs.cancel("nothing")
    clock.advance(10)
    assert await jobs.purge(clock.now()) == 1 and await jobs.get(job_id) is None
