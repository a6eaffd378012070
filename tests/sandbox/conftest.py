"""The sandbox page's server in this process, for the tests that need no browser."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.config import Settings
from bot.sandbox.web.server import running_sandbox
from bot.sandbox.web.stage import Stage


@pytest.fixture
async def page(tmp_path: Path) -> AsyncIterator[tuple[str, Stage, aiohttp.ClientSession]]:
    """`kefu sandbox` in-process on a free loopback port: its address, its people, and a
    client session at that address."""
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    url = f"sqlite+aiosqlite:///{tmp_path / 'sandbox.db'}"
    async with (
        running_sandbox(settings, "127.0.0.1", 0, database_url=url) as (address, stage, _),
        aiohttp.ClientSession(base_url=address) as session,
    ):
        yield address, stage, session
