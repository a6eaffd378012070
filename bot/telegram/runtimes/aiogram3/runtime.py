"""kefu on aiogram 3: long polling or a webhook server, feeding KefuApp; clean shutdown.

Updates are fed to aiogram's Dispatcher one by one in arrival order; its handlers only
translate and queue the event behind its chat (KefuApp.dispatch), so chats run in parallel
while each chat keeps its order. Polling, the webhook server and shutdown are
:class:`bot.telegram.runtimes.base.LibraryRuntime`'s, shared with the python-telegram-bot runtime.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import aiogram
from aiogram import Bot, Dispatcher
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import CallbackQuery, ChatMemberUpdated, Message, Update

from bot.app.handling import Handling
from bot.app.kefu_app import KefuApp
from bot.config import Settings
from bot.support.redaction import Redactor
from bot.telegram.inbound import from_callback, from_message
from bot.telegram.inbound_membership import from_membership
from bot.telegram.runtimes.aiogram3.session import KefuSession, RawGetUpdates
from bot.telegram.runtimes.aiogram3.transport import AiogramTransport
from bot.telegram.runtimes.base import LibraryRuntime
from bot.telegram.runtimes.common import ALLOWED_UPDATES

_EVENT_TYPES: Any = Update.event_type.fget  # functools' lru_cache wrapper


class AiogramConnection:
    """The aiogram Bot, and the transport the app's outbox sends through."""

    def __init__(self, settings: Settings, redactor: Redactor) -> None:
        api = TelegramAPIServer.from_base(str(settings.telegram_api_url))
        self.bot = Bot(settings.token(), session=KefuSession(api=api))
        self.transport = AiogramTransport(self.bot, redactor)
        self.redactor = redactor

    def runtime(self, app: KefuApp) -> AiogramRuntime:
        return AiogramRuntime(app, self)


class AiogramRuntime(LibraryRuntime[Update]):
    """Feeds the app from an aiogram Dispatcher over the connection's Bot."""

    library = f"aiogram {aiogram.__version__}"

    def __init__(self, app: KefuApp, connection: AiogramConnection) -> None:
        super().__init__(app, connection.redactor)
        self.bot = connection.bot
        self.transport = connection.transport
        # kefu keeps its own dialog state; aiogram's FSM would only keep a record of every
        # chat and user it has seen, in memory, for ever (about 300 bytes each).
        self.dp = Dispatcher(disable_fsm=True)
        self.dp.message.register(self._on_message)
        self.dp.edited_message.register(self._on_edited)
        self.dp.callback_query.register(self._on_callback)
        self.dp.my_chat_member.register(self._on_membership)

    # aiogram hands each handler the whole update as ``event_update``.
    async def _on_message(self, message: Message, event_update: Update) -> Handling | None:
        event = from_message(message, event_update.update_id)
        return self.app.dispatch(event) if event else None

    async def _on_edited(self, message: Message, event_update: Update) -> Handling | None:
        event = from_message(message, event_update.update_id, edited=True)
        return self.app.dispatch(event) if event else None

    async def _on_callback(self, query: CallbackQuery, event_update: Update) -> Handling | None:
        event = from_callback(query, self.clock.now(), event_update.update_id)
        return self.app.dispatch(event) if event else None

    async def _on_membership(self, change: ChatMemberUpdated, event_update: Update) -> Handling:
        return self.app.dispatch(from_membership(change, event_update.update_id))

    # --- LibraryRuntime's hooks --------------------------------------------------------

    async def _dispatch(self, update: Update) -> Handling | None:
        try:
            result = await self.dp.feed_update(self.bot, update)
        finally:
            # aiogram caches Update.event_type for the last 128 updates (an lru_cache on the
            # property), which keeps those updates alive, every field: 1-2 MiB for nothing.
            _EVENT_TYPES.cache_clear()
        return result if isinstance(result, Handling) else None

    def _update_id(self, update: Update) -> int:
        return update.update_id

    def _parse(self, data: Any) -> Update:
        # pydantic's ValidationError is a ValueError
        return Update.model_validate(data, context={"bot": self.bot})

    async def _get_updates(
        self, offset: int | None, wait: float, limit: int
    ) -> Sequence[dict[str, Any]]:
        call = RawGetUpdates(
            offset=offset, limit=limit, timeout=int(wait), allowed_updates=list(ALLOWED_UPDATES)
        )
        with self.transport.errors("getUpdates"):
            return await self.bot(call, request_timeout=int(wait) + 15)

    async def _delete_webhook(self) -> None:
        with self.transport.errors("deleteWebhook"):
            await self.bot.delete_webhook(drop_pending_updates=False)

    async def _set_webhook(self, url: str, secret: str) -> None:
        with self.transport.errors("setWebhook"):
            await self.bot.set_webhook(
                url, secret_token=secret, allowed_updates=list(ALLOWED_UPDATES)
            )

    async def _close(self) -> None:
        await self.bot.session.close()
