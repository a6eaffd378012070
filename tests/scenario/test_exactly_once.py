"""Exactly once, seen from Telegram's side: a redelivered update does nothing twice, even
after a restart, and a reply that keeps failing is given up on in the open: recorded
failed with its reason, and the user told. (Kills: test_crash_kill.py.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import select

from bot.app.kefu_app import Tuning
from bot.storage.database import make_sessionmaker
from bot.storage.models import HandledUpdate, OutboxMessage, OutboxState
from bot.telegram.double import BotApiDouble
from bot.telegram.outbox import OutboxLimits
from tests.scenario.harness import Running, eventually, running_kefu

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def help_update(update_id: int, user_id: int) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": 7,
            "date": 1_764_460_800,
            "chat": {"id": user_id, "type": "private", "first_name": "Jo"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Jo", "language_code": "en"},
            "text": "/help",
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
        },
    }


async def post(kefu: Running, update: dict[str, Any]) -> int:
    headers = {SECRET_HEADER: str(kefu.settings.webhook_secret.get_secret_value())}  # type: ignore[union-attr]
    async with (
        aiohttp.ClientSession() as http,
        http.post(str(kefu.settings.webhook_url), json=update, headers=headers) as resp,
    ):
        return resp.status


async def test_a_webhook_retry_after_a_restart_does_nothing_twice(
    double: BotApiDouble, tmp_path: Path
) -> None:
    user = double.driver.private_user(801, "Jo", language_code="en")
    update = help_update(5_000_001, 801)
    async with running_kefu(double, tmp_path, webhook=True) as kefu:
        assert await post(kefu, update) == 200
        first = await user.next_message(timeout=10)
    # A new process: nothing in memory knows the update, the database does.
    async with running_kefu(double, tmp_path, webhook=True) as kefu:
        assert await post(kefu, update) == 200  # Telegram's retry: answered, not redone
        await user.send_text("hello")  # the same chat, so handled after the retry
        after = await user.next_message(timeout=10)
        async with make_sessionmaker(kefu.kefu.engine)() as session:
            ids = list(await session.scalars(select(HandledUpdate.update_id)))
    assert first.text.startswith("What I can do")
    assert "could not find an answer" in after.text
    assert len(user.messages) == 2, [m.text for m in user.messages]
    assert 5_000_001 in ids


async def test_a_reply_that_keeps_failing_is_recorded_failed_and_the_user_told(
    double: BotApiDouble, tmp_path: Path
) -> None:
    user = double.driver.private_user(802, "Kay", language_code="en")
    # The reply meets 500 at 0 s and 0.4 s; a third try would come after its 0.7 s horizon.
    # The notice that follows meets the last 500, then gets through (its retry is due 0.4 s
    # after its first try: 0.3 s of slack for a busy machine to make that first try).
    double.faults.add(method="sendMessage", chat_id=802, status=500, times=3)
    limits = OutboxLimits(backoff_base=0.4, backoff_cap=0.4, retry_horizon=0.7)
    async with running_kefu(double, tmp_path, tuning=Tuning(outbox=limits)) as kefu:
        await user.send_command("help")
        notice = await user.next_message(timeout=10)
        sessions = make_sessionmaker(kefu.kefu.engine)
        rows: list[OutboxMessage] = []

        async def settled() -> bool:
            nonlocal rows
            async with sessions() as session:
                rows = list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
            return all(row.state != OutboxState.PENDING for row in rows)

        await eventually(settled)
    assert "could not be delivered" in notice.text
    reply, told = [r for r in rows if r.chat_id == 802]
    assert reply.state == OutboxState.FAILED
    assert "Internal Server Error" in (reply.error or "")
    assert told.state == OutboxState.SENT and told.message_ids == [notice.message_id]
    assert [c.status for c in double.log.calls("sendMessage", chat_id=802)] == [500, 500, 500, 200]
