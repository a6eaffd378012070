"""Regressions named after what went wrong (found in review of the runtime)."""

from __future__ import annotations

from pathlib import Path

import aiohttp.web
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.i18n import Translator
from bot.redaction import Redactor
from bot.render import Renderer
from bot.runtime_aiogram.transport import AiogramTransport
from bot.telegram_double import BotApiDouble
from bot.telegram_errors import ServerError
from bot.telegram_ops import SendText
from dialogs.views import Literal, Text, View
from tests.scenario.harness import running_kefu


async def test_a_polled_update_is_not_confirmed_until_its_reply_is_out(
    double: BotApiDouble, tmp_path: Path
) -> None:
    # Polling only: by webhook kefu answers once the reply is queued (see the webhook
    # handler), because Telegram holds the next update until it has that answer.
    user = double.driver.private_user(501, "Sam", language_code="en")
    double.faults.add(method="sendMessage", chat_id=501, status=429, retry_after=2)
    async with running_kefu(double, tmp_path):
        await user.send_command("start")
        await double.log.wait_for("sendMessage", chat_id=501, status=429, timeout=10)
        # The poller goes on polling while the reply waits out the 429...
        await double.log.wait_for("getUpdates", count=3, timeout=10)
        # ...without confirming the /start: a crash now must not lose it.
        assert double.updates.pending_count == 1
        await user.next_message(timeout=10)
        await double.log.changed.wait_until(lambda: double.updates.pending_count == 0, 10)
        assert double.updates.pending_count == 0


async def test_a_refused_command_menu_does_not_stop_kefu(
    double: BotApiDouble, tmp_path: Path
) -> None:
    double.faults.add(method="setMyCommands", status=400, description="Bad Request: x", times=3)
    user = double.driver.private_user(502, "Tia", language_code="en")
    async with running_kefu(double, tmp_path):
        await user.send_command("start")
        assert "Hello, Tia!" in (await user.next_message(timeout=10)).text


def test_nested_labels_are_escaped_once() -> None:
    renderer = Renderer(Translator())
    view = View(parts=(Text.of("report-deep-link", order=Literal("A&B<1>")),))
    assert "A&amp;B&lt;1&gt;" in renderer.text(view, "en")


async def test_an_html_error_page_from_a_proxy_is_a_server_error() -> None:
    async def proxy_page(request: aiohttp.web.Request) -> aiohttp.web.Response:
        return aiohttp.web.Response(status=502, text="<html>Bad gateway</html>")

    app = aiohttp.web.Application()
    app.router.add_route("*", "/{tail:.*}", proxy_page)
    runner = aiohttp.web.AppRunner(app)
    await runner.setup()
    site = aiohttp.web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    api = TelegramAPIServer.from_base(f"http://127.0.0.1:{port}")
    bot = Bot("123456:" + "A" * 35, session=AiohttpSession(api=api))
    try:
        with pytest.raises(ServerError):
            await AiogramTransport(bot, Redactor()).execute(SendText(chat_id=1, text="hi"))
    finally:
        await bot.session.close()
        await runner.cleanup()
