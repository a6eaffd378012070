"""kefu asks getMe before it serves: a refused token or a Bot API out of reach stops
`kefu run` at once with one line (no traceback, exit 1); a passing fault is asked again."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app.kefu_app import Tuning
from bot.telegram.double import BotApiDouble
from bot.telegram.runtimes.common import FatalRuntimeError
from tests.scenario.harness import FAST_RETRIES, free_port, running_kefu

DEADLINE = 20  # seconds for a whole `kefu run` process to give up (imports included)


async def kefu_run(tmp_path: Path, runtime: str, token: str, api_url: str) -> tuple[int, str]:
    """`kefu run` as a process; its exit code and output, once it ended (by DEADLINE)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KEFU_", "PTB_"))}
    env.update(KEFU_RUNTIME=runtime, KEFU_BOT_TOKEN=token, KEFU_TELEGRAM_API_URL=api_url)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        out, err = await asyncio.wait_for(proc.communicate(), DEADLINE)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode is not None
    return proc.returncode, out.decode() + err.decode()


def one_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "Traceback" not in output
    return lines[0]


async def test_run_with_a_refused_token_says_so_and_stops(
    double: BotApiDouble, tmp_path: Path, runtime: str
) -> None:
    wrong = double.token.split(":")[0] + ":" + "r" * 35
    code, output = await kefu_run(tmp_path, runtime, wrong, double.base_url)
    assert code == 1
    assert one_line(output) == (
        f"kefu: cannot start: the Bot API at {double.base_url} refused the bot token "
        "(401 Unauthorized)"
    )
    assert "r" * 35 not in output
    assert double.log.count("setMyCommands") == 0  # nothing tried after the refusal


async def test_run_against_nothing_listening_says_so_and_stops(
    tmp_path: Path, runtime: str
) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    token = "123456789:" + "u" * 35
    code, output = await kefu_run(tmp_path, runtime, token, url)
    assert code == 1
    line = one_line(output)
    assert line.startswith(
        f"kefu: cannot start: cannot connect to the Bot API at {url} (connection refused); "
    )
    assert re.fullmatch(r".*\); asked \d+ times in \d+ s", line)  # a few quick tries
    assert "ssl:default" not in output and "u" * 35 not in output


async def test_a_passing_fault_at_start_is_asked_again(
    double: BotApiDouble, tmp_path: Path
) -> None:
    double.faults.add(method="getMe", status=502)
    user = double.driver.private_user(801, "Ira", language_code="en")
    async with running_kefu(double, tmp_path):
        await user.send_command("start")
        assert "Hello, Ira!" in (await user.next_message(timeout=10)).text
    assert double.log.count("getMe", status=502) == 1


@pytest.fixture
async def silent_server() -> AsyncIterator[str]:
    """A server that takes requests and never answers; its URL."""

    async def hang(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()
        writer.close()

    server = await asyncio.start_server(hang, "127.0.0.1", 0)
    yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    server.close()
    await server.wait_closed()


async def test_the_check_at_start_takes_no_longer_than_its_bound(
    double: BotApiDouble, tmp_path: Path, silent_server: str
) -> None:
    tuning = Tuning(outbox=FAST_RETRIES, startup_check=1.0)
    with pytest.raises(FatalRuntimeError) as stopped:
        async with running_kefu(
            double, tmp_path, tuning=tuning, telegram_api_url=silent_server
        ) as kefu:
            await asyncio.wait_for(asyncio.shield(kefu.task), 10)
    assert str(stopped.value) == (
        f"cannot start: cannot connect to the Bot API at {silent_server} (no answer within 1 s)"
    )


async def test_stopped_while_waiting_to_ask_again_it_just_stops(
    double: BotApiDouble, tmp_path: Path
) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    async with running_kefu(double, tmp_path, telegram_api_url=url) as kefu:
        kefu.stop.set()
        await asyncio.wait_for(kefu.task, 10)  # no FatalRuntimeError: it was told to stop
    assert double.log.count("setMyCommands") == 0
