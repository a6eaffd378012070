"""Paid orders later than their channel's usual time, on open tickets (read by the
channel watch, bot.app.channel_watch): the ticket is raised to high and tagged, the topic
told; where the shop can re-deliver, kefu asks it once an order (``order_redeliveries``
takes the one ask, across instances and restarts), tells the user what came of it, and
records it in the ticket's trail."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from bot.app import ticket_life as life
from bot.app.executor import Executor
from bot.app.unit_of_work import UnitsOfWork
from bot.storage import order_log
from bot.storage.models import Ticket
from bot.support.clock import Clock
from dialogs.actions import ChangeTicket
from dialogs.orders import incidents
from dialogs.orders.asking import OrderAsking, Unavailable
from dialogs.orders.snapshot import Snapshot, snapshot_of
from dialogs.ports.orders import Capability, ChannelHealth, OrderStatus
from dialogs.tickets.priority import TicketPriority

KEFU = 0  # the actor of kefu's own changes to a ticket
Tell = Callable[..., Awaitable[None]]


class LateOrders:
    """Acts on an open ticket whose paid order is late."""

    def __init__(
        self,
        units: UnitsOfWork,
        executor: Executor,
        asking: OrderAsking,
        clock: Clock,
        tell: Tell,
    ) -> None:
        """``tell(unit, user_id, view, ticket_id=...)``: a message to a user, in their
        language."""
        self._units = units
        self._executor = executor
        self._asking = asking
        self._clock = clock
        self._tell = tell

    async def check(self, ticket: Ticket, healths: dict[str, ChannelHealth]) -> None:
        """A paid order later than its channel's usual time: the ticket raised and
        tagged, and (once an order) the shop asked to deliver it again."""
        snapshot = Snapshot.read(ticket.order_snapshot)
        health = healths.get(snapshot.channel) if snapshot is not None else None
        if snapshot is None or health is None or snapshot.paid_at is None:
            return
        if snapshot.status is not OrderStatus.PAID_DELIVERING or incidents.LATE_TAG in ticket.tags:
            return
        now = self._clock.now()
        expected = snapshot.paid_at + timedelta(seconds=health.average_arrival_seconds)
        if now <= expected:
            return
        minutes = int((now - snapshot.paid_at).total_seconds() // 60)
        async with self._units.begin() as unit:
            raise_to = (
                TicketPriority.HIGH
                if ticket.priority in (TicketPriority.LOW, TicketPriority.NORMAL)
                else None
            )
            change = ChangeTicket(ticket.public_id, KEFU, "kefu", priority=raise_to,
                                  priority_reason=f"late:{snapshot.channel}" if raise_to else None,
                                  add_tags=(incidents.LATE_TAG,))  # fmt: skip
            await self._executor.changes.change(unit, change)
            fresh = await self._executor.stores.tickets.by_public_id(ticket.public_id, unit.session)
            assert fresh is not None
            note = incidents.late_note(snapshot.number, snapshot.channel, minutes)
            await self._executor.changes.tell_topic(unit, fresh, note)
            can = Capability.REDELIVER in self._asking.backend.capabilities
            ours = can and await order_log.claim_redelivery(
                unit.session, snapshot.number, ticket.public_id, unit.now
            )
        if ours:
            await self._redeliver(ticket, snapshot)

    async def _redeliver(self, ticket: Ticket, snapshot: Snapshot) -> None:
        backend = self._asking.backend
        order = None
        try:
            done = await self._asking.call(backend.redeliver(snapshot.number))
            outcome = "redelivered" if done else "nothing"
            order = await self._asking.call(backend.find(snapshot.number, ticket.user_id))
        except Unavailable:
            outcome = "failed"
        async with self._units.begin() as unit:
            row = await order_log.redelivery(unit.session, snapshot.number)
            if row is not None:
                row.outcome = outcome
            fresh = await self._executor.stores.tickets.by_public_id(ticket.public_id, unit.session)
            if fresh is None:
                return
            life.record(
                unit.session,
                fresh,
                unit.now,
                "redelivery",
                {"order": snapshot.number, "outcome": outcome},
                "kefu",
                KEFU,
            )
            if order is not None:
                fresh.order_snapshot = snapshot_of(order, snapshot.owner)
                await self._executor.changes.refresh(unit, fresh)
            await self._executor.changes.tell_topic(
                unit, fresh, incidents.redelivery_note(snapshot.number, outcome)
            )
            if outcome != "failed":
                view = incidents.redelivery_user_view(snapshot.number, outcome)
                await self._tell(unit, fresh.user_id, view, ticket_id=fresh.id)
