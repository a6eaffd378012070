"""The Bot API double: a real HTTP server on 127.0.0.1 that answers like api.telegram.org.

    async with BotApiDouble(clock=clock) as double:
        bot = aiogram.Bot(double.token, session=AiohttpSession(
            api=TelegramAPIServer.from_base(double.base_url)))
        user = double.driver.private_user(1001, first_name="Alice")
        await user.send_text("hi")
        reply = await user.next_message()

Routes: ``/bot<token>/<method>`` (GET or POST, method name in any case) and
``/file/bot<token>/<file_path>`` for downloads. A wrong token gets 401, an unknown method
404, both with Telegram's body. The token never appears in logs: the access log is off and
the request log records methods, not URLs.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from aiohttp import web

from bot.support.clock import Clock, SystemClock
from bot.telegram.double import (
    methods_album,
    methods_chats,
    methods_content,
    methods_copy,
    methods_core,
    methods_media,
    methods_messages,
)
from bot.telegram.double.driver import Driver
from bot.telegram.double.errors import ApiError, not_found, unauthorized
from bot.telegram.double.faults import Faults
from bot.telegram.double.limits import Limits, RateLimiter
from bot.telegram.double.members import bot_membership_update
from bot.telegram.double.models import User
from bot.telegram.double.params import Params, read_params
from bot.telegram.double.registry import Described, MethodCall, lookup
from bot.telegram.double.requestlog import LoggedCall, RequestLog
from bot.telegram.double.updates import UpdateQueue
from bot.telegram.double.webhook import WebhookDeliverer
from bot.telegram.double.world import World

log = logging.getLogger(__name__)
DEFAULT_TOKEN = "123456789:TEST-kefu-bot-api-double-0000000000"  # noqa: S105
_HANDLER_MODULES = (  # imported so that their handlers are registered
    methods_core,
    methods_messages,
    methods_copy,
    methods_media,
    methods_album,
    methods_content,
    methods_chats,
)


class BotApiDouble:
    """A fake Telegram Bot API server for one bot, with a driver to act as its users."""

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        limits: Limits | None = None,
        token: str = DEFAULT_TOKEN,
        bot_name: str = "Kefu Test Bot",
        bot_username: str = "kefu_test_bot",
        callback_timeout: float = 15.0,
        webhook_retry_delay: float = 0.1,
        host: str = "127.0.0.1",
        port: int = 0,
        first_update_id: int = 100_000_001,
    ) -> None:
        if not re.fullmatch(r"\d+:[\w-]+", token):
            raise ValueError("a bot token looks like 123456:ABC-def (digits, colon, letters)")
        self.clock: Clock = clock or SystemClock()
        self.limits = limits or Limits()
        self.token = token
        self.bot_user = User(
            int(token.split(":", 1)[0]), bot_name, username=bot_username, is_bot=True
        )
        self.world = World(self.clock, self.bot_user)
        self.limiter = RateLimiter(self.limits, self.clock)
        self.updates = UpdateQueue(first_update_id)
        self.webhook = WebhookDeliverer(
            self.updates, self.clock, self._execute_reply, retry_delay=webhook_retry_delay
        )
        self.faults = Faults()
        self.log = RequestLog()
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.callback_timeout = callback_timeout
        self.internal_errors: list[BaseException] = []
        self.driver = Driver(self)
        self.closing = False
        self._host, self._port = host, port
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    # --- lifecycle ---------------------------------------------------------------------

    async def start(self) -> BotApiDouble:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        app.router.add_route("*", "/{tail:.*}", self._no_route)  # Telegram's JSON 404 too
        # access_log=None: aiohttp's access log would print the token in every URL.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://{self._host}:{port}"
        return self

    async def close(self) -> None:
        self.closing = True
        self.updates.arrived.notify()  # long polls answer now instead of at their timeout
        await self.webhook.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiDouble:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def paid_messages(self) -> int:
        """Messages sent with ``allow_paid_broadcast`` (an album's items one by one)."""
        return self.limiter.paid_messages

    @property
    def stars_spent(self) -> float:
        """Telegram Stars those paid messages cost, 0.1 each."""
        return self.limiter.stars_spent

    # --- test controls -----------------------------------------------------------------

    def block(self, user_id: int, *, notify: bool = True) -> None:
        """The user blocks the bot: sends to them get 403 until :meth:`unblock`."""
        self._set_private_status(user_id, "kicked", notify)

    def unblock(self, user_id: int, *, notify: bool = True) -> None:
        self._set_private_status(user_id, "member", notify)

    def _set_private_status(self, user_id: int, status: str, notify: bool) -> None:
        user = self.world.users[user_id]
        chat = self.world.private_chat(user)
        old, chat.bot_status = chat.bot_status, status
        if notify and old != status:
            payload = bot_membership_update(self.world, chat, user, old, status)
            self.updates.push("my_chat_member", payload)

    # --- HTTP --------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _json_response(unauthorized().body(), 401)
        name = request.match_info["method"]
        found = lookup(name)
        if found is None:
            entry = self.log.begin(name, {}, self.clock.now(), self.clock.monotonic())
            return self._finish(entry, not_found())
        canonical, _ = found
        entry = self.log.begin(canonical, {}, self.clock.now(), self.clock.monotonic())
        try:
            params = await read_params(request)
        except ApiError as error:
            return self._finish(entry, error)
        return await self._run(entry, params)

    async def _run(self, entry: LoggedCall, params: Params) -> web.Response:
        entry.params = params.loggable()
        found = lookup(entry.method)
        assert found is not None
        try:
            fault = self.faults.take(entry.method, params.raw("chat_id"))
            if fault is not None:
                raise fault
            result = await found[1](MethodCall(self, entry.method, params))
        except ApiError as error:
            return self._finish(entry, error)
        except Exception as exc:  # a bug in the double: answer 500 and keep it for the test
            log.exception("Bot API double failed in %s", entry.method)
            self.internal_errors.append(exc)
            return self._finish(entry, ApiError(500, "Internal Server Error"))
        body: dict[str, Any] = {"ok": True}
        if isinstance(result, Described):
            body["result"], body["description"] = result.result, result.description
        else:
            body["result"] = result
        entry.result = body["result"]
        self.log.finish(entry)
        return _json_response(body, 200)

    def _finish(self, entry: LoggedCall, error: ApiError) -> web.Response:
        entry.status, entry.description = error.status, error.description
        entry.retry_after = error.retry_after
        self.log.finish(entry)
        return _json_response(error.body(), error.status)

    async def _execute_reply(self, method: str, params: Params) -> None:
        """Run a call that a webhook returned in its response (logged as via webhook-reply)."""
        found = lookup(method)
        entry = self.log.begin(
            found[0] if found else method, {}, self.clock.now(), self.clock.monotonic()
        )
        entry.via = "webhook-reply"
        if found is None:
            self._finish(entry, not_found())
            return
        await self._run(entry, params)

    async def _no_route(self, request: web.Request) -> web.Response:
        return _json_response(not_found().body(), 404)

    async def _download(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _json_response(unauthorized().body(), 401)
        path = request.match_info["path"]
        for record in self.world.files.all():
            if record.file_path == path:
                return web.Response(body=record.data, content_type="application/octet-stream")
        return _json_response(not_found().body(), 404)


def _json_response(body: dict[str, Any], status: int) -> web.Response:
    return web.Response(
        text=json.dumps(body, ensure_ascii=False), status=status, content_type="application/json"
    )
