"""Regressions found in review that need no running kefu: escaping, and an HTTP error page
from a proxy in front of the Bot API (or no answer at all), on both runtimes' transports."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp.web
import pytest
import telegram
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.app.i18n import Translator
from bot.app.render import Renderer
from bot.support.redaction import Redactor
from bot.telegram.errors import ServerError
from bot.telegram.ops import SendText
from bot.telegram.outbox import Transport
from bot.telegram.runtimes.aiogram3.transport import AiogramTransport
from bot.telegram.runtimes.ptb22.request import TelegramRequest
from bot.telegram.runtimes.ptb22.transport import PtbTransport
from dialogs.views import Literal, Text, View


def test_nested_labels_are_escaped_once() -> None:
    renderer = Renderer(Translator())
    view = View(parts=(Text.of("report-deep-link", order=Literal("A&B<1>")),))
    assert "A&amp;B&lt;1&gt;" in renderer.text(view, "en")


def aiogram_transport(base: str, timeout: float) -> tuple[Transport, Callable[[], Awaitable[Any]]]:
    api = TelegramAPIServer.from_base(base)
    bot = Bot("123456:" + "A" * 35, session=AiohttpSession(api=api, timeout=timeout))
    return AiogramTransport(bot, Redactor()), bot.session.close


def ptb_transport(base: str, timeout: float) -> tuple[Transport, Callable[[], Awaitable[Any]]]:
    request = TelegramRequest(read_timeout=timeout)
    bot = telegram.Bot("123456:" + "A" * 35, base_url=f"{base}/bot", request=request)
    return PtbTransport(bot, Redactor()), request.shutdown  # the bot never started


@pytest.mark.parametrize("make", [aiogram_transport, ptb_transport], ids=["aiogram", "ptb"])
@pytest.mark.parametrize("answer", ["html page", "no answer"])
async def test_a_proxy_page_or_no_answer_in_time_is_a_server_error(
    make: Callable[[str, float], tuple[Transport, Callable[[], Awaitable[Any]]]], answer: str
) -> None:
    never = asyncio.Event()

    async def proxy(request: aiohttp.web.Request) -> aiohttp.web.Response:
        if answer == "no answer":
            await never.wait()  # until the client gives up and the server shuts down
        return aiohttp.web.Response(status=502, text="<html>Bad gateway</html>")

    app = aiohttp.web.Application()
    app.router.add_route("*", "/{tail:.*}", proxy)
    runner = aiohttp.web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    site = aiohttp.web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    transport, close = make(f"http://127.0.0.1:{port}", 0.3)
    try:
        with pytest.raises(ServerError):
            await transport.execute(SendText(chat_id=1, text="hi"))
    finally:
        await close()
        await runner.cleanup()
