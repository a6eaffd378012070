"""kefu on aiogram 3: long polling or a webhook server, feeding KefuApp; clean shutdown.

Updates are fed to aiogram's Dispatcher one by one in arrival order; its handlers only
translate and queue the event behind its chat (KefuApp.dispatch), so chats run in parallel
while each chat keeps its order.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import urlparse

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    ClientDecodeError,
    RestartingTelegram,
    TelegramConflictError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import CallbackQuery, Message, Update
from aiohttp import web
from pydantic import ValidationError

from bot.albums import Handling
from bot.app import KefuApp
from bot.chat_order import LockTimeout
from bot.commands import command_menus
from bot.outbox import Priority
from bot.outbox.waiting import first_done
from bot.redaction import Redactor
from bot.runtime_aiogram.translate import from_callback, from_message
from bot.runtime_aiogram.transport import AiogramTransport
from bot.runtime_common import ALLOWED_UPDATES, SECRET_HEADER, FatalRuntimeError, RuntimeParts
from bot.telegram_errors import TelegramError
from bot.update_ledger import UpdateLedger

log = logging.getLogger(__name__)
# getUpdates failures worth waiting out: network, 5xx, a proxy's HTML page, another poller.
POLL_TROUBLE = (
    TelegramNetworkError,
    TelegramServerError,
    RestartingTelegram,
    ClientDecodeError,
    TelegramConflictError,
)


class AiogramRuntime:
    """Owns the aiogram Bot and Dispatcher and the KefuApp they feed."""

    def __init__(self, parts: RuntimeParts) -> None:
        self.parts = parts
        settings = parts.settings
        self.redactor: Redactor = parts.redactor
        api = TelegramAPIServer.from_base(str(settings.telegram_api_url))
        self.bot = Bot(settings.token(), session=AiohttpSession(api=api))
        self.app = KefuApp(
            settings,
            parts.clock,
            parts.engine,
            AiogramTransport(self.bot, self.redactor),
            parts.content,
            translator=parts.translator,
            redis=parts.redis,
            tuning=parts.tuning,
        )
        self.dp = Dispatcher()
        self.dp.message.register(self._on_message)
        self.dp.edited_message.register(self._on_edited)
        self.dp.callback_query.register(self._on_callback)
        self.ledger = UpdateLedger()

    async def _on_message(self, message: Message) -> Handling | None:
        event = from_message(message)
        return self.app.dispatch(event) if event else None

    async def _on_edited(self, message: Message) -> Handling | None:
        event = from_message(message, edited=True)
        return self.app.dispatch(event) if event else None

    async def _on_callback(self, query: CallbackQuery) -> Handling | None:
        event = from_callback(query, self.parts.clock.now())
        return self.app.dispatch(event) if event else None

    async def run(self, stop: asyncio.Event, webhook: bool = False) -> None:
        """Serve until ``stop`` is set, then shut down cleanly."""
        if webhook:
            self.parts.settings.webhook()  # refuse to start without URL and secret
        await self.app.start()
        try:
            await self._set_commands()
            if webhook:
                await self._serve_webhook(stop)
            else:
                await self.bot.delete_webhook(drop_pending_updates=False)
                await self._poll(stop)
        except TelegramUnauthorizedError:
            raise FatalRuntimeError("Telegram refused the bot token (401 Unauthorized)") from None
        finally:
            await self.app.close()
            await self._confirm_offset()
            await self.bot.session.close()

    async def _set_commands(self) -> None:
        """The command menu per language; a refusal is logged and kefu serves anyway."""
        for menu in command_menus(self.app.translator, self.parts.settings.default_locale):
            try:
                await self.app.outbox.send(menu, Priority.ANSWER)
            except TelegramError as exc:
                log.error("setMyCommands (%s) failed: %s", menu.language_code, exc.description)

    async def _poll(self, stop: asyncio.Event) -> None:
        settings = self.parts.settings
        failures = 0
        stopped = asyncio.ensure_future(stop.wait())
        try:
            while not stop.is_set():
                fetch = asyncio.ensure_future(
                    self.bot.get_updates(
                        offset=self.ledger.offset(),
                        timeout=settings.poll_timeout,
                        allowed_updates=list(ALLOWED_UPDATES),
                        request_timeout=settings.poll_timeout + 15,
                    )
                )
                await asyncio.wait({fetch, stopped}, return_when=asyncio.FIRST_COMPLETED)
                if not fetch.done():
                    fetch.cancel()  # what it would have fetched stays unconfirmed: not lost
                    break
                try:
                    updates = fetch.result()
                except POLL_TROUBLE as exc:
                    failures += 1
                    await self._pause(stop, self.app.tuning.outbox.backoff(failures), exc)
                    continue
                except TelegramRetryAfter as exc:
                    await self._pause(stop, float(exc.retry_after), exc)
                    continue
                failures = 0
                fresh = [u for u in updates if self.ledger.take(u.update_id)]
                for update in fresh:
                    await self._feed(update)
                if updates and not fresh and self.ledger.in_hand():
                    # Only updates still in hand came back (they stay unconfirmed until
                    # done): wait for one to finish rather than asking again at once.
                    await first_done(
                        asyncio.wait(self.ledger.in_hand(), return_when=asyncio.FIRST_COMPLETED),
                        self.parts.clock.sleep(self.app.tuning.busy_poll_interval),
                        stop.wait(),
                    )
        finally:
            stopped.cancel()

    async def _feed(self, update: Update) -> Handling | None:
        result = await self.dp.feed_update(self.bot, update)
        handling = result if isinstance(result, Handling) else None
        self.ledger.track(update.update_id, handling.done if handling else None)
        return handling

    async def _pause(self, stop: asyncio.Event, seconds: float, exc: Exception) -> None:
        log.warning("getUpdates failed (%s); again in %.1f s", self.redactor(str(exc)), seconds)
        await first_done(self.parts.clock.sleep(seconds), stop.wait())

    async def _confirm_offset(self) -> None:
        """Tell Telegram the updates handled so far are done, so a restart skips them."""
        offset = self.ledger.offset()
        if offset is None:
            return
        try:
            await self.bot.get_updates(offset=offset, limit=1, timeout=0)
        except Exception as exc:  # shutting down: say so, but do not hide the real exit
            log.warning("could not confirm the last updates: %s", self.redactor(str(exc)))

    async def _serve_webhook(self, stop: asyncio.Event) -> None:
        url, secret = self.parts.settings.webhook()
        host, port = self.parts.settings.listen_address
        server = web.Application()
        server.router.add_post(urlparse(url).path or "/", self._webhook_handler(secret))
        runner = web.AppRunner(server, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, host, port).start()
        try:
            await self.bot.set_webhook(
                url, secret_token=secret, allowed_updates=list(ALLOWED_UPDATES)
            )
            log.info("serving the webhook on %s:%s", host, port)
            await stop.wait()
        finally:
            await runner.cleanup()

    def _webhook_handler(self, secret: str) -> Callable[[web.Request], Awaitable[web.Response]]:
        expected = secret.encode()

        async def handle(request: web.Request) -> web.Response:
            given = request.headers.get(SECRET_HEADER, "").encode()
            if not hmac.compare_digest(given, expected):
                return web.Response(status=403, text="forbidden")
            try:
                update = Update.model_validate(await request.json(), context={"bot": self.bot})
            except (ValueError, ValidationError):
                return web.Response(status=400, text="not an update")
            if not self.ledger.take(update.update_id):
                return web.Response(text="ok")  # a redelivery of one already taken
            handling = await self._feed(update)
            if handling is not None:
                try:
                    # Answer once its effects are stored and replies queued: a crash before
                    # that leaves the update to Telegram's retry, and a slow chat's sending
                    # does not hold up the webhook (Telegram sends the next update after).
                    await handling.handled
                except LockTimeout:
                    return web.Response(status=503, text="busy")  # Telegram will retry
            return web.Response(text="ok")

        return handle
