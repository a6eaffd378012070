"""getMe as `kefu check` and the start of `kefu run` ask it: each outcome, never the token."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bot.telegram.double import BotApiDouble
from bot.telegram.probe import Outcome, ProbeResult, get_me


@pytest.fixture
async def double() -> AsyncIterator[BotApiDouble]:
    async with BotApiDouble() as d:
        yield d


def closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def never_token(result: ProbeResult, token: str) -> None:
    for text in (result.describe(), result.detail, result.api_url):
        assert token not in text and token.split(":")[1] not in text


async def test_a_working_token_names_the_bot(double: BotApiDouble) -> None:
    result = await get_me(double.base_url + "/", double.token)
    assert result.ok and result.username == "kefu_test_bot"
    assert result.api_url == double.base_url
    assert result.describe() == (
        f"the bot token works (@kefu_test_bot) and the Bot API at {double.base_url} answers"
    )
    assert double.log.count("getMe") == 1


async def test_a_refused_token_is_a_401(double: BotApiDouble) -> None:
    wrong = double.token.split(":")[0] + ":" + "z" * 35
    result = await get_me(double.base_url, wrong)
    assert (result.outcome, result.status, result.passing) == (Outcome.REFUSED, 401, False)
    assert result.describe() == (
        f"the Bot API at {double.base_url} refused the bot token (401 Unauthorized)"
    )
    never_token(result, wrong)


async def test_nothing_listening_is_unreachable_without_aiohttps_wording() -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    token = "123456789:" + "k" * 35
    result = await get_me(url, token)
    assert (result.outcome, result.passing) == (Outcome.UNREACHABLE, True)
    assert result.describe() == f"cannot connect to the Bot API at {url} (connection refused)"
    assert "ssl" not in result.describe()
    never_token(result, token)


async def test_a_server_that_never_answers_is_unreachable_within_the_timeout() -> None:
    async def hang(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # takes the request, answers nothing
        writer.close()

    server = await asyncio.start_server(hang, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        result = await asyncio.wait_for(
            get_me(f"http://127.0.0.1:{port}", "1:" + "t" * 35, timeout=0.3), 5
        )
    finally:
        server.close()
        await server.wait_closed()
    assert result.outcome is Outcome.UNREACHABLE
    assert result.detail == "no answer within 0.3 s"


async def test_a_server_error_is_unexpected_and_passing(double: BotApiDouble) -> None:
    double.faults.add(method="getMe", status=502)
    result = await get_me(double.base_url, double.token)
    assert (result.outcome, result.status, result.passing) == (Outcome.UNEXPECTED, 502, True)
    assert result.describe() == (
        f"unexpected answer to getMe from {double.base_url}: HTTP 502 Bad Gateway"
    )


async def test_something_other_than_a_bot_api_is_unexpected() -> None:
    async def page(request: web.Request) -> web.Response:
        return web.Response(status=404, text="<html>nothing here</html>")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", page)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    try:
        result = await get_me(url, "1:" + "p" * 35)
    finally:
        await runner.cleanup()
    assert (result.outcome, result.status, result.passing) == (Outcome.UNEXPECTED, 404, False)
    assert result.describe() == (
        f"unexpected answer to getMe from {url}: HTTP 404, not a Bot API answer (no JSON)"
    )
