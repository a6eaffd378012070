"""`kefu run` and `kefu try` as processes: served, stopped by SIGTERM, nothing left behind;
each on the runtime of the run (``KEFU_RUNTIME``)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from bot.telegram.double import BotApiDouble

LIBRARY = {"aiogram": "aiogram", "ptb": "python-telegram-bot"}


def kefu_env(double: BotApiDouble, runtime: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KEFU_", "PTB_"))}
    env.update(
        KEFU_RUNTIME=runtime,
        KEFU_BOT_TOKEN=double.token,
        KEFU_TELEGRAM_API_URL=double.base_url,
        KEFU_POLL_TIMEOUT="2",
        **extra,
    )
    return env


async def test_run_serves_then_stops_cleanly_on_sigterm(
    double: BotApiDouble, tmp_path: Path, runtime: str
) -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=kefu_env(double, runtime),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        user = double.driver.private_user(401, "Quinn", language_code="en")
        await user.send_command("start")
        assert "Hello, Quinn!" in (await user.next_message(timeout=60)).text
        for n in range(3):
            await user.send_text(f"still there? {n}")
        proc.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(proc.communicate(), 60)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 0, err.decode()
    # Every update it took was answered, and confirmed so a restart would not redo it.
    answered = {m.reply_to for m in user.messages if m.reply_to}
    assert len(answered) + double.updates.pending_count >= 3
    assert double.updates.pending_count == 3 - len(answered)
    logs = out.decode() + err.decode()
    assert f"on {LIBRARY[runtime]} " in logs  # the runtime asked for is the one that served
    assert double.token not in logs
    assert (tmp_path / "data" / "kefu.db").is_file()


async def test_try_is_a_chat_in_the_terminal(tmp_path: Path, runtime: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KEFU_", "PTB_"))}
    env["KEFU_RUNTIME"] = runtime
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "try",
        "--name",
        "[b]Rae[/]",
        cwd=tmp_path,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stdin is not None
    assert proc.stdout is not None
    seen: list[str] = []

    async def read_until(text: str) -> None:
        """Read the terminal until a new line shows ``text``."""
        while True:
            line = await asyncio.wait_for(proc.stdout.readline(), 60)  # type: ignore[union-attr]
            assert line, f"kefu try ended before showing {text!r}: {seen}"
            seen.append(line.decode())
            if text in seen[-1]:
                return

    try:
        await read_until("Hello, [b]Rae[/]!")  # a name is text, never terminal markup
        await read_until("[11] Language")  # after "🙋 Talk to a person": the desk is on
        proc.stdin.write(b"11\n")
        await read_until("[3] 繁體中文")
        proc.stdin.write(b"3\n")
        await read_until("語言已切換為繁體中文")
        proc.stdin.write(b":sticker\n")
        await read_until("沒看懂您的意思")
        await read_until("[1] 儲值未到帳")
        proc.stdin.write(b"1\n")
        await read_until("訂單編號")
        proc.stdin.write(b"P20241123-0001\n")
        await read_until("[1] 支付寶")
        proc.stdin.write(b"1\n")
        await read_until("金額是多少")
        proc.stdin.write(b"30 USD\n")  # a number with words is text, not a button
        await read_until("第 4 步，共 5 步")
        proc.stdin.write(b":quit\n")
        await proc.stdin.drain()
        rest, err = await asyncio.wait_for(proc.communicate(), 60)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 0, err.decode()
    assert "bye" in rest.decode()
    assert (tmp_path / "data" / "kefu-try.db").is_file()
