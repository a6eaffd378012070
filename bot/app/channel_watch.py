"""Payment channels watched on the durable job runner: one recurring job reads every
channel's health from the order backend each ``Tuning.channel_watch_every`` seconds and
acts on what changed.

- A channel's state changes (the shop's word, or kefu's own reading of its share of late
  orders): the desk (its General topic) and the admins hear once; kefu's last word is kept
  (``channel_marks``), so a restart or a second instance tells nothing twice. Back to ok:
  every user who asked ("Tell me when it recovers") hears it.
- Several open tickets name a troubled channel: the desk gets one incident topic listing
  them, and their users are told kefu knows and will tell them when it recovers.
- A paid order on an open ticket is later than its channel's usual time: see
  bot.app.late_orders.

The backend is asked outside any transaction: the demo shop writes to the same database.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from bot.app.executor import Executor
from bot.app.jobs import Handler
from bot.app.late_orders import KEFU, LateOrders
from bot.app.notify import Notify
from bot.app.unit_of_work import UnitOfWork, UnitsOfWork
from bot.storage import desk_settings, order_log
from bot.storage.jobs import JobStore
from bot.storage.models import Ticket
from bot.support.clock import Clock
from bot.telegram.errors import TelegramError
from bot.telegram.ops import CreateTopic, SendText
from bot.telegram.outbox import Priority, Transport
from dialogs.actions import ChangeTicket
from dialogs.desk.groups import moved
from dialogs.orders import incidents
from dialogs.orders.asking import OrderAsking, Unavailable
from dialogs.orders.health import effective
from dialogs.orders.snapshot import Snapshot
from dialogs.ports.orders import ChannelHealth, ChannelState
from dialogs.views import View

log = logging.getLogger(__name__)
CHANNEL_WATCH = "channel-watch"


class ChannelWatch:
    """Schedules the watch's job and runs its passes."""

    def __init__(
        self,
        jobs: JobStore,
        units: UnitsOfWork,
        executor: Executor,
        asking: OrderAsking,
        transport: Transport,
        clock: Clock,
        *,
        every: float,
        admins: list[int],
        channel_field: str,
        incident_from: int = 3,
        open_within: timedelta = timedelta(days=3),
    ) -> None:
        """``incident_from``: this many open tickets naming a troubled channel make an
        incident; ``open_within``: tickets filed this recently are read."""
        self._jobs = jobs
        self._units = units
        self._executor = executor
        self._asking = asking
        self._transport = transport
        self._clock = clock
        self._every = timedelta(seconds=every)
        self._admins = admins
        self._field = channel_field
        self._incident_from = incident_from
        self._open_within = open_within
        self._share = asking.policy.delayed_share
        self._late = LateOrders(units, executor, asking, clock, self._to_user)

    def handlers(self) -> dict[str, Handler]:
        return {CHANNEL_WATCH: self._pass}

    async def schedule(self) -> None:
        at = self._clock.now() + self._every
        await self._jobs.schedule(CHANNEL_WATCH, {}, at, key=CHANNEL_WATCH, keep_pending=True)

    async def _pass(self, payload: dict[str, Any]) -> datetime:
        await self.run_once()
        return self._clock.now() + self._every

    async def run_once(self) -> None:
        """One look at every channel, its incident, and the late orders of open tickets."""
        backend = self._asking.backend
        try:
            healths = await self._asking.call(backend.channels())
        except Unavailable:
            return  # the shop is not answering: nothing is known to have changed
        async with self._units.begin() as unit:
            marks = {c: (m.state, dict(m.incident or {}), list(m.tickets))
                     for c, m in (await order_log.channel_marks(unit.session)).items()}  # fmt: skip
            tickets = await order_log.open_tickets(unit.session, unit.now - self._open_within)
            naming = {h.channel: [t.public_id for t in tickets if self._names(t, h.channel)]
                      for h in healths}  # fmt: skip
        for health in healths:
            state = effective(health, self._share)
            before, incident, listed = marks.get(health.channel, ("ok", {}, []))
            if state.value != before:
                await self._changed(health, state, incident)
                incident, listed = ({}, []) if state is ChannelState.OK else (incident, listed)
            if state is not ChannelState.OK:
                await self._incident(health, naming[health.channel], incident, listed)
        for ticket in tickets:
            await self._late.check(ticket, {h.channel: h for h in healths})

    def _names(self, ticket: Ticket, channel: str) -> bool:
        snapshot = Snapshot.read(ticket.order_snapshot)
        return ticket.fields.get(self._field) == channel or (
            snapshot is not None and snapshot.channel == channel
        )

    async def _changed(self, health: ChannelHealth, state: ChannelState, incident: dict) -> None:
        """A new state told once to the desk and the admins; back to ok, to its watchers
        and in its incident's topic."""
        channel = health.channel
        async with self._units.begin() as unit:
            await order_log.mark(unit.session, channel, state.value, unit.now)
            alert = incidents.alert_view(health, self._share, self._executor.place.tz)
            await self._to_desk(unit, alert, None)
            for admin in self._admins:
                await self._to_user(unit, admin, alert, Priority.DESK)
            if state is not ChannelState.OK:
                return
            watchers = await order_log.watchers(unit.session, channel)
            for user_id in watchers:
                await self._to_user(unit, user_id, incidents.recovered_view(channel))
            await order_log.forget_watchers(unit.session, channel, watchers)
            if incident:
                over = incidents.incident_over_view(channel, len(watchers))
                await self._to_desk(unit, over, incident)

    async def _incident(
        self, health: ChannelHealth, naming: list[str], incident: dict, listed: list[str]
    ) -> None:
        """Enough open tickets name the troubled channel: one topic lists them (and each
        newcomer), and their users are told kefu will tell them of the recovery."""
        new = [p for p in naming if p not in listed]
        if not new or (not incident and len(naming) < self._incident_from):
            return
        first = not incident
        if first:
            incident = await self._make_topic(health)
        async with self._units.begin() as unit:
            row = await order_log.mark(
                unit.session, health.channel, effective(health, self._share).value, unit.now
            )
            row.incident, row.tickets = incident, [*listed, *new]
            shown: list[tuple[str, str]] = []
            for public_id in new:
                ticket = await self._executor.stores.tickets.by_public_id(public_id, unit.session)
                if ticket is None:
                    continue
                user = await self._executor.stores.users.get(ticket.user_id, unit.session)
                who = f"@{user.username}" if user and user.username else str(ticket.user_id)
                shown.append((public_id, who))
                await order_log.watch(unit.session, health.channel, ticket.user_id, unit.now)
                view = incidents.incident_user_view(health.channel, public_id)
                await self._to_user(unit, ticket.user_id, view)
                change = ChangeTicket(public_id, KEFU, "kefu", add_tags=(incidents.INCIDENT_TAG,))
                await self._executor.changes.change(unit, change)
            post = incidents.incident_view(health, self._share, shown, first)
            await self._to_desk(unit, post, incident)

    async def _make_topic(self, health: ChannelHealth) -> dict[str, Any]:
        """The incident's topic in the desk: {"chat", "thread"} (no thread: the group's
        General topic, if topics cannot be made there)."""
        async with self._units.begin() as unit:
            chat = await self._desk_chat(unit)
        if chat is None:
            return {"chat": None}
        renderer, locale = self._executor.renderer, self._executor.desk_locale
        name = renderer.plain_label(
            incidents.incident_name(health.channel, effective(health, self._share)), locale
        )
        if not self._executor.place.is_forum(chat):
            return {"chat": chat}
        try:
            made = await self._transport.execute(CreateTopic(chat, name[:128]))
        except TelegramError as exc:
            log.warning("the incident topic was not made in %s: %s", chat, exc.description)
            return {"chat": chat}
        return {"chat": chat, "thread": made.thread_id}

    async def _desk_chat(self, unit: UnitOfWork) -> int | None:
        default = self._executor.place.chat_id
        if default is None:
            return None
        return moved(default, await desk_settings.moves(unit.session))

    async def _to_desk(self, unit: UnitOfWork, view: View, incident: dict | None) -> None:
        """Into the incident's topic, or the desk's General topic."""
        chat = incident.get("chat") if incident else await self._desk_chat(unit)
        if chat is None:
            return
        thread = incident.get("thread") if incident else None
        locale = self._executor.desk_locale
        text = self._executor.renderer.text(view, locale)
        op = SendText(chat, text, thread_id=thread)
        self._executor.queue(unit, op, Priority.DESK, Notify.ADMINS, locale)

    async def _to_user(
        self,
        unit: UnitOfWork,
        user_id: int,
        view: View,
        priority: Priority = Priority.NOTICE,
        ticket_id: int | None = None,
    ) -> None:
        user = await self._executor.stores.users.get(user_id, unit.session)
        locale = user.language if user is not None else self._executor.desk_locale
        notify = Notify.DESK if ticket_id is not None else Notify.USER
        await self._executor.send(
            unit, user_id, view, locale, priority=priority, notify=notify, ticket_id=ticket_id
        )
