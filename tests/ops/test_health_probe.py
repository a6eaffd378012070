"""The image's health check (the Dockerfile's HEALTHCHECK command, which docker-compose.yml
repeats), run as Docker runs it against a real kefu's ops endpoint: it passes while /healthz
answers 200, fails on its 503 and fails when nothing listens."""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.telegram.double import BotApiDouble
from tests.ops.test_image import image_healthcheck
from tests.scenario.harness import free_port, running_kefu


@pytest.fixture
async def double() -> AsyncIterator[BotApiDouble]:
    async with BotApiDouble() as d:
        yield d


async def probe(port: int) -> int:
    """The health check's exit code against 127.0.0.1:PORT. Run beside the event loop, so the
    kefu of this test answers it."""
    kind, program, *args = image_healthcheck()
    assert kind == "CMD"
    env = {**os.environ, "KEFU_HTTP_LISTEN": f"0.0.0.0:{port}"}
    proc = await asyncio.create_subprocess_exec(program, *args, env=env)
    return await asyncio.wait_for(proc.wait(), timeout=60)


async def test_the_health_check_follows_kefus_healthz(double: BotApiDouble, tmp_path: Path) -> None:
    port = free_port()
    async with running_kefu(
        double, tmp_path, http_listen=f"127.0.0.1:{port}", health_bot_api_cache=0
    ):
        assert await probe(port) == 0
        fault = double.faults.add(method="getMe", status=502, times=None)  # the Bot API fails
        assert await probe(port) != 0
        double.faults.rules.remove(fault)


async def test_the_health_check_fails_when_nothing_answers() -> None:
    with socket.socket() as held:  # a port known free: bound here, never listened on
        held.bind(("127.0.0.1", 0))
        assert await probe(held.getsockname()[1]) != 0
