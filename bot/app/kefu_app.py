"""kefu's application core, shared by every runtime: an event in, actions applied, messages out.

The composition root (bot/composition.py) builds a :class:`KefuApp` over a library's
transport; a runtime feeds it Inbound events through :meth:`KefuApp.dispatch` (per-chat
order), starts it, and closes it on shutdown.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app.albums import AlbumCollector
from bot.app.chat_order import ChatOrder, RedisChatLock
from bot.app.commands import command_menus
from bot.app.executor import Executor, SendFailed, Stores
from bot.app.handling import Handling
from bot.app.housekeeping import Housekeeping
from bot.app.i18n import Translator, locale_for
from bot.app.jobs import JobRunner, JobTuning
from bot.app.render import Renderer
from bot.app.ticket_lookup import StoreTicketLookup
from bot.config import Settings
from bot.storage.database import make_sessionmaker
from bot.storage.drafts import RedisDraftStore, SqlDraftStore
from bot.storage.jobs import JobStore
from bot.storage.tickets import TicketStore
from bot.storage.users import UserStore
from bot.support.clock import Clock
from bot.support.waiting import first_done
from bot.telegram.errors import TelegramError
from bot.telegram.ops import OpResult
from bot.telegram.outbox import Outbox, OutboxClosed, OutboxLimits, Priority, Transport
from dialogs.content import Content
from dialogs.events import Context, Inbound
from dialogs.ports.drafts import DraftStore
from dialogs.router import Router
from dialogs.views import Text, View

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Tuning:
    """Numbers a deployment may change (tests make them small or large)."""

    outbox: OutboxLimits = field(default_factory=OutboxLimits)
    parallel_chats: int = 64
    drain_timeout: float = 10.0
    album_wait: float = 0.8  # seconds without a new album item before the album is closed
    # An update counts as handled once its replies are sent, or after this long queued.
    delivery_wait: float = 10.0
    # While an update is in hand it stays unconfirmed and getUpdates returns it at once;
    # the poller then waits this long (or for it to finish) before asking again.
    busy_poll_interval: float = 0.25
    alert_every: float = 3600.0  # seconds between two alerts about the same lost group
    # getMe at start: how long in all, retries included, and the pauses between tries.
    startup_check: float = 8.0
    startup_retries: tuple[float, ...] = (0.5, 1.5)
    jobs: JobTuning = field(default_factory=JobTuning)
    purge_jobs_every: float = 86400.0  # seconds between two purges of finished jobs
    keep_finished_jobs: float = 7 * 86400.0  # seconds a done or failed job row is kept


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
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.tuning = tuning or Tuning()
        sessions = make_sessionmaker(engine)
        self.users = UserStore(sessions, clock)
        self.tickets = TicketStore(sessions, clock)
        self.translator = translator or Translator()
        self.outbox = Outbox(
            transport,
            clock,
            self.tuning.outbox,
            on_blocked=self._user_blocked,
            on_group_forbidden=self._group_lost,
        )
        self.drafts: DraftStore = (
            RedisDraftStore(redis) if redis is not None else SqlDraftStore(sessions, clock)
        )
        self.executor = Executor(
            Renderer(self.translator),
            self.outbox,
            Stores(self.users, self.tickets, self.drafts),
            clock,
            agent_chat_id=settings.agent_chat_id,
            desk_locale=settings.default_locale,
            result_wait=self.tuning.delivery_wait,
        )
        self.router = Router(
            content,
            StoreTicketLookup(self.tickets),
            self.drafts,
            settings.tz,
            # Without an agents' desk nobody will reply: the dialogs then promise no reply.
            reply_within=(
                settings.first_reply_minutes if settings.agent_chat_id is not None else None
            ),
        )
        lock = RedisChatLock(redis) if redis is not None else None
        self.order = ChatOrder(self.tuning.parallel_chats, lock)
        self.albums = AlbumCollector(clock, self._queue, self.tuning.album_wait)
        job_store = JobStore(sessions, clock)
        self.housekeeping = Housekeeping(
            job_store, clock, self.tuning.purge_jobs_every, self.tuning.keep_finished_jobs
        )
        # Features add their job kinds here (SLA reminders, scheduled notices...).
        self.jobs = JobRunner(job_store, clock, self.housekeeping.handlers(), self.tuning.jobs)
        self._alerted: dict[int, float] = {}  # group id -> when the admins were last alerted

    async def start(self) -> None:
        """Start sending, set the command menus, start the job runner."""
        await self.outbox.start()
        await self._set_commands()
        await self.housekeeping.schedule()
        await self.jobs.start()

    async def _set_commands(self) -> None:
        """The command menu per language; a refusal is logged and kefu serves anyway."""
        for menu in command_menus(self.translator, self.settings.default_locale):
            try:
                await self.outbox.send(menu, Priority.ANSWER)
            except TelegramError as exc:
                log.error("setMyCommands (%s) failed: %s", menu.language_code, exc.description)

    def dispatch(self, event: Inbound) -> Handling:
        """Queue an event behind earlier ones of its chat (album items are gathered first
        and handled as one event); see :class:`Handling` for what can be awaited."""
        return self.albums.submit(event)

    def _queue(self, event: Inbound) -> Handling:
        handled: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done = self.order.submit(event.chat_id, lambda: self.handle(event, handled))
        _chain_failure(done, handled)
        return Handling(handled, done)

    async def handle(self, event: Inbound, handled: asyncio.Future[None] | None = None) -> None:
        locale = self.settings.default_locale
        try:
            if event.is_private:
                guess = locale_for(event.locale_hint, self.settings.default_locale)
                user = await self.users.seen(event.user_id, guess)
                locale = user.language
            actions = await self.router.route(event, Context(locale=locale))
            applied = await self.executor.apply(event, locale, actions)
            _resolve(handled)
            await self._delivered(applied.sent)
        except OutboxClosed:
            log.warning("event of chat %s arrived while shutting down", event.chat_id)
        except SendFailed as exc:  # the chat was told when the message failed
            log.warning("an event of chat %s stopped: a message failed (%s)", event.chat_id, exc)
        except Exception:
            log.exception("handling an event of chat %s failed", event.chat_id)
            if event.is_private:
                self.executor.apologise(event.chat_id, locale)
        finally:
            _resolve(handled)

    async def _delivered(self, sent: list[asyncio.Future[OpResult]]) -> None:
        """Wait until the replies are out (or ``delivery_wait`` passed), without cancelling
        them: the update is confirmed to Telegram only after this."""
        if not sent:
            return
        everything = asyncio.gather(*(asyncio.shield(f) for f in sent), return_exceptions=True)
        await first_done(everything, self.clock.sleep(self.tuning.delivery_wait))

    async def close(self) -> None:
        """Finish the events in hand, then flush the outbox."""
        self.albums.flush_all()
        await first_done(self.order.drain(), self.clock.sleep(self.tuning.drain_timeout))
        if self.order.in_hand:  # a stuck handler must not hold shutdown for ever
            log.error("shutting down with %s updates still in hand", self.order.in_hand)
        await self.jobs.close()
        await self.outbox.close(self.tuning.drain_timeout)

    async def _user_blocked(self, chat_id: int) -> None:
        log.info("user %s blocked the bot; nothing more is sent to them", chat_id)
        await self.users.mark_blocked(chat_id)

    async def _group_lost(self, chat_id: int, error: TelegramError) -> None:
        log.error("the bot lost group %s: %s", chat_id, error.description)
        now = self.clock.monotonic()
        last = self._alerted.get(chat_id)
        if last is not None and now - last < self.tuning.alert_every:
            return  # the admins know already; one alert per group per alert_every
        self._alerted[chat_id] = now
        for admin in self.settings.admin_ids:
            user = await self.users.get(admin)
            locale = user.language if user else self.settings.default_locale
            view = View(
                parts=(
                    Text.of("alert-group-forbidden", chat=str(chat_id), reason=error.description),
                )
            )
            self.executor.send(admin, view, locale, priority=Priority.DESK)


def _resolve(future: asyncio.Future[None] | None) -> None:
    if future is not None and not future.done():
        future.set_result(None)


def _chain_failure(done: asyncio.Future[None], handled: asyncio.Future[None]) -> None:
    """A job that never ran (its chat stayed locked) was not handled either."""

    def copy(f: asyncio.Future[None]) -> None:
        if not handled.done() and not f.cancelled() and f.exception() is not None:
            handled.set_exception(f.exception())  # type: ignore[arg-type]

    done.add_done_callback(copy)
