"""Creating and reading tickets, with their audit trail."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.database import within
from bot.storage.models import Ticket, TicketEvent
from bot.storage.ticket_ids import IdFactory, new_public_id
from bot.support.clock import Clock
from dialogs.tickets.report import NewTicket


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
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._new_id = new_id
        self._attempts = attempts

    async def create(self, report: NewTicket, session: AsyncSession | None = None) -> Ticket:
        """Insert the ticket under a fresh random public id, retrying on a collision (in
        ``session``'s transaction if given)."""
        now = self._clock.now()
        async with within(self._sessions, session) as session:
            for _ in range(self._attempts):
                ticket = Ticket(
                    public_id=self._new_id(),
                    user_id=report.user_id,
                    category=report.category,
                    occurred_at=report.occurred_at,
                    occurred_text=report.occurred_text,
                    steps=report.steps,
                    error_text=report.error_text,
                    order_number=report.order_number,
                    fields=dict(report.fields),
                    attachments=list(report.attachments),
                    priority=report.priority,
                    created_at=now,
                    updated_at=now,
                )
                try:
                    # A savepoint, so a collision undoes only this insert.
                    async with session.begin_nested():
                        session.add(ticket)
                        await session.flush()
                except IntegrityError:
                    # Only a taken public id is worth another try; any other
                    # constraint (an unknown user, say) is the caller's mistake.
                    if await self._taken(session, ticket.public_id):
                        continue
                    raise
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
        raise PublicIdExhausted(f"no free public id after {self._attempts} attempts")

    @staticmethod
    async def _taken(session: AsyncSession, public_id: str) -> bool:
        found = await session.scalar(select(Ticket.id).where(Ticket.public_id == public_id))
        return found is not None

    async def by_public_id(self, public_id: str) -> Ticket | None:
        async with self._sessions() as session:
            return await session.scalar(select(Ticket).where(Ticket.public_id == public_id))

    async def for_user(self, user_id: int, limit: int = 20) -> list[Ticket]:
        """The user's newest tickets first."""
        async with self._sessions() as session:
            rows = await session.scalars(
                select(Ticket)
                .where(Ticket.user_id == user_id)
                .order_by(Ticket.created_at.desc(), Ticket.id.desc())
                .limit(limit)
            )
            return list(rows)

    async def events(self, ticket_id: int) -> list[TicketEvent]:
        async with self._sessions() as session:
            rows = await session.scalars(
                select(TicketEvent)
                .where(TicketEvent.ticket_id == ticket_id)
                .order_by(TicketEvent.id)
            )
            return list(rows)
