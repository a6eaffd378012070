"""A ticket row moved through its lifecycle, with the line of its trail: the one place the
lifecycle's times (status_at, claimed_at, first_response_at, resolved_at, closed_at) are
written. Which moves are allowed is decided in dialogs.tickets.status; this only keeps
the row and its trail true to a move made.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.observe.logs import ticket_event
from bot.storage.models import Ticket, TicketEvent
from dialogs.tickets.status import TicketStatus, can_move


def record(
    session: AsyncSession,
    ticket: Ticket,
    now: datetime,
    kind: str,
    data: dict[str, Any],
    actor_kind: str = "system",
    actor_id: int | None = None,
) -> None:
    """A line of the ticket's trail: who did what, when."""
    ticket_event(ticket.public_id, kind, data, actor_kind)  # its line in kefu's log too
    session.add(
        TicketEvent(
            ticket_id=ticket.id,
            at=now,
            actor_kind=actor_kind,
            actor_id=actor_id,
            kind=kind,
            data=data,
        )
    )


def move(
    session: AsyncSession,
    ticket: Ticket,
    to: TicketStatus,
    now: datetime,
    actor_kind: str = "system",
    actor_id: int | None = None,
) -> bool:
    """Move the ticket to ``to`` if its lifecycle allows; False (nothing changed) if not."""
    if ticket.status == to or not can_move(ticket.status, to):
        return False
    record(session, ticket, now, "status", {"from": ticket.status, "to": to}, actor_kind, actor_id)
    ticket.status = to
    ticket.status_at = ticket.updated_at = now
    if to == TicketStatus.RESOLVED:
        ticket.resolved_at = now
    elif to == TicketStatus.CLOSED:
        ticket.closed_at = now
    return True


def claim(
    session: AsyncSession, ticket: Ticket, agent_id: int, agent_name: str | None, now: datetime
) -> bool:
    """The agent takes the ticket (from the queue, or from another agent); an open ticket
    becomes theirs to answer. False if it was theirs already."""
    if ticket.assignee_id == agent_id:
        return False
    ticket.assignee_id, ticket.assignee_name = agent_id, agent_name
    ticket.claimed_at = ticket.claimed_at or now
    ticket.updated_at = now
    record(session, ticket, now, "claimed", {"by": agent_name}, "agent", agent_id)
    if ticket.status == TicketStatus.OPEN:
        move(session, ticket, TicketStatus.CLAIMED, now, "agent", agent_id)
    return True


def answered(
    session: AsyncSession, ticket: Ticket, agent_id: int, name: str | None, now: datetime
) -> bool:
    """An agent's message went to the user: the first one is the first response, and a
    ticket nobody had is now the answering agent's (True: it was claimed so)."""
    if ticket.first_response_at is None:
        ticket.first_response_at = now
    return ticket.assignee_id is None and claim(session, ticket, agent_id, name, now)
