"""The demo shop in kefu's database, on SQLite and PostgreSQL, through its backend: seeded
once on first use, the contract's answers, links, re-delivery, channels; and the
migration matching the tables."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app.demo_backend import DemoOrderBackend
from bot.storage import demo_orders as store
from bot.storage.database import make_sessionmaker
from bot.storage.models import Base, DemoChannelRow, DemoOrderRow
from bot.support.clock import ManualClock
from dialogs.ports.orders import Capability, ChallengeFact, ChannelState, OrderStatus


def _backend(engine: AsyncEngine, clock: ManualClock) -> DemoOrderBackend:
    return DemoOrderBackend(make_sessionmaker(engine), clock)


async def test_migration_matches_the_demo_tables(engine: AsyncEngine) -> None:
    def demo_diff(sync_conn):  # type: ignore[no-untyped-def]
        diff = compare_metadata(MigrationContext.configure(sync_conn), Base.metadata)
        return [d for d in diff if "demo_" in repr(d)]

    async with engine.connect() as conn:
        assert await conn.run_sync(demo_diff) == []


async def test_seeded_once_on_first_use(engine: AsyncEngine, clock: ManualClock) -> None:
    backend = _backend(engine, clock)
    first = await backend.everything()
    await backend.channels()
    sessions = make_sessionmaker(engine)
    async with sessions() as session:
        assert not await store.ensure_seeded(session, clock.now())
        count = await session.scalar(select(func.count()).select_from(DemoOrderRow))
        channels = await session.scalar(select(func.count()).select_from(DemoChannelRow))
    assert count == len(first) >= 20 and channels == 4
    assert await _backend(engine, clock).everything() == first


async def test_find_answers_whoever_asks(engine: AsyncEngine, clock: ManualClock) -> None:
    backend = _backend(engine, clock)
    assert backend.capabilities == frozenset(Capability)
    order = await backend.find("DM240020", telegram_user_id=1)
    assert order is not None
    assert (order.account, order.status, order.channel) == ("arif.k", "delivered", "usdt_trc20")
    assert order.amount == Decimal("9.99") and order.currency == "USDT"
    assert order.fetched_at == clock.now()
    assert await backend.find("DM999999", telegram_user_id=1) is None


async def test_recent_orders_are_the_linked_accounts(
    engine: AsyncEngine, clock: ManualClock
) -> None:
    backend = _backend(engine, clock)
    assert await backend.recent(42, 10) == []
    assert await backend.linked_account(42) is None
    await backend.link(42, "lin.wei")
    assert await backend.linked_account(42) == "lin.wei"
    recent = await backend.recent(42, 3)
    assert [o.number for o in recent] == ["DM240004", "DM240003", "DM240002"]  # newest first
    await backend.link(42, "mika.tan")  # a new link replaces the old
    assert {o.account for o in await backend.recent(42, 10)} == {"mika.tan"}
    with pytest.raises(store.UnknownAccount):
        await backend.link(42, "nobody")


async def test_redeliver_only_paid_undelivered(engine: AsyncEngine, clock: ManualClock) -> None:
    backend = _backend(engine, clock)
    assert await backend.redeliver("DM240007")  # paid, waiting
    delivered = await backend.find("DM240007", 1)
    assert delivered is not None and delivered.status is OrderStatus.DELIVERED
    assert delivered.delivered_at == clock.now()
    assert not await backend.redeliver("DM240007")  # nothing left to do
    assert not await backend.redeliver("DM240004")  # not paid
    assert not await backend.redeliver("DM999999")


async def test_challenge_and_check(engine: AsyncEngine, clock: ManualClock) -> None:
    backend = _backend(engine, clock)
    facts = await backend.challenge("DM240011")
    assert facts == [ChallengeFact.PHONE_LAST4, ChallengeFact.AMOUNT]
    right = {
        ChallengeFact.PHONE_LAST4: "9914",
        ChallengeFact.AMOUNT: "328",
        ChallengeFact.EMAIL: "mika.tan@example.org",
    }
    assert await backend.check("DM240011", right)
    assert not await backend.check("DM240011", {**right, ChallengeFact.PHONE_LAST4: "0000"})
    # An unknown order is asked the same: the question tells nothing of it.
    assert await backend.challenge("DM999999") == facts
    assert not await backend.check("DM999999", right)


async def test_a_channel_changes_state(engine: AsyncEngine, clock: ManualClock) -> None:
    backend = _backend(engine, clock)
    seeded = {c.channel: c for c in await backend.channels()}
    assert seeded["wechat"].state is ChannelState.DEGRADED
    assert seeded["wechat"].expected_recovery == clock.now() + timedelta(minutes=45)
    down = await backend.set_channel("alipay", ChannelState.DOWN, timedelta(minutes=30))
    assert down.state is ChannelState.DOWN and down.share_delayed == 1.0
    assert down.expected_recovery == clock.now() + timedelta(minutes=30)
    await backend.set_channel("wechat", ChannelState.OK, timedelta(hours=1))
    now = {c.channel: c for c in await backend.channels()}
    assert now["alipay"] == down
    assert now["wechat"].state is ChannelState.OK and now["wechat"].expected_recovery is None
    assert now["wechat"].share_delayed < 0.05
    with pytest.raises(store.UnknownChannel):
        await backend.set_channel("paypal", ChannelState.OK)
