"""The demo shop's state in kefu's database (bot.storage.demo_tables): seeded on first
use, then read and changed by the demo backend and by `kefu demo ...` commands.

Rows in, rows out: turning them into the order contract's models is the backend's work
(bot/app/demo_backend.py), which knows the demo's status mapping.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.database import upsert_insert
from bot.storage.demo_tables import DemoChannelRow, DemoLink, DemoOrderRow
from integrations.demo import seed


class UnknownAccount(LookupError):
    """No demo order belongs to this account."""


class UnknownChannel(LookupError):
    """The demo shop has no such payment channel."""


async def ensure_seeded(session: AsyncSession, now: datetime) -> bool:
    """Seed the demo shop unless it has been: True when it was seeded now. Inserts skip
    rows that are there, so two instances seeding at once make one shop, and what an
    operator changed (a channel's state) is never put back."""
    if await session.scalar(select(DemoChannelRow.channel).limit(1)) is not None:
        return False
    insert = upsert_insert(session)
    order_rows = [
        {
            "number": o.number,
            "account": o.account,
            "raw_status": o.raw_status,
            "channel": o.channel,
            "amount": str(o.amount),
            "currency": o.currency,
            "product": o.product,
            "kind": o.kind,
            "created_at": o.created_at,
            "paid_at": o.paid_at,
            "delivered_at": o.delivered_at,
            "phone_last4": o.phone_last4,
            "email": o.email,
        }
        for o in seed.orders(now)
    ]
    await session.execute(insert(DemoOrderRow).values(order_rows).on_conflict_do_nothing())
    channel_rows = [
        {
            "channel": c.channel,
            "state": c.state.value,
            "average_arrival_seconds": c.average_arrival_seconds,
            "queue_length": c.queue_length,
            "share_delayed_bp": round(c.share_delayed * 10_000),
            "expected_recovery": c.expected_recovery,
            "updated_at": now,
        }
        for c in seed.channels(now)
    ]
    # Channels last: their presence is what says "seeded" (above).
    await session.execute(insert(DemoChannelRow).values(channel_rows).on_conflict_do_nothing())
    return True


async def all_orders(session: AsyncSession) -> list[DemoOrderRow]:
    """Every demo order, by number."""
    return list(await session.scalars(select(DemoOrderRow).order_by(DemoOrderRow.number)))


async def order(session: AsyncSession, number: str) -> DemoOrderRow | None:
    return await session.get(DemoOrderRow, number.strip())


async def orders_of(session: AsyncSession, account: str, limit: int) -> list[DemoOrderRow]:
    """An account's newest orders, newest first."""
    found = await session.scalars(
        select(DemoOrderRow)
        .where(DemoOrderRow.account == account)
        .order_by(DemoOrderRow.created_at.desc(), DemoOrderRow.number.desc())
        .limit(limit)
    )
    return list(found)


async def accounts(session: AsyncSession) -> list[str]:
    """The demo shop's accounts: every account that has an order."""
    found = await session.scalars(select(DemoOrderRow.account).distinct())
    return sorted(found)


async def linked_account(session: AsyncSession, telegram_user_id: int) -> str | None:
    link = await session.get(DemoLink, telegram_user_id)
    return link.account if link is not None else None


async def link(session: AsyncSession, telegram_user_id: int, account: str, now: datetime) -> None:
    """Link a Telegram user to an account (replacing any earlier link of theirs)."""
    known = await session.scalar(
        select(func.count()).select_from(DemoOrderRow).where(DemoOrderRow.account == account)
    )
    if not known:
        raise UnknownAccount(account)
    statement = upsert_insert(session)(DemoLink).values(
        telegram_user_id=telegram_user_id, account=account, linked_at=now
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[DemoLink.telegram_user_id],
            set_={"account": account, "linked_at": now},
        )
    )


async def channels(session: AsyncSession) -> list[DemoChannelRow]:
    return list(await session.scalars(select(DemoChannelRow).order_by(DemoChannelRow.channel)))


async def set_channel(
    session: AsyncSession,
    channel: str,
    state: str,
    figures: tuple[int, int, int],
    expected_recovery: datetime | None,
    now: datetime,
) -> None:
    """Set a channel's state, its figures (average arrival, queue, delayed basis points)
    and its expected recovery."""
    row = await session.get(DemoChannelRow, channel)
    if row is None:
        raise UnknownChannel(channel)
    row.state = state
    row.average_arrival_seconds, row.queue_length, row.share_delayed_bp = figures
    row.expected_recovery = expected_recovery
    row.updated_at = now


async def mark_delivered(session: AsyncSession, number: str, now: datetime) -> None:
    """The demo's re-delivery: the order is delivered now."""
    row = await session.get(DemoOrderRow, number)
    if row is not None:
        row.raw_status = "completed"
        row.delivered_at = now
