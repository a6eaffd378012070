"""The desk's reads: a rating's comment only while no other ticket of the user is in hand,
and the queue's order (urgent first, then by when each began to wait)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.database import make_sessionmaker
from bot.storage.ticket_reads import TicketReads
from bot.storage.tickets import TicketStore
from bot.storage.users import UserStore
from bot.support.clock import ManualClock
from dialogs.tickets.priority import TicketPriority
from dialogs.tickets.report import NewTicket
from dialogs.tickets.status import TicketStatus


async def test_a_comment_is_not_taken_from_a_ticket_in_hand(
    engine: AsyncEngine, clock: ManualClock
) -> None:
    sessions = make_sessionmaker(engine)
    await UserStore(sessions, clock).seen(5, "en")
    tickets, reads = TicketStore(sessions, clock), TicketReads(sessions, clock)
    rated = await tickets.create(NewTicket(user_id=5, category="other"))
    async with sessions.begin() as session:
        row = await tickets.by_public_id(rated.public_id, session)
        assert row is not None
        row.status, row.rating, row.rated_at = TicketStatus.RESOLVED, 4, clock.now()
    assert await reads.awaiting_comment(5, timedelta(minutes=10)) == rated.public_id
    await tickets.create(NewTicket(user_id=5, category="other"))  # a new one, in hand
    assert await reads.awaiting_comment(5, timedelta(minutes=10)) is None
    clock.advance(3600)
    assert await reads.awaiting_comment(5, timedelta(minutes=10)) is None


async def test_the_queue_puts_urgent_first_then_the_longest_waiting(
    engine: AsyncEngine, clock: ManualClock
) -> None:
    sessions = make_sessionmaker(engine)
    await UserStore(sessions, clock).seen(6, "en")
    tickets, reads = TicketStore(sessions, clock), TicketReads(sessions, clock)
    made = []
    for priority in (TicketPriority.NORMAL, TicketPriority.NORMAL, TicketPriority.URGENT):
        ticket = await tickets.create(NewTicket(user_id=6, category="other", priority=priority))
        async with sessions.begin() as session:
            row = await tickets.by_public_id(ticket.public_id, session)
            assert row is not None
            row.status, row.status_at = TicketStatus.OPEN, clock.now()
        made.append(ticket.public_id)
        clock.advance(60)
    places = [await reads.queue_place(await tickets.by_public_id(p)) for p in made]
    assert places == [2, 3, 1]
    assert await reads.queue_place(None) == 4, "a new one goes after them"
