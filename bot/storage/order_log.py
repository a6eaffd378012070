"""The order dialogs' rows (bot.storage.order_tables): lookups recorded and counted, a
challenge kept, users waiting for a channel, kefu's last word on each channel, and the
re-deliveries asked. Functions over a session: the caller's unit of work commits."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.database import upsert_insert
from bot.storage.models import Ticket
from bot.storage.order_tables import (
    ChannelMarkRow,
    ChannelWatchRow,
    OrderCheckRow,
    OrderLookupRow,
    RedeliveryRow,
)
from dialogs.tickets.status import ACTIVE

MARKS_READ = 200  # more than any limit counts: a window never needs more of them


def record(
    session: AsyncSession,
    user_id: int,
    number: str,
    result: str,
    at: datetime,
    ticket: str | None = None,
) -> None:
    session.add(
        OrderLookupRow(at=at, user_id=user_id, number=number[:64], result=result, ticket=ticket)
    )


async def marks(
    session: AsyncSession, user_id: int, results: Iterable[str], since: datetime
) -> list[datetime]:
    rows = await session.scalars(
        select(OrderLookupRow.at)
        .where(
            OrderLookupRow.user_id == user_id,
            OrderLookupRow.result.in_(list(results)),
            OrderLookupRow.at > since,
        )
        .order_by(OrderLookupRow.at.desc())
        .limit(MARKS_READ)
    )
    return list(rows)


async def pending(session: AsyncSession, user_id: int) -> dict[str, Any] | None:
    row = await session.get(OrderCheckRow, user_id)
    return dict(row.data) if row is not None else None


async def keep_check(
    session: AsyncSession, user_id: int, data: dict[str, Any] | None, now: datetime
) -> None:
    if data is None:
        await session.execute(delete(OrderCheckRow).where(OrderCheckRow.user_id == user_id))
        return
    insert = upsert_insert(session)
    statement = insert(OrderCheckRow).values(user_id=user_id, data=data, updated_at=now)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[OrderCheckRow.user_id], set_={"data": data, "updated_at": now}
        )
    )


async def watch(session: AsyncSession, channel: str, user_id: int, now: datetime) -> None:
    insert = upsert_insert(session)
    statement = insert(ChannelWatchRow).values(channel=channel, user_id=user_id, since=now)
    await session.execute(statement.on_conflict_do_nothing())


async def watchers(session: AsyncSession, channel: str) -> list[int]:
    rows = await session.scalars(
        select(ChannelWatchRow.user_id)
        .where(ChannelWatchRow.channel == channel)
        .order_by(ChannelWatchRow.since)
    )
    return list(rows)


async def forget_watchers(session: AsyncSession, channel: str, users: list[int]) -> None:
    await session.execute(
        delete(ChannelWatchRow).where(
            ChannelWatchRow.channel == channel, ChannelWatchRow.user_id.in_(users)
        )
    )


async def channel_marks(session: AsyncSession) -> dict[str, ChannelMarkRow]:
    return {row.channel: row for row in await session.scalars(select(ChannelMarkRow))}


async def mark(session: AsyncSession, channel: str, state: str, now: datetime) -> ChannelMarkRow:
    """The channel's mark, now in ``state`` (made if it was never marked); a state with no
    trouble ends the incident."""
    row = await session.get(ChannelMarkRow, channel, with_for_update=True)
    if row is None:
        row = ChannelMarkRow(channel=channel, state=state, since=now, incident=None, tickets=[])
        session.add(row)
    elif row.state != state:
        row.state, row.since = state, now
    if state == "ok":
        row.incident, row.tickets = None, []
    return row


async def open_tickets(session: AsyncSession, since: datetime, limit: int = 2000) -> list[Ticket]:
    """Tickets still being worked on, filed since ``since``, that name an order or a
    channel: what a channel's trouble and a late delivery are read from."""
    rows = await session.scalars(
        select(Ticket)
        .where(Ticket.status.in_([s.value for s in ACTIVE]), Ticket.created_at > since)
        .order_by(Ticket.id)
        .limit(limit)
    )
    return list(rows)


async def redelivery(session: AsyncSession, number: str) -> RedeliveryRow | None:
    return await session.get(RedeliveryRow, number)


async def claim_redelivery(
    session: AsyncSession, number: str, ticket: str | None, now: datetime
) -> bool:
    """Take the order's one re-delivery: False when it was taken already (by another
    ticket, or another instance at the same moment)."""
    insert = upsert_insert(session)
    statement = insert(RedeliveryRow).values(number=number, at=now, ticket=ticket, outcome="asked")
    result = await session.execute(statement.on_conflict_do_nothing())
    return bool(getattr(result, "rowcount", 0))
