"""The durable outbox's rows: messages to send, committed with the effects that caused them,
and what became of each (bot.app.sender sends them and records the outcome here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.desk import DeskStore, Sent
from bot.storage.models import OutboxMessage, OutboxState


@dataclass(frozen=True)
class Outcome:
    """How one row ended: sent (with Telegram's ids) or failed (with the reason)."""

    row_id: int
    sent: bool
    message_ids: tuple[int, ...] = ()
    thread_id: int | None = None
    error: str | None = None
    # The row's desk link and chat, written with the outcome when it was sent.
    link: dict[str, Any] | None = None
    chat_id: int | None = None


class OutboxRows:
    """Adds rows inside a caller's transaction; reads pending ones; records outcomes."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    @staticmethod
    def add(session: AsyncSession, **values: Any) -> OutboxMessage:
        """A new pending row in ``session`` (its id is known once the session flushes)."""
        row = OutboxMessage(state=OutboxState.PENDING, message_ids=[], **values)
        session.add(row)
        return row

    async def pending(self, chat_id: int | None = None) -> list[OutboxMessage]:
        """Every row not yet sent nor given up on (of ``chat_id`` only, if given), oldest
        first (the order they go in)."""
        query = select(OutboxMessage).where(OutboxMessage.state == OutboxState.PENDING)
        if chat_id is not None:
            query = query.where(OutboxMessage.chat_id == chat_id)
        async with self._sessions() as session:
            return list(await session.scalars(query.order_by(OutboxMessage.id)))

    async def record(self, outcomes: Sequence[Outcome], now: datetime) -> None:
        """Write outcomes in one transaction and one statement (the sender gathers them:
        one commit for many), with the desk links of those sent."""
        async with self._sessions.begin() as session:
            await session.execute(
                update(OutboxMessage),
                [
                    {
                        "id": o.row_id,
                        "state": OutboxState.SENT if o.sent else OutboxState.FAILED,
                        "message_ids": list(o.message_ids),
                        "thread_id": o.thread_id,
                        "error": o.error,
                        "settled_at": now,
                    }
                    for o in outcomes
                ],
            )
            sent = [
                Sent(o.link, o.chat_id, o.message_ids, o.thread_id)
                for o in outcomes
                if o.sent and o.link
            ]
            if sent:
                await DeskStore.record_links(session, sent, now)

    @staticmethod
    async def mark_resent(session: AsyncSession, row_id: int, now: datetime) -> None:
        """A row sent again as a new row (in ``session``, with the new row): failed."""
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .values(state=OutboxState.FAILED, error="sent again as a new row", settled_at=now)
        )

    async def purge(self, before: datetime) -> int:
        """Delete rows sent or failed before ``before``; returns how many."""
        async with self._sessions.begin() as session:
            done = await session.execute(
                delete(OutboxMessage).where(
                    OutboxMessage.state != OutboxState.PENDING,
                    OutboxMessage.settled_at < before,
                )
            )
            return done.rowcount or 0  # type: ignore[attr-defined]
