"""kefu's application core, shared by every runtime: an event in, actions applied, messages out.

A runtime builds a :class:`KefuApp` with its transport, feeds it Inbound events through
:meth:`KefuApp.dispatch` (per-chat order), and closes it on shutdown.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.chat_order import ChatOrder, RedisChatLock
from bot.clock import Clock
from bot.config import Settings
from bot.executor import Executor
from bot.i18n import Translator, locale_for
from bot.outbox import Outbox, OutboxClosed, OutboxLimits, Priority, Transport
from bot.render import Renderer
from bot.storage.database import make_sessionmaker
from bot.storage.tickets import TicketStore
from bot.storage.users import UserStore
from bot.telegram_errors import TelegramError
from dialogs.content import Content
from dialogs.events import Inbound
from dialogs.ports import Context, TicketSummary
from dialogs.router import Router
from dialogs.views import Text, View

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Tuning:
    """Numbers a deployment may change (tests make them small or large)."""

    outbox: OutboxLimits = field(default_factory=OutboxLimits)
    parallel_chats: int = 64
    drain_timeout: float = 10.0


class StoreTicketLookup:
    """The dialogs' TicketLookup port over the ticket store."""

    def __init__(self, tickets: TicketStore) -> None:
        self._tickets = tickets

    async def recent(self, user_id: int, limit: int) -> list[TicketSummary]:
        rows = await self._tickets.for_user(user_id, limit)
        return [TicketSummary(t.public_id, t.category, t.status, t.created_at) for t in rows]


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
        self.executor = Executor(Renderer(self.translator), self.outbox, self.users)
        self.router = Router(content, StoreTicketLookup(self.tickets), settings.tz)
        lock = RedisChatLock(redis) if redis is not None else None
        self.order = ChatOrder(self.tuning.parallel_chats, lock)

    async def start(self) -> None:
        await self.outbox.start()

    def dispatch(self, event: Inbound) -> asyncio.Future[None]:
        """Queue an event behind earlier ones of its chat; the future resolves once handled."""
        return self.order.submit(event.chat_id, lambda: self.handle(event))

    async def handle(self, event: Inbound) -> None:
        locale = self.settings.default_locale
        try:
            if event.is_private:
                guess = locale_for(event.locale_hint, self.settings.default_locale)
                user = await self.users.seen(event.user_id, guess)
                locale = user.language
            actions = await self.router.route(event, Context(locale=locale))
            await self.executor.apply(event, locale, actions)
        except OutboxClosed:
            log.warning("event of chat %s arrived while shutting down", event.chat_id)
        except Exception:
            log.exception("handling an event of chat %s failed", event.chat_id)
            if event.is_private:
                self.executor.send(event.chat_id, View(parts=(Text.of("error-try-again"),)), locale)

    async def close(self) -> None:
        """Finish the events in hand, then flush the outbox."""
        await self.order.drain()
        await self.outbox.close(self.tuning.drain_timeout)

    async def _user_blocked(self, chat_id: int) -> None:
        log.info("user %s blocked the bot; nothing more is sent to them", chat_id)
        await self.users.mark_blocked(chat_id)

    async def _group_lost(self, chat_id: int, error: TelegramError) -> None:
        log.error("the bot lost group %s: %s", chat_id, error.description)
        for admin in self.settings.admin_ids:
            user = await self.users.get(admin)
            locale = user.language if user else self.settings.default_locale
            view = View(
                parts=(
                    Text.of("alert-group-forbidden", chat=str(chat_id), reason=error.description),
                )
            )
            self.executor.send(admin, view, locale, priority=Priority.DESK)
