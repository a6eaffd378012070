"""kefu on aiogram 3: long polling or a webhook server, feeding KefuApp; clean shutdown.

Updates are fed to aiogram's Dispatcher one by one in arrival order; its handlers only
translate and queue the event behind its chat (KefuApp.dispatch), so chats run in parallel
while each chat keeps its order. Polling, the webhook server and shutdown are
:class:`bot.telegram.runtimes.base.LibraryRuntime`'s, shared with the python-telegram-bot runtime.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import aiogram
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.methods import GetUpdates, Response, TelegramMethod
from aiogram.types import CallbackQuery, ChatMemberUpdated, Message, Update

from bot.app.handling import Handling
from bot.app.kefu_app import KefuApp
from bot.config import Settings
from bot.support.redaction import Redactor
from bot.telegram.inbound import from_callback, from_message
from bot.telegram.inbound_membership import from_membership
from bot.telegram.runtimes.aiogram3.transport import RAW_ANSWERS, AiogramTransport
from bot.telegram.runtimes.base import LibraryRuntime
from bot.telegram.runtimes.common import ALLOWED_UPDATES


class _RawGetUpdates(GetUpdates):
    """getUpdates answered as plain JSON objects; the poller parses only the new ones."""

    __returning__ = list[dict[str, Any]]


_ANSWER = Response[Any]  # made once (see _Session); answers taken as they came


class _Session(AiohttpSession):
    """aiogram's session, holding on to each ``Response[T]`` it answers with, and taking
    getUpdates' answer as it came.

    aiogram makes ``Response[method.__returning__]`` for every answer; pydantic keeps such
    classes only weakly, so after each garbage collection the next answer builds the class
    again (its whole schema: about 10 ms of CPU). Kept here, each is built once per process.

    Updates stay unconfirmed while kefu handles them, so each getUpdates answer brings back
    every update still in hand (16 for each new one in bench.inbound's closed loop), and
    pydantic walked every one of them again: the largest single cost of a message. A
    successful getUpdates answer is now only decoded; the poller validates the new updates
    alone (``AiogramRuntime._parse``). The transport's calls are answered the same way
    (``RAW_ANSWERS``). Refusals still go through aiogram, which raises them as its errors.
    """

    _kept: ClassVar[dict[Any, Any]] = {}

    def check_response(
        self, bot: Bot, method: TelegramMethod[Any], status_code: int, content: str
    ) -> Response[Any]:
        if 200 <= status_code < 300:
            if isinstance(method, _RawGetUpdates):
                answer = _answer(self.json_loads, content, _are_updates)
            elif RAW_ANSWERS.get():
                answer = _answer(self.json_loads, content, lambda _: True)
            else:
                answer = None
            if answer is not None:
                return answer
        returning = method.__returning__
        if returning not in self._kept:
            self._kept[returning] = Response[returning]  # type: ignore[valid-type]
        return super().check_response(bot, method, status_code, content)


def _answer(
    loads: Callable[..., Any], content: str, expected: Callable[[Any], bool]
) -> Response[Any] | None:
    """A successful answer whose result is ``expected``, unvalidated: its result as
    Telegram's JSON; None for anything else (aiogram reads it then)."""
    try:
        data = loads(content)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("ok") is not True or "result" not in data:
        return None
    if not expected(data["result"]):
        return None
    return _ANSWER.model_construct(ok=True, result=data["result"])


def _are_updates(result: Any) -> bool:
    """getUpdates' result: Telegram's update objects, each with its ``update_id``."""
    return isinstance(result, list) and all(
        isinstance(u, dict) and isinstance(u.get("update_id"), int) for u in result
    )


class AiogramConnection:
    """The aiogram Bot, and the transport the app's outbox sends through."""

    def __init__(self, settings: Settings, redactor: Redactor) -> None:
        api = TelegramAPIServer.from_base(str(settings.telegram_api_url))
        self.bot = Bot(settings.token(), session=_Session(api=api))
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
        self.dp = Dispatcher()
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
        result = await self.dp.feed_update(self.bot, update)
        return result if isinstance(result, Handling) else None

    def _update_id(self, update: Update) -> int:
        return update.update_id

    def _parse(self, data: Any) -> Update:
        # pydantic's ValidationError is a ValueError
        return Update.model_validate(data, context={"bot": self.bot})

    async def _get_updates(
        self, offset: int | None, wait: float, limit: int
    ) -> Sequence[dict[str, Any]]:
        call = _RawGetUpdates(
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
