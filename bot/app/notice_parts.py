"""The notices' parts of an app (issue 15): the broadcasts' store, audiences, the effects of
the notice actions, what the notices' dialogs read, the maintenance windows and, once the
app exists, the broadcasts' sender and the windows' watch."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app.broadcast_rate import LocalRate, RedisRate
from bot.app.broadcast_send import BroadcastSender
from bot.app.jobs import Handler
from bot.app.notice_effects import NoticeEffects
from bot.app.notice_lookup import StoreNoticeLookup
from bot.app.window_lookup import StoreWindowLookup
from bot.app.window_watch import WindowWatch
from bot.config import Settings
from bot.storage.audiences import Audiences
from bot.storage.broadcasts import BroadcastStore
from bot.storage.jobs import JobStore
from bot.storage.users import UserStore
from bot.storage.windows import WindowStore
from bot.support.clock import Clock
from bot.telegram.outbox import Priority
from dialogs.content import Content

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from bot.app.kefu_app import KefuApp


@dataclass
class NoticeParts:
    """What the executor and the broadcasts' sender share."""

    broadcasts: BroadcastStore
    audiences: Audiences
    effects: NoticeEffects
    lookup: StoreNoticeLookup  # what the notices' dialogs read (dialogs/ports/notices.py)
    windows: WindowStore
    window_lookup: StoreWindowLookup  # what the dialogs read of the windows (banner, told first)
    sender: BroadcastSender | None = None
    window_watch: WindowWatch | None = None

    @classmethod
    def build(
        cls,
        content: Content,
        sessions: async_sessionmaker[AsyncSession],
        reads: async_sessionmaker[AsyncSession] | None,
        clock: Clock,
        users: UserStore,
    ) -> NoticeParts:
        broadcasts = BroadcastStore(sessions, clock, reads)
        audiences = Audiences(reads or sessions, content.desk.tags.channel_field)
        lookup = StoreNoticeLookup(users, audiences, reads or sessions, clock)
        windows = WindowStore(sessions, clock, reads)
        window_lookup = StoreWindowLookup(windows, clock)
        # A window an admin made or ended here is seen at once, not after the lookup's ttl.
        effects = NoticeEffects(users, broadcasts, audiences, windows=windows,
                                windows_changed=window_lookup.forget)  # fmt: skip
        return cls(broadcasts, audiences, effects, lookup, windows, window_lookup)

    def dialogs(
        self, settings: Settings
    ) -> tuple[frozenset[int], StoreNoticeLookup, StoreWindowLookup]:
        """What the router's notices are given: the admins (who may /broadcast and
        /maintenance, and press a broadcast's buttons), what they read, and the
        maintenance windows (the menu's banner, users told first)."""
        return frozenset(settings.admin_ids), self.lookup, self.window_lookup

    def attach(self, app: KefuApp, jobs: JobStore, redis: Redis | None) -> BroadcastSender:
        """The parts that need the app: the broadcasts' sender over its outbox, at the
        settings' rates (its limiter shared through Redis when there is one, so every
        instance keeps one rate between them), and the maintenance windows' watch."""
        settings, clock, tuning = app.settings, app.clock, app.tuning
        prefix = f"kefu:{settings.bot_id}:"  # Telegram's limits are a bot's
        rate = RedisRate(redis, clock, prefix) if redis is not None else LocalRate(clock)
        numbers = replace(
            tuning.broadcasts,
            rate=settings.broadcast_rate,
            paid_rate=settings.broadcast_paid_rate,
        )
        renderer = app.executor.renderer
        self.sender = BroadcastSender(self.broadcasts, app.outbox, clock, rate, renderer, numbers)
        self.effects.wake, self.effects.moved = self.sender.wake, self.sender.moved
        self.window_watch = WindowWatch(
            jobs,
            self.windows,
            self.broadcasts,
            self.audiences,
            app.translator,
            app.notices.alert_admins,
            clock,
            every=tuning.window_watch_every,
            lead=tuning.window_lead,
            tz=settings.tz,
            default_locale=settings.default_locale,
            channel_field=self.audiences.channel_field,
            wake=self.sender.wake,
        )
        return self.sender

    def handlers(self) -> dict[str, Handler]:
        return self.window_watch.handlers() if self.window_watch is not None else {}

    async def start(self) -> None:
        if self.window_watch is not None:
            await self.window_watch.schedule()
        if self.sender is not None:
            await self.sender.start()

    async def close(self) -> None:
        """What is in flight is recorded before the outbox shuts."""
        if self.sender is not None:
            await self.sender.close()

    def slow_down(self, seconds: float, priority: Priority) -> None:
        """The outbox met a 429 (see BroadcastSender.slow_down)."""
        if self.sender is not None:
            self.sender.slow_down(seconds, priority)
