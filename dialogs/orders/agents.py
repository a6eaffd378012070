"""Orders as agents meet them: /order <number> anywhere in their group, and a card's
Refresh. Agents skip the ownership check (they see any order, its account too), and each
of their lookups is recorded, by whom and for which ticket."""

from __future__ import annotations

from dialogs.actions import Action, AnswerButton, Send
from dialogs.events import Inbound
from dialogs.orders import checks as marks
from dialogs.orders.actions import RecordLookup, SetSnapshot
from dialogs.orders.asking import NUMBER, OrderAsking, Unavailable
from dialogs.orders.health import troubled
from dialogs.orders.snapshot import failed_snapshot, snapshot_of, unknown_snapshot
from dialogs.orders.views import channel_view, order_lines, say
from dialogs.ports.desk import DeskTicket
from dialogs.views import Label, Text, View


class OrderAgents:
    """The agents' side of orders, over the users' (its backend, limits and timeout)."""

    def __init__(self, asking: OrderAsking) -> None:
        self.asking = asking

    async def command(self, event: Inbound, ticket: DeskTicket | None) -> list[Action]:
        """/order <number>: the order, whoever's it is. In a ticket's topic, /order alone
        refreshes the ticket's order."""
        number = (event.command_args or "").strip()
        if not number and ticket is not None:
            return await self.refresh(event, ticket, said=True)
        if not NUMBER.fullmatch(number):
            return [Send(say("desk-order-usage"), reply_to=event.message_id)]
        where = ticket.public_id if ticket is not None else None
        record = RecordLookup(number, marks.AGENT, where)
        try:
            order = await self.asking.call(self.asking.backend.find(number, event.user_id))
        except Unavailable:
            return [
                record,
                Send(say("desk-order-failed", number=number), reply_to=event.message_id),
            ]
        if order is None:
            return [
                record,
                Send(say("desk-order-unknown", number=number), reply_to=event.message_id),
            ]
        lines: list[Label] = order_lines(order, self.asking.tz, account=True)
        health = await self.asking.health(order.channel)
        share = self.asking.policy.delayed_share
        if health is not None and troubled(health, share):
            lines.extend(channel_view(health, share, self.asking.tz).parts)
        return [record, Send(View(parts=tuple(lines), separator="\n"), reply_to=event.message_id)]

    async def refresh(self, event: Inbound, ticket: DeskTicket, said: bool = False) -> list[Action]:
        """The card's Refresh: the ticket's order fetched again, the card redrawn with it
        (``said``: asked by command, answered in the topic, not by a button's notice)."""
        number = ticket.order_number
        if not number:
            return _told(Text.of("desk-order-none"), said, event)
        now = self.asking.checks.now()
        try:
            order = await self.asking.call(self.asking.backend.find(number, event.user_id))
        except Unavailable:
            snapshot, notice = failed_snapshot(number, now), Text.of("desk-order-refresh-failed")
        else:
            found = order is not None
            snapshot = snapshot_of(order, None) if order else unknown_snapshot(number, now)
            notice = Text.of("desk-order-refreshed" if found else "desk-order-refresh-unknown")
        record = RecordLookup(number, marks.AGENT, ticket.public_id)
        return [*_told(notice, said, event), record, SetSnapshot(ticket.public_id, snapshot)]


def _told(notice: Text, said: bool, event: Inbound) -> list[Action]:
    if said:
        return [Send(View(parts=(notice,)), reply_to=event.message_id)]
    return [AnswerButton(notice)]
