"""Regressions named after what went wrong (found in review of the runtime)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app.kefu_app import Tuning
from bot.telegram.double import BotApiDouble
from tests.scenario.harness import FAST_RETRIES, running_kefu


async def test_an_update_is_confirmed_once_committed_and_a_waiting_reply_outlives_kefu(
    double: BotApiDouble, tmp_path: Path
) -> None:
    """The reply waits out a 429 of 25 s; the update is confirmed anyway (its reply is a
    committed row), and a kefu stopped meanwhile sends it when it starts again."""
    user = double.driver.private_user(501, "Sam", language_code="en")
    double.faults.add(method="sendMessage", chat_id=501, status=429, retry_after=25)
    tuning = Tuning(outbox=FAST_RETRIES, drain_timeout=0.2)
    async with running_kefu(double, tmp_path, tuning=tuning) as kefu:
        await user.send_command("start")
        await double.log.wait_for("sendMessage", chat_id=501, status=429, timeout=10)
        await double.log.changed.wait_until(lambda: double.updates.pending_count == 0, 10)
        assert double.updates.pending_count == 0, "confirmed before its reply is out"
        await kefu.shutdown()
    assert user.messages == []
    async with running_kefu(double, tmp_path, tuning=tuning):
        assert "Hello, Sam!" in (await user.next_message(timeout=10)).text
    assert double.log.count("sendMessage", chat_id=501, status=200) == 1


async def test_a_refused_command_menu_does_not_stop_kefu(
    double: BotApiDouble, tmp_path: Path
) -> None:
    double.faults.add(method="setMyCommands", status=400, description="Bad Request: x", times=3)
    user = double.driver.private_user(502, "Tia", language_code="en")
    async with running_kefu(double, tmp_path):
        await user.send_command("start")
        assert "Hello, Tia!" in (await user.next_message(timeout=10)).text


async def test_an_update_kefu_cannot_read_is_skipped_not_fetched_for_ever(
    double: BotApiDouble, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    user = double.driver.private_user(503, "Uma", language_code="en")
    double.updates.push("message", {"message_id": "not a number", "chat": None})
    async with running_kefu(double, tmp_path):
        await user.send_command("start")
        assert "Hello, Uma!" in (await user.next_message(timeout=10)).text
        await double.log.changed.wait_until(lambda: double.updates.pending_count == 0, 10)
    assert double.updates.pending_count == 0
    assert any("skipped update" in r.getMessage() for r in caplog.records)
