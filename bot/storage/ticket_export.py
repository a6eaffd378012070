"""The tickets as rows for analysis (`kefu export tickets`): one per ticket, every field
that says what it was and how its life went."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.models import Ticket

EXPORT_FIELDS = (
    "public_id",
    "user_id",
    "category",
    "status",
    "priority",
    "tags",
    "order_number",
    "created_at",
    "claimed_at",
    "first_response_at",
    "resolved_at",
    "closed_at",
    "first_response_seconds",
    "resolution_seconds",
    "assignee_id",
    "assignee_name",
    "rating",
    "rating_comment",
    "rated_at",
    "desk_chat_id",
)


async def export_rows(
    sessions: async_sessionmaker[AsyncSession], since: datetime, until: datetime | None = None
) -> AsyncIterator[dict[str, Any]]:
    """Every ticket created from ``since`` (until ``until``, excluded), oldest first, as a
    row of EXPORT_FIELDS: times ISO-8601 UTC, tags a list. Streamed, so a long export
    does not sit in memory."""
    query = select(Ticket).where(Ticket.created_at >= since)
    if until is not None:
        query = query.where(Ticket.created_at < until)
    query = query.order_by(Ticket.created_at, Ticket.id).execution_options(yield_per=500)
    async with sessions() as session:
        async for ticket in await session.stream_scalars(query):
            yield _export_row(ticket)


def _export_row(t: Ticket) -> dict[str, Any]:
    def iso(at: datetime | None) -> str | None:
        return at.astimezone(UTC).isoformat() if at is not None else None

    def seconds(at: datetime | None) -> float | None:
        return (at - t.created_at).total_seconds() if at is not None else None

    return {
        "public_id": t.public_id,
        "user_id": t.user_id,
        "category": t.category,
        "status": str(t.status),
        "priority": str(t.priority),
        "tags": [str(x) for x in t.tags or ()],
        "order_number": t.order_number,
        "created_at": iso(t.created_at),
        "claimed_at": iso(t.claimed_at),
        "first_response_at": iso(t.first_response_at),
        "resolved_at": iso(t.resolved_at),
        "closed_at": iso(t.closed_at),
        "first_response_seconds": seconds(t.first_response_at),
        "resolution_seconds": seconds(t.resolved_at),
        "assignee_id": t.assignee_id,
        "assignee_name": t.assignee_name,
        "rating": t.rating,
        "rating_comment": t.rating_comment,
        "rated_at": iso(t.rated_at),
        "desk_chat_id": t.desk_chat_id,
    }
