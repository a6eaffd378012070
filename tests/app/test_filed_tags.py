"""A filed ticket carries its auto-tags (category, payment channel, time of day in the
operator's zone) beside the report's own, each once: through a running kefu's executor,
and in the store on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.database import make_sessionmaker
from bot.storage.tickets import TicketStore
from bot.storage.users import UserStore
from bot.support.clock import ManualClock
from bot.telegram.double import BotApiDouble
from dialogs.actions import FileTicket
from dialogs.events import Inbound, Kind
from dialogs.tickets.report import NewTicket
from tests.scenario.harness import running_kefu

USER = 301


@pytest.fixture
async def double() -> AsyncIterator[BotApiDouble]:
    async with BotApiDouble() as d:
        yield d


def from_user() -> Inbound:
    return Inbound(
        kind=Kind.MESSAGE,
        user_id=USER,
        chat_id=USER,
        chat_type="private",
        date=datetime(2026, 11, 20, tzinfo=UTC),
        message_id=1,
        text="hi",
    )


async def test_a_filed_ticket_has_its_auto_tags(double: BotApiDouble, tmp_path: Path) -> None:
    # 12:00 UTC is 20:00 in Shanghai, the operator's zone: the evening peak.
    clock = ManualClock(datetime(2026, 11, 20, 12, 0, tzinfo=UTC))
    async with running_kefu(double, tmp_path, clock=clock, timezone="Asia/Shanghai") as kefu:
        await kefu.app.users.seen(USER, "en")
        report = NewTicket(
            USER, "recharge", fields={"payment_channel": "alipay"}, tags=["vip", "recharge"]
        )
        applied = await kefu.app.apply(from_user(), "en", [FileTicket(report)])
        stored = await kefu.app.tickets.by_public_id(applied.results["ticket"])
        assert stored is not None
        assert stored.tags == ["vip", "recharge", "alipay", "evening-peak"]

        clock.advance(9 * 3600)  # 05:00 in Shanghai; a channel with no tag
        other = NewTicket(USER, "payment_failed", fields={"payment_channel": "other"})
        applied = await kefu.app.apply(from_user(), "en", [FileTicket(other)])
        stored = await kefu.app.tickets.by_public_id(applied.results["ticket"])
        assert stored is not None and stored.tags == ["payment_failed", "night"]


async def test_the_store_merges_the_reports_tags_with_the_given_ones(
    engine: AsyncEngine, clock: ManualClock
) -> None:
    sessions = make_sessionmaker(engine)
    await UserStore(sessions, clock).seen(7, "en")
    tickets = TicketStore(sessions, clock)
    made = await tickets.create(
        NewTicket(7, "recharge", tags=["vip"]), tags=["recharge", "vip", "usdt"]
    )
    loaded = await tickets.by_public_id(made.public_id)
    assert loaded is not None and loaded.tags == ["vip", "recharge", "usdt"]
    plain = await tickets.create(NewTicket(7, "other"))
    assert plain.tags == []
