"""Fixtures shared by every test: clocks, databases on SQLite and PostgreSQL, Redis, a Bot
API double for kefu run as a process; and the ``postgres``/``redis`` marks on the tests
that need those servers."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

import bot.telegram.runtimes.aiogram3  # noqa: F401  aiogram as kefu imports it, for every test
from bot.storage import migrate
from bot.storage.database import make_engine
from bot.support.clock import ManualClock
from tests import services
from tests.log_audit import (  # noqa: F401  the whole suite's logs, audited for secrets
    pytest_configure,
    pytest_sessionfinish,
    pytest_terminal_summary,
)


@pytest.hookimpl(tryfirst=True)  # before -m deselects by mark
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test that needs a server: ``postgres`` on those using ``postgres_url``
    (directly, or as the "postgres" ``database_url``), ``redis`` on those using ``redis``;
    so ``-m "not postgres and not redis"`` runs the rest without them."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        callspec = getattr(item, "callspec", None)
        params = callspec.params if callspec is not None else {}
        if "postgres_url" in fixtures or params.get("database_url") == "postgres":
            item.add_marker(pytest.mark.postgres)
        if "redis" in fixtures:
            item.add_marker(pytest.mark.redis)


@pytest.fixture
def bot_api_for() -> Iterator[Callable[[str], str]]:
    """Start a Bot API double that takes the given token; its base URL. Served from a thread
    of its own, for tests that wait on kefu as a blocking subprocess (`kefu check` asks it
    getMe)."""
    from bot.telegram.double import BotApiDouble

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="bot-api-double", daemon=True)
    thread.start()
    doubles: list[BotApiDouble] = []

    async def serve(token: str) -> BotApiDouble:
        return await BotApiDouble(token=token).start()

    def start(token: str) -> str:
        double = asyncio.run_coroutine_threadsafe(serve(token), loop).result(10)
        doubles.append(double)
        return double.base_url

    try:
        yield start
    finally:
        for double in doubles:
            asyncio.run_coroutine_threadsafe(double.close(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from services.postgres_database()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test on a SQLite file and on the real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'kefu.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """A migrated database."""
    eng = make_engine(database_url)
    await migrate.upgrade(eng)
    yield eng
    await eng.dispose()


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    client = await services.redis_client()
    yield client
    await client.aclose()
