"""This process among others (bot.app.fleet) on a real database: a lease taken over stops
it (nothing more is sent), a slow heartbeat hook holds no renewal back, a poller that
stopped renewing is waited out and replaced, and one that renews refuses a second poller."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app.fleet import Fleet, FleetTuning, PollerTaken
from bot.storage.database import make_sessionmaker
from bot.storage.leases import INSTANCE, POLLER, LeaseStore
from bot.storage.models import Lease
from bot.support.clock import SystemClock
from tests.scenario.harness import eventually

FAST = FleetTuning(lease=1.0, renew_every=0.2)


async def _nothing() -> None:
    return None


async def test_a_lease_taken_over_stops_the_instance(engine: AsyncEngine) -> None:
    sessions = make_sessionmaker(engine)
    fleet = Fleet(LeaseStore(sessions), SystemClock(), FAST, shared=True)
    told: list[str] = []
    fleet.when_lost(lambda: told.append("lost"))
    await fleet.start(_nothing)
    async with sessions.begin() as session:  # another instance took it (its end passed)
        await session.execute(
            update(Lease).where(Lease.name == INSTANCE + fleet.me).values(owner="other")
        )
    await asyncio.wait_for(fleet.lost.wait(), timeout=10)
    assert told == ["lost"]
    await fleet.stop()
    await fleet.release()
    held = await LeaseStore(sessions).holder(INSTANCE + fleet.me)
    assert held is not None and held.owner == "other", "not released: it is not its own"


async def test_a_hook_slower_than_the_lease_holds_no_renewal_back(engine: AsyncEngine) -> None:
    sessions = make_sessionmaker(engine)
    fleet = Fleet(LeaseStore(sessions), SystemClock(), FAST, shared=True)
    adopting, release = asyncio.Event(), asyncio.Event()
    hooks = 0

    async def adopt_slowly() -> None:  # a dead instance's many rows
        nonlocal hooks
        hooks += 1
        adopting.set()
        await release.wait()

    await fleet.start(adopt_slowly)
    await asyncio.wait_for(adopting.wait(), timeout=10)
    store = LeaseStore(sessions)
    first = await store.holder(INSTANCE + fleet.me)
    assert first is not None

    async def renewed_past_the_first_end() -> bool:  # the first lease ran out meanwhile
        held = await store.holder(INSTANCE + fleet.me)
        return held is not None and held.until > first.until + timedelta(seconds=FAST.lease)

    await eventually(renewed_past_the_first_end)
    assert not fleet.lost.is_set() and hooks == 1, "kept, and one hook at a time"
    release.set()
    await fleet.stop()
    await fleet.release()


async def test_a_poller_that_stopped_renewing_is_waited_out(engine: AsyncEngine) -> None:
    leases = LeaseStore(make_sessionmaker(engine))
    clock = SystemClock()
    # A poller of another container (nothing here can tell it is gone) that died.
    ghost = "other-host:1:4026531836:0badb00t:aaaa"
    await leases.take(POLLER, ghost, clock.now() + timedelta(seconds=0.5), clock.now())
    fleet = Fleet(leases, clock, FAST, shared=False)
    await asyncio.wait_for(fleet.hold_poller(), timeout=10)
    held = await leases.holder(POLLER)
    assert held is not None and held.owner == fleet.me
    await fleet.release()


async def test_a_poller_that_renews_refuses_a_second(engine: AsyncEngine) -> None:
    leases = LeaseStore(make_sessionmaker(engine))
    clock = SystemClock()
    alive = "other-host:1:4026531836:0badb00t:bbbb"
    await leases.take(POLLER, alive, clock.now() + timedelta(seconds=1), clock.now())

    async def renewing() -> None:
        while True:
            now = clock.now()
            await leases.renew([POLLER], alive, now + timedelta(seconds=1), now, strict=True)
            await asyncio.sleep(0.1)

    keeper = asyncio.create_task(renewing())
    try:
        fleet = Fleet(leases, clock, FAST, shared=False)
        with pytest.raises(PollerTaken, match=r"another kefu .* is long-polling this bot"):
            await asyncio.wait_for(fleet.hold_poller(), timeout=10)
    finally:
        keeper.cancel()
        await asyncio.wait({keeper})
