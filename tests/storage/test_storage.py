"""Storage on SQLite and on the real PostgreSQL: migrations, users, tickets, audit trail."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage import migrate
from bot.storage.database import make_engine, make_sessionmaker
from bot.storage.ticket_ids import ALPHABET
from bot.storage.tickets import PublicIdExhausted, TicketStore
from bot.storage.users import UserStore
from bot.support.clock import ManualClock
from dialogs.tickets.report import NewTicket
from dialogs.tickets.status import TicketStatus


async def test_fresh_database_is_behind_then_migrated(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        before = await migrate.schema_status(engine)
        assert before.current is None and not before.up_to_date
        after = await migrate.upgrade(engine)
        assert after.up_to_date and after.current == before.head
        async with engine.connect() as conn:
            tables = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
        assert {"users", "tickets", "ticket_events", "alembic_version"} <= tables
        again = await migrate.upgrade(engine)  # idempotent
        assert again == after
    finally:
        await engine.dispose()


async def test_user_first_seen_language_and_blocked(engine: AsyncEngine, clock: ManualClock):
    users = UserStore(make_sessionmaker(engine), clock)
    first = await users.seen(42, "zh-Hant")
    started = clock.now()
    row = await users.get(42)
    assert first.language == "zh-Hant" and row is not None and row.first_seen == started
    clock.advance(3600)
    await users.mark_blocked(42)
    blocked = await users.get(42)
    assert blocked is not None and blocked.blocked and blocked.blocked_at == clock.now()
    clock.advance(60)
    again = await users.seen(42, "en")
    assert again.language == "zh-Hant", "a returning user keeps the language they chose"
    assert not again.blocked and again.last_seen == clock.now()
    row = await users.get(42)
    assert row is not None and row.first_seen == started, "first seen stays the first time"
    await users.set_language(42, "en")
    assert (await users.get(42)).language == "en"  # type: ignore[union-attr]


async def test_ticket_keeps_every_report_field(engine: AsyncEngine, clock: ManualClock) -> None:
    sessions = make_sessionmaker(engine)
    await UserStore(sessions, clock).seen(7, "en")
    tickets = TicketStore(sessions, clock)
    happened = datetime(2026, 11, 19, 14, 30, tzinfo=UTC)
    ticket = await tickets.create(
        NewTicket(
            user_id=7,
            category="recharge",
            occurred_at=happened,
            occurred_text="yesterday 14:30",
            steps="paid with alipay, waited",
            error_text="订单处理中",
            order_number="A123456789",
            fields={"channel": "alipay", "amount": "100", "currency": "CNY"},
            attachments=[{"kind": "photo", "file_id": "AgACAgIAAx"}],
        )
    )
    assert ticket.public_id.startswith("K-") and len(ticket.public_id) == 7
    assert set(ticket.public_id[2:]) <= set(ALPHABET)
    loaded = await tickets.by_public_id(ticket.public_id)
    assert loaded is not None
    assert loaded.occurred_at == happened and loaded.occurred_at.tzinfo is not None
    assert loaded.created_at == clock.now()
    assert loaded.error_text == "订单处理中" and loaded.order_number == "A123456789"
    assert loaded.fields["channel"] == "alipay"
    assert loaded.attachments == [{"kind": "photo", "file_id": "AgACAgIAAx"}]
    assert loaded.status == TicketStatus.NEW  # before the agents: see the desk
    events = await tickets.events(loaded.id)
    assert [(e.kind, e.actor_kind, e.actor_id) for e in events] == [("created", "user", 7)]


async def test_public_id_collision_is_retried(engine: AsyncEngine, clock: ManualClock) -> None:
    sessions = make_sessionmaker(engine)
    await UserStore(sessions, clock).seen(1, "en")
    ids = itertools.chain(["K-AAAAA", "K-AAAAA", "K-AAAAA", "K-BBBBB"])
    tickets = TicketStore(sessions, clock, new_id=lambda: next(ids))
    first = await tickets.create(NewTicket(user_id=1, category="other"))
    second = await tickets.create(NewTicket(user_id=1, category="other"))
    assert (first.public_id, second.public_id) == ("K-AAAAA", "K-BBBBB")
    assert len(await tickets.for_user(1)) == 2


async def test_exhausted_ids_fail_loudly_and_store_nothing(engine, clock: ManualClock) -> None:
    sessions = make_sessionmaker(engine)
    await UserStore(sessions, clock).seen(1, "en")
    tickets = TicketStore(sessions, clock, new_id=lambda: "K-CCCCC", attempts=3)
    await tickets.create(NewTicket(user_id=1, category="other"))
    with pytest.raises(PublicIdExhausted):
        await tickets.create(NewTicket(user_id=1, category="other"))
    assert len(await tickets.for_user(1)) == 1


async def test_tickets_for_user_newest_first(engine: AsyncEngine, clock: ManualClock) -> None:
    sessions = make_sessionmaker(engine)
    users = UserStore(sessions, clock)
    await users.seen(1, "en")
    await users.seen(2, "en")
    tickets = TicketStore(sessions, clock)
    made = []
    for category in ("payment", "withdrawal", "redeem"):
        made.append((await tickets.create(NewTicket(user_id=1, category=category))).public_id)
        clock.advance(60)
    await tickets.create(NewTicket(user_id=2, category="other"))
    listed = [t.public_id for t in await tickets.for_user(1)]
    assert listed == list(reversed(made))


async def test_ticket_for_unknown_user_is_refused(engine: AsyncEngine, clock: ManualClock):
    from sqlalchemy.exc import IntegrityError

    tickets = TicketStore(make_sessionmaker(engine), clock)
    with pytest.raises(IntegrityError):
        await tickets.create(NewTicket(user_id=999, category="other"))


async def test_tickets_are_found_by_tag_exactly(engine: AsyncEngine, clock: ManualClock) -> None:
    """/find #alipay: a tag matches whole, never a longer one that contains it."""
    sessions = make_sessionmaker(engine)
    await UserStore(sessions, clock).seen(77, "en")
    tickets = TicketStore(sessions, clock)
    made = {}
    for tags in (
        ["recharge", "alipay"],
        ["recharge", "alipay_hk"],
        ["bank-card", "night"],
        ["dispute", "退款"],
    ):
        ticket = await tickets.create(NewTicket(user_id=77, category=tags[0]), tags=tags)
        made[tags[1]] = ticket.public_id
    assert [t.public_id for t in await tickets.tagged("alipay")] == [made["alipay"]]
    assert [t.public_id for t in await tickets.tagged("recharge")] == [
        made["alipay_hk"],
        made["alipay"],
    ], "newest first"
    assert [t.public_id for t in await tickets.tagged("night")] == [made["night"]]
    assert await tickets.tagged("alipa") == [] and await tickets.tagged('%"') == []
    assert [t.public_id for t in await tickets.tagged("退款")] == [made["退款"]], "beyond ASCII"
    assert [t.public_id for t in await tickets.tagged("NIGHT")] == [made["night"]]
