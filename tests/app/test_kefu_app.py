"""KefuApp's own promise: an event whose handling fails is logged and its user told, once,
and the chat goes on working."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.telegram.double import BotApiDouble
from tests.scenario.harness import running_kefu


@pytest.fixture
async def double() -> AsyncIterator[BotApiDouble]:
    async with BotApiDouble() as d:
        yield d


async def test_a_failed_handling_is_apologised_for_once(
    double: BotApiDouble, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with running_kefu(double, tmp_path) as kefu:
        user = double.driver.private_user(401, "Kay", language_code="en")
        async with kefu.kefu.engine.begin() as conn:  # the drafts are out of reach now
            await conn.execute(text("ALTER TABLE drafts RENAME TO drafts_away"))
        await user.send_text("hello")
        apology = await user.next_message(timeout=10)
        assert apology.text == "Something went wrong on our side. Please try again in a moment."
        assert "handling an event of chat 401 failed" in caplog.text
        async with kefu.kefu.engine.begin() as conn:
            await conn.execute(text("ALTER TABLE drafts_away RENAME TO drafts"))
        await user.send_text("hello again")
        assert "could not find an answer" in (await user.next_message(timeout=10)).text
    assert len(user.messages) == 2
