"""Fixtures for scenario tests: a fresh Bot API double per test, and kefu against it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.telegram.double import BotApiDouble
from tests.scenario import harness
from tests.scenario.harness import Running, running_kefu


@pytest.fixture(autouse=True, params=harness.RUNTIMES)
def runtime(request: pytest.FixtureRequest) -> str:
    """Every scenario runs once per runtime (aiogram, python-telegram-bot)."""
    harness.current_runtime = request.param
    return request.param


@pytest.fixture
async def double() -> AsyncIterator[BotApiDouble]:
    async with BotApiDouble() as d:
        yield d


@pytest.fixture(params=["polling", "webhook"])
def mode(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
async def kefu(double: BotApiDouble, tmp_path: Path, mode: str) -> AsyncIterator[Running]:
    async with running_kefu(double, tmp_path, webhook=mode == "webhook") as running:
        yield running
