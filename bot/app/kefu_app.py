"""kefu's application core, shared by every runtime: an event in, actions applied, messages out.

The composition root (bot/composition.py) builds a :class:`KefuApp` over a library's
transport; a runtime feeds it Inbound events through :meth:`KefuApp.dispatch` (per-chat
order), starts it, and closes it on shutdown.

Each event is one unit of work (bot.app.unit_of_work): its update ids, its effects and its
messages commit together, and the event counts as handled then; the sender
(bot.app.sender) takes the messages to Telegram from there.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app.albums import AlbumCollector
from bot.app.chat_order import ChatOrder, chat_lock
from bot.app.commands import all_menus, set_menus
from bot.app.desk_budget import merged_header
from bot.app.desk_clock import DeskClock
from bot.app.desk_lookup import desk_reads, learn_forums
from bot.app.desk_stats_port import desk_stats
from bot.app.desk_watch import watch_for
from bot.app.desk_work import desk_work
from bot.app.executor import Executor, Notify, Stores
from bot.app.fleet import Fleet
from bot.app.handling import Handling, chain_failure, resolve
from bot.app.housekeeping import Housekeeping
from bot.app.i18n import Translator, locale_for
from bot.app.jobs import JobRunner
from bot.app.kb_parts import knowledge_base
from bot.app.notice_parts import NoticeParts
from bot.app.notices import Notices
from bot.app.order_checks import SqlOrderChecks
from bot.app.order_parts import Shop
from bot.app.render import Renderer
from bot.app.sender import Sender
from bot.app.ticket_lookup import StoreTicketLookup
from bot.app.topic_fill import TopicFill
from bot.app.tuning import Tuning
from bot.app.unit_of_work import Applied, Redelivered, UnitOfWork, UnitsOfWork
from bot.config import Settings
from bot.storage.database import make_sessionmaker
from bot.storage.desk import DeskStore
from bot.storage.drafts import SqlDraftStore
from bot.storage.handled_updates import HandledUpdates
from bot.storage.jobs import JobStore
from bot.storage.kb_log import KbEvents
from bot.storage.leases import LeaseStore
from bot.storage.outbox_rows import OutboxRows
from bot.storage.ticket_reads import TicketReads
from bot.storage.tickets import TicketStore
from bot.storage.users import UserStore
from bot.support.clock import Clock
from bot.support.waiting import first_done
from bot.telegram.errors import RetryAfter, ServerError, TelegramError
from bot.telegram.inbound import addressed_elsewhere
from bot.telegram.ops import AnswerCallback
from bot.telegram.outbox import Outbox, OutboxClosed, Priority, SharedBudget, Transport
from dialogs.actions import Action
from dialogs.content import Content
from dialogs.events import Context, Inbound
from dialogs.router import Router
from dialogs.views import View

if TYPE_CHECKING:
    from redis.asyncio import Redis

log = logging.getLogger(__name__)


class KefuApp:
    """Everything but the messaging library: stores, router, executor, outbox, chat order."""

    def __init__(
        self,
        settings: Settings,
        clock: Clock,
        engine: AsyncEngine,
        transport: Transport,
        content: Content,
        translator: Translator | None = None,
        redis: Redis | None = None,
        tuning: Tuning | None = None,
        read_engine: AsyncEngine | None = None,
    ) -> None:
        """``read_engine``: an engine for reads only, beside ``engine`` (SQLite: see
        bot.storage.database.make_read_engine)."""
        self.settings, self.clock, self._transport = settings, clock, transport
        self.tuning = tuning or Tuning()
        sessions = make_sessionmaker(engine)
        reads = make_sessionmaker(read_engine) if read_engine is not None else None
        self.users = UserStore(sessions, clock, reads, cached=redis is None)  # read_cache.py
        self.tickets = TicketStore(sessions, clock, reads=reads)
        self.translator = translator or Translator()
        self.drafts = SqlDraftStore(sessions, clock, reads, cached=redis is None)
        self.desk = DeskStore(sessions, reads)
        self.order_checks = SqlOrderChecks(reads or sessions, clock, cached=redis is None)
        self.notice_parts = NoticeParts.build(content, sessions, reads, clock, self.users)
        stores = Stores(self.users, self.tickets, self.drafts, self.desk, self.order_checks)
        self.executor = Executor(
            Renderer(self.translator), stores, content,
            agent_chat_id=settings.agent_chat_id, desk_locale=settings.default_locale,
            tz=settings.tz, transport=transport, notices=self.notice_parts.effects,
        )  # fmt: skip
        self.fleet = Fleet(LeaseStore(sessions), clock, self.tuning.fleet, shared=bool(redis))
        self.units = UnitsOfWork(sessions, clock, self._committed, self.fleet.me)
        self.notices = Notices(settings, clock, self.users, self.units, self.executor,
                               self.tuning.alert_every, self.desk)  # fmt: skip
        self.outbox = Outbox(
            transport,
            clock,
            self.tuning.outbox,
            on_blocked=self.notices.user_blocked,
            on_group_forbidden=self._group_forbidden,
            on_retry_after=self.notice_parts.slow_down,
            shared=SharedBudget(redis, self.tuning.outbox, settings.bot_id) if redis else None,
        )
        # A lost lease: what is queued may be another instance's now, so nothing more goes.
        self.fleet.when_lost(lambda: self._spawn(self.outbox.close(0)))
        self.outbox_rows = OutboxRows(sessions)
        self.sender = Sender(
            self.outbox,
            self.outbox_rows,
            clock,
            self.tuning.outbox.retry_horizon,
            on_failed=self.notices.send_failed,
            topics=TopicFill(
                self.desk.place_of,
                clock,
                self.tuning.topic_wait,
                lambda chat: self.watch is not None and self.watch.paused(chat),
            ),
            hold=lambda row, exc: self.watch is not None and self.watch.holds(row.chat_id, exc),
            header=merged_header(self.executor.renderer, settings.tz, settings.default_locale),
            fleet=self.fleet,
        )
        self.watch = watch_for(settings.agent_chat_id, transport, clock, self.tuning,
                               self.notices.alert_admins, self.sender.resend_held)  # fmt: skip
        work = desk_work(settings, content, TicketReads(reads or sessions, clock))
        stores = (self.users, self.tickets, self.desk)
        desk = desk_reads(settings.agent_chat_id, transport, clock, self.tuning, stores, work)
        stats, locale = desk_stats(settings, clock, reads or sessions), settings.default_locale
        self.shop = Shop.build(settings, sessions, self.order_checks, clock)
        self.kb = knowledge_base(settings, content)
        self.router = Router(content, StoreTicketLookup(self.tickets), self.drafts, settings.tz,
                             desk=desk, desk_locale=locale, stats=stats, orders=self.shop.asking,
                             kb=self.kb, notices=self.notice_parts.dialogs(settings))  # fmt: skip
        lock = chat_lock(redis, self.tuning.fleet, settings.bot_id)
        self.order = ChatOrder(self.tuning.parallel_chats, lock)
        self.albums = AlbumCollector(clock, self._queue, self.tuning.album_wait)
        job_store = JobStore(sessions, clock)
        self.housekeeping = Housekeeping(job_store, HandledUpdates(sessions), self.outbox_rows,
                                         clock, self.tuning, KbEvents(sessions))  # fmt: skip
        every = self.tuning.desk_clock_every
        self.desk_clock = DeskClock(
            job_store, self.units, self.executor, content, work, clock, every
        )
        self.channel_watch = self.shop.watch(self, job_store, transport, content)
        handlers = self.housekeeping.handlers() | self.desk_clock.handlers()
        handlers |= self.channel_watch.handlers() if self.channel_watch else {}
        self.broadcasts = self.notice_parts.attach(self, job_store, redis)
        handlers |= self.notice_parts.handlers()
        self.jobs = JobRunner(job_store, clock, handlers, self.tuning.jobs)
        self._side: set[asyncio.Task[None]] = set()  # button answers in flight
        self.bot_username: str | None = None  # told by the runtime once getMe answered

    async def start(self) -> None:
        """Start sending (what was left pending first), set the command menus, start the
        job runner."""
        await self.outbox.start()
        await self.fleet.start(self.sender.beat)
        await self.sender.start()
        chats = await self.executor.groups.known(self.desk)
        if self.watch is not None:
            lost = await learn_forums(self._transport, chats, self.executor.place)
            if lost is not None:
                await self.watch.group_lost(self.watch.chat_id, lost)
        menus = all_menus(self.translator, self.settings, chats)
        await set_menus(self.outbox, menus, self.clock, self.tuning.startup_check)
        await self.housekeeping.schedule()
        await self.desk_clock.schedule()
        if self.channel_watch is not None:
            await self.channel_watch.schedule()
        await self.jobs.start()
        await self.notice_parts.start()

    async def _group_forbidden(self, chat_id: int, error: TelegramError) -> None:
        """The agents' group lost is watched for its return; any other group is an alert."""
        if self.watch is None or not await self.watch.group_lost(chat_id, error):
            await self.notices.group_lost(chat_id, error)

    def dispatch(self, event: Inbound) -> Handling:
        """Queue an event behind earlier ones of its chat (album items are gathered first
        and handled as one event); see :class:`Handling` for what can be awaited."""
        return self.albums.submit(event)

    def _queue(self, event: Inbound) -> Handling:
        handled: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done = self.order.submit(event.chat_id, lambda: self.handle(event, handled))
        chain_failure(done, handled)
        return Handling(handled, done)

    async def handle(self, event: Inbound, handled: asyncio.Future[None] | None = None) -> None:
        """Route the event and apply its actions as one unit of work; a failure is
        apologised for, once, and recorded as handled with the apology."""
        locale = self.settings.default_locale
        if addressed_elsewhere(event, self.bot_username):
            resolve(handled)  # "/ban@groupadminbot" in the agents' group: not kefu's
            return
        try:
            if event.is_private:
                guess = locale_for(event.locale_hint, self.settings.default_locale)
                user = await self.users.seen(event.user_id, guess, event.first_name, event.username)
                locale = user.language
            actions = await self.router.route(event, Context(locale=locale))
            if actions:
                await self.apply(event, locale, actions)
        except Redelivered as exc:
            log.info("%s: its effects are in already, nothing is done twice", exc)
        except Exception as exc:
            log.exception("handling an event of chat %s failed", event.chat_id)
            ours = event.is_private or event.chat_id == self.settings.agent_chat_id
            told = ours and await self.notices.apologise(event, locale)
            if not told and isinstance(exc, DBAPIError | ServerError | RetryAfter):
                # The database (or Telegram, asked who an agent is) is out of reach:
                # nothing was recorded, not even an apology, so the update stays
                # unconfirmed (a webhook answers 5xx, polling takes it again) and comes
                # back.
                if handled is not None and not handled.done():
                    handled.set_exception(exc)
                raise
        finally:
            resolve(handled)

    async def apply(self, event: Inbound, locale: str, actions: list[Action]) -> Applied:
        """Apply ``actions`` for ``event`` in one unit of work recording its update ids."""
        async with self.units.begin(event.update_ids) as unit:
            results = await self.executor.apply(unit, event, locale, actions)
        return Applied(unit.sent, results)

    async def send(
        self,
        chat_id: int,
        view: View,
        locale: str,
        *,
        priority: Priority = Priority.ANSWER,
        notify: str = Notify.USER,
    ) -> None:
        """Send one message outside any update (a notice, an alert): committed as a row,
        then sent as soon as the outbox can (after a restart, if need be)."""
        async with self.units.begin() as unit:
            await self.executor.send(unit, chat_id, view, locale, priority=priority, notify=notify)

    def _committed(self, unit: UnitOfWork) -> None:
        unit.sent.extend(self.sender.take(unit.rows))
        for call in unit.then:
            call()
        for answer in unit.answers:
            self._spawn(self._answer(answer))

    async def _answer(self, answer: AnswerCallback) -> None:
        try:
            await self.outbox.answer_callback(answer)
        except TelegramError as exc:
            # Telegram forgets a button press after some seconds; the reply still goes.
            log.warning("answerCallbackQuery failed: %s", exc.description)
        except OutboxClosed:
            pass  # shutting down: the press is forgotten, its reply is in the outbox

    async def close(self) -> None:
        """Finish the events in hand, then flush the outbox."""
        self.albums.flush_all()
        await first_done(self.order.drain(), self.clock.sleep(self.tuning.drain_timeout))
        if self.order.in_hand:  # a stuck handler must not hold shutdown for ever
            log.error("shutting down with %s updates still in hand", self.order.in_hand)
        await self.jobs.close()
        await self.notice_parts.close()
        if self.watch is not None:
            await self.watch.close()
        await self.fleet.stop()  # nothing adopted while closing
        await self.outbox.close(self.tuning.drain_timeout)
        await self.sender.close()
        await self.fleet.release()
        if self._side:
            await asyncio.gather(*self._side, return_exceptions=True)
        await self.shop.close()

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(work)
        self._side.add(task)
        task.add_done_callback(self._side.discard)
