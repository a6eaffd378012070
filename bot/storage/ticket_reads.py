"""Reads of the desk at work: the queue (place, recent waits), the agents on duty, a
ticket's rating state, and which tickets the desk's clock has to look at."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import String, and_, case, cast, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from bot.storage.models import Agent, Ticket
from bot.support.clock import Clock
from dialogs.tickets.priority import TicketPriority
from dialogs.tickets.status import ACTIVE, DONE, TicketStatus

# Urgent first: the queue's order is (rank, since when, id).
_RANK = case(
    (Ticket.priority == TicketPriority.URGENT, 0),
    (Ticket.priority == TicketPriority.HIGH, 1),
    (Ticket.priority == TicketPriority.NORMAL, 2),
    else_=3,
)
_RANKS = {TicketPriority.URGENT: 0, TicketPriority.HIGH: 1, TicketPriority.NORMAL: 2}


class TicketReads:
    """Queue, duty and rating reads, each in one short read session."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def queue_place(self, ticket: Ticket | None) -> int:
        """1 + the open tickets ahead of ``ticket`` (None: of a new normal ticket)."""
        waiting = Ticket.status == TicketStatus.OPEN
        if ticket is None:
            ahead = waiting
        else:
            rank = _RANKS.get(ticket.priority, 3)
            since = ticket.status_at or ticket.created_at
            ahead = and_(
                waiting,
                Ticket.id != ticket.id,
                or_(
                    rank > _RANK,
                    and_(rank == _RANK, Ticket.status_at < since),
                    and_(rank == _RANK, Ticket.status_at == since, Ticket.id < ticket.id),
                ),
            )
        async with self._sessions() as session:
            count = await session.scalar(select(func.count()).select_from(Ticket).where(ahead))
        return int(count or 0) + 1

    async def recent_waits(self, within: timedelta, limit: int = 20) -> tuple[float, ...]:
        """Seconds from filing to claim of the latest claimed tickets of ``within``."""
        since = self._clock.now() - within
        async with self._sessions() as session:
            rows = await session.execute(
                select(Ticket.created_at, Ticket.claimed_at)
                .where(Ticket.claimed_at.is_not(None), Ticket.claimed_at >= since)
                .order_by(Ticket.claimed_at.desc())
                .limit(limit)
            )
            return tuple(max(0.0, (claimed - created).total_seconds()) for created, claimed in rows)

    async def on_duty(self) -> list[tuple[int, str]]:
        """The agents on duty, as (user id, name)."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(Agent.user_id, Agent.name).where(Agent.on_duty).order_by(Agent.user_id)
            )
            return [(user_id, name or str(user_id)) for user_id, name in rows]

    async def rating_state(self, user_id: int, public_id: str) -> str | None:
        """ "open": the user's ticket is resolved (or closed) and unrated; "rated"; None: not
        the user's, or not done."""
        async with self._sessions() as session:
            found = await session.execute(
                select(Ticket.status, Ticket.rating).where(
                    Ticket.public_id == public_id, Ticket.user_id == user_id
                )
            )
            row = found.first()
        if row is None or row.status not in DONE:
            return None
        return "rated" if row.rating is not None else "open"

    async def awaiting_comment(self, user_id: int, within: timedelta) -> str | None:
        """The user's ticket rated within ``within`` and still without a comment, unless
        another of their tickets is in hand (what they write then is that one's)."""
        since = self._clock.now() - within
        other = aliased(Ticket)
        in_hand = (
            select(other.id).where(other.user_id == user_id, other.status.in_(ACTIVE)).exists()
        )
        async with self._sessions() as session:
            return await session.scalar(
                select(Ticket.public_id)
                .where(
                    Ticket.user_id == user_id,
                    Ticket.rated_at >= since,
                    Ticket.rating_comment.is_(None),
                    Ticket.status.in_(DONE),
                    ~in_hand,
                )
                .order_by(Ticket.rated_at.desc())
                .limit(1)
            )

    async def holding(self, limit: int) -> list[str]:
        """Tickets holding a flooding user's messages back (the clock relays them)."""
        # Done ones too, lately: a ticket may be resolved or closed while its user's
        # flood waits; the clock looks every minute, so a day back is plenty.
        lately = self._clock.now() - timedelta(days=1)
        async with self._sessions() as session:
            found = await session.scalars(
                select(Ticket.public_id)
                .where(
                    or_(Ticket.status.in_(ACTIVE), Ticket.status_at >= lately),
                    cast(Ticket.held, String) != "[]",
                )
                .order_by(Ticket.id)
                .limit(limit)
            )
            return list(found)

    async def due(
        self,
        status: TicketStatus,
        before: datetime,
        limit: int,
        *,
        unreminded: bool = False,
        alerting: tuple[str, ...] | None = None,
    ) -> list[str]:
        """Tickets in ``status`` since ``before`` or earlier (``unreminded``: and not
        reminded in it yet; ``alerting``: and urgent or of one of these categories, the
        only ones that alert after hours), oldest first: the clock's candidates; it
        decides with the ticket locked."""
        where = [Ticket.status == status, Ticket.status_at <= before]
        if unreminded:
            where.append(or_(Ticket.reminded_at.is_(None), Ticket.reminded_at < Ticket.status_at))
        if alerting is not None:
            urgent = Ticket.priority == TicketPriority.URGENT
            where.append(or_(urgent, Ticket.category.in_(alerting)))
        async with self._sessions() as session:
            found = await session.scalars(
                select(Ticket.public_id)
                .where(*where)
                .order_by(Ticket.status_at, Ticket.id)
                .limit(limit)
            )
            return list(found)
