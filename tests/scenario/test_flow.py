"""Order, parallel chats, long texts, clean shutdown, Redis, and no token in any log line."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from redis.asyncio import Redis

from bot.telegram.double import BotApiDouble
from dialogs.views import ButtonView, Literal, View
from tests.scenario.harness import ROOMY, ROOMY_OUTBOX, Running, running_kefu, wait_messages
from tests.services import REDIS_URL


@pytest.mark.parametrize("webhook", [False, True], ids=["polling", "webhook"])
async def test_twenty_messages_in_a_second_are_handled_in_order(
    tmp_path: Path, webhook: bool
) -> None:
    async with BotApiDouble(limits=ROOMY) as double:
        user = double.driver.private_user(301, "Jo", language_code="en")
        async with running_kefu(double, tmp_path, webhook=webhook, tuning=ROOMY_OUTBOX):
            sent = [await user.send_text(f"message {n}") for n in range(20)]
            await wait_messages(double, user, 20)
        assert [m.reply_to for m in user.messages] == [m.message_id for m in sent]


async def test_a_slow_chat_does_not_hold_up_another(double: BotApiDouble, kefu: Running) -> None:
    slow = double.driver.private_user(302, "Kim", language_code="en")
    fast = double.driver.private_user(303, "Lee", language_code="en")
    double.faults.add(method="sendMessage", chat_id=302, status=429, retry_after=2)
    await slow.send_command("start")
    await double.log.wait_for("sendMessage", chat_id=302, status=429, timeout=10)
    await fast.send_command("start")
    await fast.next_message(timeout=10)
    assert slow.messages == [], "the fast user was answered while the slow one still waits"
    assert "Hello, Kim!" in (await slow.next_message(timeout=10)).text


async def test_a_full_length_message_and_a_long_answer(double: BotApiDouble, kefu: Running) -> None:
    user = double.driver.private_user(304, "Mo", language_code="en")
    longest = await user.send_text("长" * 4096)
    hint = await user.next_message(timeout=10)
    assert hint.reply_to == longest.message_id
    lines = [f"line {n:04d} " + "x" * 40 for n in range(100)]  # 5,000 characters and more
    text = "\n".join(lines)
    assert len(text) > 5000
    button = ButtonView(Literal("OK"), "m")
    await kefu.app.send(304, View(parts=(Literal(text),), buttons=((button,),)), "en")
    first = await user.next_message(timeout=10)
    second = await user.next_message(timeout=10)
    assert len(first.text) <= 4096
    # The cut falls on a line break; Telegram trims the whitespace at either end of a text.
    assert first.text.rstrip("\n") + "\n" + second.text.lstrip("\n") == text
    assert first.buttons == []
    assert second.buttons == [["OK"]]


async def test_shutdown_finishes_what_is_in_hand_and_nothing_is_handled_twice(
    double: BotApiDouble, tmp_path: Path
) -> None:
    async with BotApiDouble(limits=ROOMY) as double:
        user = double.driver.private_user(305, "Ned", language_code="en")
        async with running_kefu(double, tmp_path, tuning=ROOMY_OUTBOX) as kefu:
            await user.send_command("start")
            await user.next_message(timeout=10)
            sent = [await user.send_text(f"question {n}") for n in range(5)]
            await kefu.shutdown()
        async with running_kefu(double, tmp_path, tuning=ROOMY_OUTBOX):
            await user.send_command("start")
            await wait_messages(double, user, 7)
        replies = [m.reply_to for m in user.messages if m.reply_to is not None]
        assert sorted(replies) == sorted(m.message_id for m in sent)
        assert len(user.messages) == 7


async def test_the_same_conversation_with_redis(
    double: BotApiDouble, tmp_path: Path, redis: Redis
) -> None:
    user = double.driver.private_user(306, "Ola", language_code="zh-hant")
    async with running_kefu(double, tmp_path, redis_url=REDIS_URL):
        await user.send_command("start")
        assert "您好，Ola！" in (await user.next_message(timeout=10)).text
        await (await user.press("我的工單")).answer(timeout=10)
        assert "您還沒有工單" in (await user.next_message(timeout=10)).text
    assert await redis.keys("kefu:*:chat-lock:306") == []


async def test_no_token_in_any_log_line(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    double = BotApiDouble()
    await double.start()
    caplog.set_level(logging.DEBUG)
    async with running_kefu(double, tmp_path) as kefu:
        user = double.driver.private_user(307, "Pat", language_code="en")
        await user.send_command("start")
        await user.next_message(timeout=10)
        await double.close()  # Telegram goes away: polling fails and says so
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 10
        while not any("getUpdates failed" in r.getMessage() for r in caplog.records):
            assert loop.time() < deadline, "kefu never reported the lost connection"
            await asyncio.sleep(0.05)
        kefu.stop.set()
    text = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert double.token not in text
    assert double.token.split(":")[1] not in text
