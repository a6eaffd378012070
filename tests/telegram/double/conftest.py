"""Fixtures for the Bot API double's tests: a running double, a raw HTTP caller, and the
real aiogram and python-telegram-bot Bots pointed at it."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiogram
import aiohttp
import pytest
import telegram
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.support.clock import ManualClock
from bot.telegram.double import BotApiDouble, Limits

RawCall = Callable[..., Awaitable[tuple[int, dict[str, Any]]]]


@pytest.fixture
def manual_clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def double(manual_clock: ManualClock) -> AsyncIterator[BotApiDouble]:
    """A double with no flood limits (the limits have their own tests)."""
    async with BotApiDouble(clock=manual_clock, limits=Limits.unlimited()) as running:
        yield running
        assert not running.internal_errors, running.internal_errors


@pytest.fixture
async def limited(manual_clock: ManualClock) -> AsyncIterator[BotApiDouble]:
    """A double enforcing the default flood-limit model."""
    async with BotApiDouble(clock=manual_clock) as running:
        yield running


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


def caller(double: BotApiDouble, session: aiohttp.ClientSession) -> RawCall:
    """``await call("sendMessage", chat_id=1, text="hi")`` -> (HTTP status, JSON body).

    Parameters go as a JSON body; ``_form=True`` sends them urlencoded like aiogram/PTB do.
    """

    async def call(method: str, _form: bool = False, **params: Any) -> tuple[int, dict[str, Any]]:
        url = f"{double.base_url}/bot{double.token}/{method}"
        if _form:
            form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
            async with session.post(url, data=form) as resp:
                return resp.status, await resp.json()
        async with session.post(url, json=params) as resp:
            return resp.status, await resp.json()

    return call


@pytest.fixture
def api(double: BotApiDouble, http: aiohttp.ClientSession) -> RawCall:
    return caller(double, http)


@pytest.fixture
def limited_api(limited: BotApiDouble, http: aiohttp.ClientSession) -> RawCall:
    return caller(limited, http)


@pytest.fixture
async def aio_bot(double: BotApiDouble) -> AsyncIterator[aiogram.Bot]:
    """The real aiogram Bot, talking to ``double``."""
    client = aiogram.Bot(
        double.token, session=AiohttpSession(api=TelegramAPIServer.from_base(double.base_url))
    )
    yield client
    await client.session.close()


@pytest.fixture
async def ptb_bot(double: BotApiDouble) -> AsyncIterator[telegram.Bot]:
    """The real python-telegram-bot Bot, talking to ``double`` (initialised: getMe done)."""
    client = telegram.Bot(
        double.token, base_url=f"{double.base_url}/bot", base_file_url=f"{double.base_url}/file/bot"
    )
    async with client:
        yield client
