"""kefu on python-telegram-bot 22: an Application whose handlers feed KefuApp.

The Application keeps PTB's part: its Bot (pointed at ``KEFU_TELEGRAM_API_URL``), its
handlers and an update processor. Fetching updates, the webhook server and shutdown are
:class:`bot.telegram.runtimes.base.LibraryRuntime`'s, shared with the aiogram runtime, rather than
PTB's Updater: the Updater confirms an update as soon as it has fetched it, and its webhook
server answers Telegram before the update is handled, so a crash would lose what was in
hand. kefu confirms an update only once it is handled, and answers a webhook only once the
update's effects are stored (503 when another instance holds the chat).

Each update goes through the Application's update processor to its handlers, which only
translate it and queue the event behind its chat (KefuApp.dispatch): PTB's default of one
update at a time, handlers awaited, becomes chats in parallel, each in arrival order.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Sequence
from typing import Any

import telegram
from telegram import Update
from telegram.ext import (
    Application,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    ChatMemberHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.app.handling import Handling
from bot.app.kefu_app import KefuApp
from bot.config import Settings
from bot.support.redaction import Redactor, redact_loggers
from bot.telegram.inbound import from_callback, from_message
from bot.telegram.inbound_membership import from_membership
from bot.telegram.runtimes.base import LibraryRuntime
from bot.telegram.runtimes.common import ALLOWED_UPDATES
from bot.telegram.runtimes.ptb22.request import TelegramRequest
from bot.telegram.runtimes.ptb22.transport import PtbTransport
from dialogs.events import Inbound

PTB_LOGGERS = ("telegram.Bot", "telegram.ext.ExtBot", "telegram.ext.Application", "httpx")


class HandOnProcessor(BaseUpdateProcessor):
    """Runs an update's handlers at once; they return as soon as the event is queued.

    PTB's default processor runs one update's handlers after another across all chats, so a
    slow chat would hold up every other; ``concurrent_updates=N`` lifts that but gives up
    the order within a chat. kefu's handlers do neither job: KefuApp.dispatch puts the event
    behind the earlier ones of its chat (ChatOrder, with a Redis lock per chat across
    instances), which runs chats in parallel and each chat in order. So nothing waits here
    but the translation, and per-chat order is kept in one place for both runtimes.
    """

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        await coroutine

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release: KefuApp finishes what is in hand."""


class PtbConnection:
    """The PTB Application (its Bot, handlers and update processor), and the transport the
    app's outbox sends through."""

    def __init__(self, settings: Settings, redactor: Redactor, parallel_chats: int) -> None:
        # PTB logs its URLs (the token in them) and each call's parameters (the webhook
        # secret) at DEBUG, httpx every request's URL at INFO: masked where they are made,
        # and httpx kept to warnings, as aiogram's client logs no request at all.
        redact_loggers(redactor, *PTB_LOGGERS)
        if logging.getLogger("httpx").level == logging.NOTSET:
            logging.getLogger("httpx").setLevel(logging.WARNING)
        api = str(settings.telegram_api_url).rstrip("/")
        self.application = (
            Application.builder()
            .token(settings.token())
            .base_url(f"{api}/bot")
            .base_file_url(f"{api}/file/bot")
            .request(TelegramRequest(connection_pool_size=100, read_timeout=60))
            .get_updates_request(TelegramRequest(connection_pool_size=2, read_timeout=15))
            .updater(None)
            .job_queue(None)
            .concurrent_updates(HandOnProcessor(parallel_chats))
            .build()
        )
        self.transport = PtbTransport(self.application.bot, redactor)
        self.redactor = redactor

    def runtime(self, app: KefuApp) -> PtbRuntime:
        return PtbRuntime(app, self)


class PtbRuntime(LibraryRuntime[Update]):
    """Feeds the app from the connection's PTB Application."""

    library = f"python-telegram-bot {telegram.__version__}"

    def __init__(self, app: KefuApp, connection: PtbConnection) -> None:
        super().__init__(app, connection.redactor)
        self.application = connection.application
        self.transport = connection.transport
        self._handed: dict[int, Handling] = {}  # update id -> the handling its event got
        self.application.add_handlers(
            [
                # A MessageHandler takes edited messages (and channel posts) too unless its
                # filter says otherwise: an edit must reach kefu as an edit.
                MessageHandler(filters.UpdateType.MESSAGE, self._on_message),
                MessageHandler(filters.UpdateType.EDITED_MESSAGE, self._on_edited),
                CallbackQueryHandler(self._on_callback),
                ChatMemberHandler(self._on_membership, ChatMemberHandler.MY_CHAT_MEMBER),
            ]
        )

    async def _on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.message is not None:
            self._hand(update, from_message(update.message, update.update_id))

    async def _on_edited(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.edited_message is not None:
            self._hand(update, from_message(update.edited_message, update.update_id, edited=True))

    async def _on_callback(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.callback_query is not None:
            self._hand(
                update,
                from_callback(update.callback_query, self.clock.now(), update.update_id),
            )

    async def _on_membership(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.my_chat_member is not None:
            self._hand(update, from_membership(update.my_chat_member, update.update_id))

    def _hand(self, update: Update, event: Inbound | None) -> None:
        # PTB drops what a handler returns, so the handling is kept for _dispatch.
        if event is not None:
            self._handed[update.update_id] = self.app.dispatch(event)

    # --- LibraryRuntime's hooks --------------------------------------------------------

    async def _open(self) -> None:
        with self.transport.errors("getMe"):  # PTB checks the token with getMe here
            await self.application.initialize()

    async def _dispatch(self, update: Update) -> Handling | None:
        # What PTB's own update fetcher does with each update it takes from its queue.
        app = self.application
        await app.update_processor.process_update(update, app.process_update(update))
        return self._handed.pop(update.update_id, None)

    def _update_id(self, update: Update) -> int:
        return update.update_id

    def _parse(self, data: Any) -> Update:
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            raise ValueError("not an update")
        try:
            update = Update.de_json(data, self.application.bot)
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError("not an update") from exc
        if update is None:
            raise ValueError("not an update")
        return update

    async def _get_updates(
        self, offset: int | None, wait: float, limit: int
    ) -> Sequence[dict[str, Any]]:
        # Bot.get_updates parses every update it gets, and the ones still in hand come back
        # on each poll: PTB's own lower call gives the JSON, and the poller parses only new
        # ones. (Bot.do_api_request would do, but warns for a method the Bot has.)
        data = {
            "offset": offset,
            "limit": limit,
            "timeout": int(wait),
            "allowed_updates": list(ALLOWED_UPDATES),
        }
        with self.transport.errors("getUpdates"):
            result = await self.application.bot._post(
                "getUpdates", data, read_timeout=int(wait) + 15
            )
        return result if isinstance(result, list) else []

    async def _delete_webhook(self) -> None:
        with self.transport.errors("deleteWebhook"):
            await self.application.bot.delete_webhook(drop_pending_updates=False)

    async def _set_webhook(self, url: str, secret: str) -> None:
        with self.transport.errors("setWebhook"):
            await self.application.bot.set_webhook(
                url, secret_token=secret, allowed_updates=list(ALLOWED_UPDATES)
            )

    async def _close(self) -> None:
        await self.application.shutdown()
        await self.application.bot.shutdown()  # its connections, even if it never started
