"""The orders kefu reads, as the settings choose them: the embedded demo shop, a shop's
HTTP API (integrations/http, configured in YAML), or none; and the order dialogs over it
(dialogs/orders) with the limits the settings give."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app.channel_watch import ChannelWatch
from bot.app.demo_backend import DemoOrderBackend
from bot.app.order_checks import SqlOrderChecks
from bot.config import Settings
from bot.storage.jobs import JobStore
from bot.support.clock import Clock
from bot.telegram.outbox import Transport
from dialogs.content import Content
from dialogs.orders.asking import OrderAsking
from dialogs.orders.policy import OrderPolicy
from dialogs.ports.orders import OrderBackend

if TYPE_CHECKING:
    from bot.app.kefu_app import KefuApp


def order_policy(settings: Settings) -> OrderPolicy:
    return OrderPolicy(
        timeout_seconds=settings.order_timeout,
        lookups=settings.order_lookups,
        lookup_window=settings.order_lookup_window,
        tries=settings.order_tries,
        cooldown=settings.order_cooldown,
        delayed_share=settings.order_delayed_share,
    )


def order_backend(
    settings: Settings, sessions: async_sessionmaker[AsyncSession], clock: Clock
) -> OrderBackend | None:
    if settings.orders == "none":
        return None
    if settings.orders == "http" and settings.orders_config is not None:
        from integrations.http import load_http_backend

        return load_http_backend(settings.orders_config, monotonic=clock.monotonic, now=clock.now)
    return DemoOrderBackend(sessions, clock)


def orders_config_problems(settings: Settings) -> list[str]:
    """What is wrong with the shop's API description (KEFU_ORDERS=http), for `kefu
    check`: the file, a field, a secret's environment variable not set."""
    if settings.orders != "http" or settings.orders_config is None:
        return []
    from integrations.http import HttpConfigError, load_http_backend

    try:
        load_http_backend(settings.orders_config)  # no request is made until a lookup
    except HttpConfigError as exc:
        return [str(exc)]
    return []


@dataclass
class Shop:
    """The order backend (None: kefu knows no orders) and the dialogs over it."""

    backend: OrderBackend | None
    asking: OrderAsking | None

    @classmethod
    def build(
        cls,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession],
        checks: SqlOrderChecks,
        clock: Clock,
    ) -> Shop:
        backend = order_backend(settings, sessions, clock)
        if backend is None:
            return cls(None, None)
        return cls(backend, OrderAsking(backend, checks, order_policy(settings), settings.tz))

    def watch(
        self, app: KefuApp, jobs: JobStore, transport: Transport, content: Content
    ) -> ChannelWatch | None:
        """The payment channels' watch (None: kefu knows no orders)."""
        if self.asking is None:
            return None
        return ChannelWatch(
            jobs,
            app.units,
            app.executor,
            self.asking,
            transport,
            app.clock,
            every=app.tuning.channel_watch_every,
            admins=list(app.settings.admin_ids),
            channel_field=content.desk.tags.channel_field,
        )

    async def close(self) -> None:
        close = getattr(self.backend, "aclose", None)
        if close is not None:
            await close()
