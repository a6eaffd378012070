"""`kefu check` asks the Bot API getMe and says in one line what is wrong; `kefu --help`
shows flags as flags."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.telegram.double import BotApiDouble
from tests.scenario.harness import free_port


@pytest.fixture
async def double() -> AsyncIterator[BotApiDouble]:
    async with BotApiDouble() as d:
        yield d


async def kefu_check(tmp_path: Path, token: str, api_url: str, **more: str) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KEFU_")}
    env.update(KEFU_BOT_TOKEN=token, KEFU_TELEGRAM_API_URL=api_url, **more)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "check", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        out, err = await asyncio.wait_for(proc.communicate(), 60)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


async def test_check_names_the_bot_when_the_token_works(
    double: BotApiDouble, tmp_path: Path
) -> None:
    code, out, err = await kefu_check(tmp_path, double.token, double.base_url)
    assert code == 0, err
    assert out.splitlines() == [
        f"kefu: the bot token works (@kefu_test_bot) and the Bot API at {double.base_url} answers",
        "kefu: configuration, locales, content and services are fine",
    ]
    assert double.log.count("getMe") == 1


async def test_check_says_the_token_was_refused(double: BotApiDouble, tmp_path: Path) -> None:
    revoked = double.token.split(":")[0] + ":" + "v" * 35
    code, out, err = await kefu_check(tmp_path, revoked, double.base_url)
    assert code == 1
    assert err.splitlines() == [
        f"problem: the Bot API at {double.base_url} refused the bot token (401 Unauthorized)"
    ]
    assert "fine" not in out
    assert "v" * 35 not in out + err


async def test_check_says_the_api_is_out_of_reach(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    token = "123456789:" + "w" * 35
    code, _, err = await kefu_check(tmp_path, token, url)
    assert code == 1
    assert err.splitlines() == [
        f"problem: cannot connect to the Bot API at {url} (connection refused)"
    ]
    assert "w" * 35 not in err


async def test_check_names_what_is_wrong_with_the_shops_api(
    double: BotApiDouble, tmp_path: Path
) -> None:
    config = tmp_path / "orders.yaml"
    config.write_text("preset: woocommerce_v3\nbase_url: https://shop.example\n", "utf-8")
    code, _, err = await kefu_check(
        tmp_path, double.token, double.base_url, KEFU_ORDERS="http", KEFU_ORDERS_CONFIG=str(config)
    )
    assert code == 1
    (line,) = err.splitlines()
    assert line.startswith("problem: ") and "WC_CONSUMER_KEY" in line, line


@pytest.mark.parametrize(
    "args",
    [[], ["run"], ["try"], ["migrate"], ["check"], ["content"], ["content", "init"]],
    ids=lambda args: " ".join(args) or "kefu",
)
def test_help_shows_flags_without_a_type(args: list[str]) -> None:
    result = CliRunner().invoke(app, [*args, "--help"], prog_name="kefu")
    assert result.exit_code == 0, result.output
    assert "--help" in result.output
    assert "<bool>" not in result.output
    if args == ["run"]:
        assert "--webhook  Serve Telegram's webhook." in result.output


async def test_check_names_a_misspelt_tuning_number(double: BotApiDouble, tmp_path: Path) -> None:
    tuning = tmp_path / "tuning.yaml"
    tuning.write_text("outbox:\n  privat_burst: 3\n", encoding="utf-8")
    code, _, err = await kefu_check(
        tmp_path, double.token, double.base_url, KEFU_TUNING=str(tuning)
    )
    assert code == 1
    assert f"problem: KEFU_TUNING {tuning}: not a tuning number: outbox.privat_burst" in err
