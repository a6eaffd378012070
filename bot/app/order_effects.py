"""The order dialogs' effects inside an update's unit of work (dialogs/orders/actions.py):
a lookup recorded, a challenge kept or dropped, a user set to hear of a channel's
recovery, a ticket's order snapshot renewed and its card redrawn."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot.app.order_checks import SqlOrderChecks
from bot.app.unit_of_work import UnitOfWork
from bot.storage import order_log
from bot.storage.models import Ticket
from bot.storage.tickets import TicketStore
from dialogs.events import Inbound
from dialogs.orders.actions import (
    KeepCheck,
    OrderAction,
    RecordLookup,
    SetSnapshot,
    WatchChannel,
)


class OrderEffects:
    """Applies the order actions; ``refresh`` redraws a ticket's card
    (DeskChanges.refresh)."""

    def __init__(
        self,
        tickets: TicketStore,
        checks: SqlOrderChecks,
        refresh: Callable[[UnitOfWork, Ticket], Awaitable[None]],
    ) -> None:
        self._tickets = tickets
        self._checks = checks
        self._refresh = refresh

    async def apply(self, unit: UnitOfWork, event: Inbound, action: OrderAction) -> None:
        session = unit.session
        match action:
            case RecordLookup(number=number, result=result, ticket=ticket):
                order_log.record(session, event.user_id, number, result, unit.now, ticket)
            case KeepCheck(data=data):
                await self._checks.keep(session, event.user_id, data, unit.now)
            case WatchChannel(channel=channel):
                await order_log.watch(session, channel, event.user_id, unit.now)
            case SetSnapshot(ticket=public_id, snapshot=snapshot):
                ticket = await self._tickets.by_public_id(public_id, session)
                if ticket is not None:
                    ticket.order_snapshot = _owned(ticket.order_snapshot, snapshot)
                    await self._refresh(unit, ticket)


def _owned(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, Any]:
    """A refreshed snapshot keeps how its user showed the order was theirs: an agent's
    lookup proves nothing of that either way."""
    if before and before.get("number") == after.get("number") and before.get("owner"):
        return {**after, "owner": before["owner"]}
    return after
