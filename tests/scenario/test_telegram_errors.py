"""Telegram's errors, each handled by kind: 429, 403 (user, group), 400, 5xx, webhook secret."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import pytest

from bot.telegram.double import BotApiDouble
from dialogs.views import Literal, View
from tests.scenario.harness import Running, eventually, running_kefu


async def test_a_429_mid_conversation_is_waited_out_and_the_message_arrives_once(
    double: BotApiDouble, kefu: Running
) -> None:
    user = double.driver.private_user(201, "Di", language_code="en")
    await user.send_command("start")
    await user.next_message(timeout=10)
    double.faults.add(method="sendMessage", chat_id=201, status=429, retry_after=1)
    await user.send_text("where is my top-up?")
    reply = await user.next_message(timeout=10)
    assert "answers may help" in reply.text  # the knowledge base answered
    sends = double.log.calls("sendMessage", chat_id=201)
    assert [c.status for c in sends] == [200, 429, 200]
    assert sends[2].monotonic - sends[1].monotonic >= 1.0  # retry_after was honoured
    assert len(user.messages) == 2


async def test_a_user_who_blocked_the_bot_is_marked_and_left_alone(
    double: BotApiDouble, kefu: Running
) -> None:
    user = double.driver.private_user(202, "Ed", language_code="en")
    double.block(202)
    await user.send_command("start")
    await double.log.wait_for("sendMessage", chat_id=202, status=403, timeout=10)
    users = kefu.app.users

    async def blocked() -> bool:
        row = await users.get(202)
        return row is not None and row.blocked

    await eventually(blocked)
    assert user.messages == []
    # Writing again means they unblocked the bot: they are answered, and no longer marked.
    double.unblock(202)
    await user.send_text("hello again")
    await user.next_message(timeout=10)
    assert not (await users.get(202)).blocked  # type: ignore[union-attr]


async def test_a_400_is_logged_and_the_user_told(
    double: BotApiDouble, kefu: Running, caplog: pytest.LogCaptureFixture
) -> None:
    user = double.driver.private_user(203, "Flo", language_code="en")
    double.faults.add(method="sendMessage", chat_id=203, status=400, description="Bad Request: odd")
    with caplog.at_level(logging.ERROR, logger="bot.app.sender"):
        await user.send_command("start")
        apology = await user.next_message(timeout=10)
    assert "Something went wrong on our side" in apology.text
    assert any(
        "SendText" in r.getMessage() and "Bad Request: odd" in r.getMessage()
        for r in caplog.records
    )


async def test_server_errors_are_retried_with_backoff(double: BotApiDouble, kefu: Running) -> None:
    user = double.driver.private_user(204, "Gus", language_code="en")
    double.faults.add(method="sendMessage", chat_id=204, status=502, times=2)
    await user.send_command("start")
    reply = await user.next_message(timeout=10)
    assert "Hello, Gus!" in reply.text
    assert [c.status for c in double.log.calls("sendMessage", chat_id=204)] == [502, 502, 200]
    assert len(user.messages) == 1


async def test_losing_the_agents_group_alerts_the_admins(
    double: BotApiDouble, tmp_path: Path
) -> None:
    admin = double.driver.private_user(900, "Admin", language_code="zh-hans")
    group = double.driver.forum_group(-1001234, "Agents")
    group.kick_bot()
    async with running_kefu(double, tmp_path, admin_ids=[900]) as kefu:
        await admin.send_command("start")  # kefu learns the admin's language
        await admin.next_message(timeout=10)
        await kefu.app.send(group.id, View(parts=(Literal("new ticket"),)), "en")
        alert = await admin.next_message(timeout=10)
    assert "-1001234" in alert.text
    assert "客服群" in alert.text


async def test_webhook_refuses_a_wrong_secret(double: BotApiDouble, tmp_path: Path) -> None:
    async with running_kefu(double, tmp_path, webhook=True) as kefu:
        url = str(kefu.settings.webhook_url)
        update = {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": 205, "type": "private", "first_name": "Hal"},
                "from": {"id": 205, "is_bot": False, "first_name": "Hal"},
                "text": "hi",
            },
        }
        async with aiohttp.ClientSession() as http:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                async with http.post(url, json=update, headers=headers) as resp:
                    assert resp.status == 403
        assert double.log.count("sendMessage", chat_id=205) == 0
        # The double's own deliveries carry the right secret and are answered.
        user = double.driver.private_user(206, "Ida", language_code="en")
        await user.send_command("start")
        assert "Hello, Ida!" in (await user.next_message(timeout=10)).text


async def test_webhook_mode_refuses_to_start_without_a_secret(
    double: BotApiDouble, tmp_path: Path
) -> None:
    from bot.config import ConfigError

    with pytest.raises(ConfigError, match="KEFU_WEBHOOK_SECRET"):
        async with running_kefu(double, tmp_path, webhook=True, webhook_secret=None):
            pass


async def _raw_post(url: str, headers: bytes, body: bytes) -> int:
    """POST with header bytes as given (aiohttp's client would refuse non-UTF-8 ones);
    the response's status."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        writer.write(
            b"POST " + parts.path.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nConnection: close\r\n" + headers
            + b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
        )  # fmt: skip
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), 10)
        return int(status_line.split()[1])
    finally:
        writer.close()


async def test_a_malformed_webhook_request_is_a_4xx_and_changes_nothing(
    double: BotApiDouble, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with running_kefu(double, tmp_path, webhook=True) as kefu:
        url = str(kefu.settings.webhook_url)
        secret = str(kefu.settings.webhook_secret.get_secret_value()).encode()  # type: ignore[union-attr]
        right = b"X-Telegram-Bot-Api-Secret-Token: " + secret + b"\r\n"
        odd_secret = b"X-Telegram-Bot-Api-Secret-Token: \xff\xfe" + secret + b"\r\n"
        assert await _raw_post(url, odd_secret, b"{}") == 403
        deep = b"[" * 100_000 + b"]" * 100_000
        nested = b'{"update_id": 5, "message": ' + b'{"a": ' * 50_000 + b"1" + b"}" * 50_001
        for body in (deep, nested, b"", b"not json", b"[]", b'"text"', b'{"update_id": "x"}'):
            assert await _raw_post(url, right, body) == 400, body[:40]
        assert double.log.count("sendMessage") == 0
    assert "Traceback" not in caplog.text
    # Shutting down by webhook asks no getUpdates (it would only meet a 409 Conflict).
    assert "could not confirm" not in caplog.text
    assert double.log.count("getUpdates") == 0
