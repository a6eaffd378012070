"""The desk's clock on the durable job runner: one recurring job looks, every
``Tuning.desk_clock_every`` seconds, for tickets whose time has come (dialogs.tickets.clock
decides what is due) and acts on each in its own unit of work.

The timers are the tickets' own times (status_at, reminded_at), not a job per ticket: a
restart, a second instance or a ticket that changed meanwhile all see the same truth, and
nothing has to be cancelled when a ticket moves on. Each ticket is re-read locked before
acting, so a user's message that just arrived wins over the clock.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from bot.app import ticket_life as life
from bot.app.desk_work import DeskWork
from bot.app.executor import Executor
from bot.app.jobs import Handler
from bot.app.notify import Notify
from bot.app.unit_of_work import UnitOfWork, UnitsOfWork
from bot.observe.logs import log_context
from bot.storage.desk_stats import tally
from bot.storage.jobs import JobStore
from bot.storage.models import Ticket
from bot.support.clock import Clock
from bot.telegram.ops import SendText
from bot.telegram.outbox import Priority
from dialogs.content import Content
from dialogs.desk import reminders
from dialogs.tickets.clock import DUE_IN, ClockFacts, Due, due, resolve_by
from dialogs.tickets.status import TicketStatus

log = logging.getLogger(__name__)
DESK_CLOCK = "desk-clock"


class DeskClock:
    """Schedules the clock's job and runs its passes."""

    def __init__(
        self,
        jobs: JobStore,
        units: UnitsOfWork,
        executor: Executor,
        content: Content,
        work: DeskWork,
        clock: Clock,
        every: float,
        batch: int = 200,
        digest_from: int = 5,
    ) -> None:
        """``digest_from``: this many tickets past the SLA in one look are told in one
        message a group."""
        self._jobs = jobs
        self._units = units
        self._users, self._tickets = executor.stores.users, executor.stores.tickets
        self._reads = work.reads
        self._executor = executor
        self._content = content
        self._policy = work.policy
        self._is_open = work.is_open
        self._clock = clock
        self._every = timedelta(seconds=every)
        self._batch = batch
        self._digest_from = digest_from
        self._money = tuple(c.id for c in content.categories if c.money)

    def handlers(self) -> dict[str, Handler]:
        return {DESK_CLOCK: self._pass}

    async def schedule(self) -> None:
        at = self._clock.now() + self._every
        await self._jobs.schedule(DESK_CLOCK, {}, at, key=DESK_CLOCK, keep_pending=True)

    async def _pass(self, payload: dict[str, Any]) -> datetime:
        await self.run_once()
        return self._clock.now() + self._every

    async def run_once(self) -> int:
        """One look at every kind of due thing; how many tickets were acted on."""
        now = self._clock.now()
        desk_open = self._is_open(now)
        acted = 0
        for kind in Due:
            status = DUE_IN[kind]
            unreminded = kind in (Due.REMIND_DESK, Due.REMIND_USER)
            before = self._policy.since(kind, now, desk_open=desk_open)
            # After hours only urgent tickets and missing money alert: only they are read,
            # so a night's queue of others cannot crowd them out of the batch.
            alerting = self._money if kind is Due.REMIND_DESK and not desk_open else None
            found = await self._reads.due(
                status, before, self._batch, unreminded=unreminded, alerting=alerting
            )
            if kind is Due.REMIND_DESK and desk_open and len(found) >= self._digest_from:
                acted += await self._digest(found)  # an outage: one line, not one a ticket
                continue
            for public_id in found:
                try:
                    acted += await self._act(public_id)
                except Exception:  # one ticket's failure must not stop the others' timers
                    log.exception("the desk's clock failed on %s; next pass tries again", public_id)
        for public_id in await self._reads.holding(self._batch):
            try:
                acted += await self._flush(public_id)
            except Exception:
                log.exception("relaying what %s held failed; next pass tries again", public_id)
        return acted

    async def _flush(self, public_id: str) -> bool:
        """A flooding user's held messages, as one relay once the flood's window ended
        (counted from the first held: the user hears "in a minute or two")."""
        window = self._content.desk.flood.seconds
        async with log_context(ticket=public_id), self._units.begin() as unit:
            ticket = await self._tickets.by_public_id(public_id, unit.session)
            if ticket is None or not ticket.held:
                return False
            if unit.now.timestamp() - ticket.held[0][1] < window:
                return False
            count = await self._executor.desk.relay_held(unit, ticket)
            await tally(unit.session, "flood_merged", unit.now, count)
            return True

    async def _act(self, public_id: str) -> bool:
        async with log_context(ticket=public_id), self._units.begin() as unit:
            ticket = await self._tickets.by_public_id(public_id, unit.session)
            what = self._due(unit, ticket)
            if ticket is None or what is None:
                return False
            await self._do(unit, ticket, what)
            return True

    def _due(self, unit: UnitOfWork, ticket: Ticket | None) -> Due | None:
        """What is due for the ticket (read locked), if anything."""
        if ticket is None or ticket.status_at is None:
            return None
        category = self._content.category(ticket.category)
        facts = ClockFacts(
            TicketStatus(ticket.status),
            ticket.status_at,
            ticket.reminded_at,
            ticket.priority,
            money_missing=category is not None and category.money,
        )
        return due(facts, unit.now, self._policy, desk_open=self._is_open(unit.now))

    async def _digest(self, found: list[str]) -> int:
        """Many tickets past the SLA at once (an outage): each group hears of its own in
        one message in its General topic, rather than one reminder a ticket spending the
        group's 20 a minute while users wait for their messages to get through."""
        by_group: dict[int, list[tuple[str, int]]] = {}
        async with self._units.begin() as unit:
            for public_id in found:
                ticket = await self._tickets.by_public_id(public_id, unit.session)
                if ticket is None or self._due(unit, ticket) is not Due.REMIND_DESK:
                    continue
                chat = await self._executor.groups.chat_for(unit, ticket)
                if chat is None:
                    continue
                ticket.reminded_at = unit.now
                life.record(unit.session, ticket, unit.now, "reminded", {"to": "desk"})
                minutes = int((unit.now - ticket.created_at).total_seconds() // 60)
                by_group.setdefault(chat, []).append((ticket.public_id, minutes))
            agents = await self._reads.on_duty()
            locale = self._executor.desk_locale
            for chat, waiting in by_group.items():
                view = reminders.View(parts=(reminders.desk_digest(waiting, agents),))
                text = self._executor.renderer.text(view, locale)
                self._executor.queue(
                    unit, SendText(chat, text), Priority.DESK, Notify.ADMINS, locale
                )
        return sum(len(w) for w in by_group.values())

    async def _do(self, unit: UnitOfWork, ticket: Ticket, what: Due) -> None:
        changes = self._executor.changes
        match what:
            case Due.REMIND_DESK:
                ticket.reminded_at = unit.now
                minutes = int((unit.now - ticket.created_at).total_seconds() // 60)
                agents = await self._reads.on_duty()
                life.record(unit.session, ticket, unit.now, "reminded", {"to": "desk"})
                if self._is_open(unit.now):
                    said = reminders.desk_reminder(ticket.public_id, minutes, agents)
                else:
                    said = reminders.after_hours_alert(ticket.public_id, agents)
                await changes.tell_topic(unit, ticket, said)
            case Due.REMIND_USER:
                ticket.reminded_at = unit.now
                life.record(unit.session, ticket, unit.now, "reminded", {"to": "user"})
                assert ticket.status_at is not None
                by = resolve_by(ticket.status_at, self._policy).astimezone(self._executor.place.tz)
                await self._tell_user(unit, ticket, reminders.user_reminder(ticket.public_id, by))
            case Due.AUTO_RESOLVE:
                life.move(unit.session, ticket, TicketStatus.RESOLVED, unit.now)
                await changes.refresh(unit, ticket)
                await changes.tell_topic(
                    unit, ticket, reminders.auto_resolved_desk(ticket.public_id)
                )
                await self._tell_user(unit, ticket, reminders.auto_resolved(ticket.public_id))
            case Due.CLOSE:
                life.move(unit.session, ticket, TicketStatus.CLOSED, unit.now)
                await changes.refresh(unit, ticket)

    async def _tell_user(self, unit: UnitOfWork, ticket: Ticket, view: reminders.View) -> None:
        user = await self._users.get(ticket.user_id, unit.session)
        locale = user.language if user is not None else self._executor.desk_locale
        await self._executor.send(
            unit,
            ticket.user_id,
            view,
            locale,
            notify=Notify.DESK,
            ticket_id=ticket.id,
        )
