"""Creating and reading tickets, with their audit trail."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import timedelta

from sqlalchemy import String, and_, cast, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.database import within
from bot.storage.models import Ticket, TicketEvent
from bot.storage.ticket_ids import IdFactory, new_public_id
from bot.support.clock import Clock
from dialogs.tickets.report import NewTicket
from dialogs.tickets.status import ACTIVE, TicketStatus
from dialogs.tickets.tags import merge_tags


class PublicIdExhausted(RuntimeError):
    """Every attempt at a fresh public id collided: the id space is nearly full."""


class TicketStore:
    """Tickets and ticket events. The user row must exist (see UserStore.seen)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        new_id: IdFactory = new_public_id,
        attempts: int = 8,
        reads: async_sessionmaker[AsyncSession] | None = None,
    ) -> None:
        """``reads``: sessions for reads only, if they have their own engine."""
        self._sessions = sessions
        self._reads = reads or sessions
        self._clock = clock
        self._new_id = new_id
        self._attempts = attempts

    async def create(
        self, report: NewTicket, session: AsyncSession | None = None, tags: Iterable[str] = ()
    ) -> Ticket:
        """Insert the ticket under a fresh random public id (in ``session``'s transaction if
        given), tagged with the report's ``tags`` and then these (each once).

        A candidate id is looked up before the insert rather than inserted in a savepoint
        and retried: on SQLite a savepoint that is a transaction's first statement would
        commit on its release, half a unit of work. Two instances drawing the same unused
        id at the same instant would fail one unit on the unique index (its user is
        apologised to and writes again): with 32^5 ids that is not worth a savepoint.
        """
        now = self._clock.now()
        async with within(self._sessions, session) as session:
            for _ in range(self._attempts):
                public_id = self._new_id()
                if not await self._taken(session, public_id):
                    break
            else:
                raise PublicIdExhausted(f"no free public id after {self._attempts} attempts")
            ticket = Ticket(
                public_id=public_id,
                user_id=report.user_id,
                category=report.category,
                occurred_at=report.occurred_at,
                occurred_text=report.occurred_text,
                steps=report.steps,
                error_text=report.error_text,
                order_number=report.order_number,
                order_snapshot=report.order_snapshot,
                fields=dict(report.fields),
                attachments=list(report.attachments),
                priority=report.priority,
                priority_reason=report.priority_reason,
                tags=merge_tags(report.tags, tags),
                status=TicketStatus.NEW,
                status_at=now,
                created_at=now,
                updated_at=now,
            )
            session.add(ticket)
            await session.flush()  # the ticket's id, for its event
            session.add(
                TicketEvent(
                    ticket_id=ticket.id,
                    at=now,
                    actor_kind="user",
                    actor_id=report.user_id,
                    kind="created",
                    data={"category": report.category},
                )
            )
            return ticket

    @staticmethod
    async def _taken(session: AsyncSession, public_id: str) -> bool:
        found = await session.scalar(select(Ticket.id).where(Ticket.public_id == public_id))
        return found is not None

    async def by_public_id(
        self, public_id: str, session: AsyncSession | None = None
    ) -> Ticket | None:
        """The ticket; in a caller's transaction it is locked (PostgreSQL) until that
        commits, so an agent's change and the user's message never overwrite each other."""
        query = select(Ticket).where(Ticket.public_id == public_id)
        if session is not None:
            return await session.scalar(query.with_for_update())
        async with self._reads() as s:
            return await s.scalar(query)

    async def active_for(self, user_id: int, reopen_within: timedelta) -> Ticket | None:
        """The user's newest ticket still being worked on (open, or waiting on someone), or
        resolved within ``reopen_within`` (the user writing again reopens it)."""
        recent = self._clock.now() - reopen_within
        async with self._reads() as session:
            return await session.scalar(
                select(Ticket)
                .where(
                    Ticket.user_id == user_id,
                    or_(
                        Ticket.status.in_(ACTIVE),
                        and_(Ticket.status == TicketStatus.RESOLVED, Ticket.resolved_at >= recent),
                    ),
                )
                .order_by(Ticket.created_at.desc(), Ticket.id.desc())
                .limit(1)
            )

    async def previous(
        self, user_id: int, before: int, session: AsyncSession, limit: int = 5
    ) -> list[Ticket]:
        """The user's tickets older than ticket ``before``, newest first."""
        rows = await session.scalars(
            select(Ticket)
            .where(Ticket.user_id == user_id, Ticket.id < before)
            .order_by(Ticket.id.desc())
            .limit(limit)
        )
        return list(rows)

    async def for_user(self, user_id: int, limit: int = 20) -> list[Ticket]:
        """The user's newest tickets first."""
        async with self._reads() as session:
            rows = await session.scalars(
                select(Ticket)
                .where(Ticket.user_id == user_id)
                .order_by(Ticket.created_at.desc(), Ticket.id.desc())
                .limit(limit)
            )
            return list(rows)

    async def tagged(self, tag: str, limit: int = 10) -> list[Ticket]:
        """The newest tickets carrying ``tag`` (auto-tags: category, channel, time of day;
        or an agent's)."""
        # The JSON list as text holds the tag as json.dumps wrote it (quoted, \\u-escaped
        # beyond ASCII): found by that, on SQLite and PostgreSQL alike.
        stored = json.dumps(tag.lower())
        pattern = "%" + stored.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"
        async with self._reads() as session:
            rows = await session.scalars(
                select(Ticket)
                .where(cast(Ticket.tags, String).like(pattern, escape="!"))
                .order_by(Ticket.created_at.desc(), Ticket.id.desc())
                .limit(limit)
            )
            return list(rows)

    async def events(self, ticket_id: int) -> list[TicketEvent]:
        async with self._reads() as session:
            rows = await session.scalars(
                select(TicketEvent)
                .where(TicketEvent.ticket_id == ticket_id)
                .order_by(TicketEvent.id)
            )
            return list(rows)
