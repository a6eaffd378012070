"""Telegram's limits across instances (bot.telegram.outbox.shared_budget): two outboxes, as
two kefu processes would have, sending to one chat through real aiogram transports to a
double that enforces the limits, their budgets shared through the real Redis."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from redis.asyncio import Redis

from bot.support.clock import SystemClock
from bot.support.redaction import Redactor
from bot.telegram.double import BotApiDouble, Limits
from bot.telegram.ops import MediaItem, SendMediaGroup, SendText
from bot.telegram.outbox import Outbox, OutboxLimits, Priority, SharedBudget
from bot.telegram.runtimes.aiogram3.transport import AiogramTransport

# Telegram's model, ten times faster, so the test takes seconds: 10 a second per private
# chat after a burst of 3; kefu's limit a little under it, as one instance's is under
# Telegram's (a grant and its call's arrival are a network hop apart).
FAST = {"private_per_second": 10.0, "private_burst": 3}
KEFU = {"private_per_second": 9.0, "private_burst": 3}
CHAT = 42


@pytest.fixture
async def double() -> AsyncIterator[BotApiDouble]:
    async with BotApiDouble(clock=SystemClock(), limits=Limits(**FAST)) as running:
        running.driver.private_user(CHAT, "Ann")
        running.driver.private_user(CHAT + 1, "Bo")
        yield running
        assert not running.internal_errors, running.internal_errors


@pytest.fixture
async def instances(double: BotApiDouble, redis: Redis) -> AsyncIterator[list[Outbox]]:
    """Two outboxes, each with its own aiogram bot; shared budgets under a bot id of
    their own (so nothing else's keys count)."""
    bot_id = uuid.uuid4().hex
    limits = OutboxLimits(**KEFU)  # type: ignore[arg-type]
    bots, made = [], []
    for _ in range(2):
        api = TelegramAPIServer.from_base(double.base_url)
        bot = Bot(double.token, session=AiohttpSession(api=api))
        shared = SharedBudget(redis, limits, bot_id)
        outbox = Outbox(AiogramTransport(bot, Redactor()), SystemClock(), limits, shared=shared)
        await outbox.start()
        bots.append(bot)
        made.append(outbox)
    yield made
    for outbox, bot in zip(made, bots, strict=True):
        await outbox.close(timeout=5)
        await bot.session.close()
    await redis.delete(*await redis.keys(f"kefu:{{{bot_id}}}:*") or ["-"])


async def test_two_instances_keep_one_chats_limit_together(
    double: BotApiDouble, instances: list[Outbox]
) -> None:
    sends = [
        outbox.submit(SendText(CHAT, f"{n}: {i}"), Priority.ANSWER)
        for i in range(12)
        for n, outbox in enumerate(instances)
    ]
    await asyncio.wait_for(asyncio.gather(*sends), timeout=30)
    assert double.log.calls("sendMessage", status=429) == [], "Telegram never had to say 429"
    got = [m.text for m in double.driver.private_user(CHAT).messages]
    assert len(got) == 24
    for n in range(2):  # each instance's messages in their order
        assert [t for t in got if t.startswith(f"{n}:")] == [f"{n}: {i}" for i in range(12)]


async def test_a_429_one_instance_hears_holds_the_chat_for_the_other(
    double: BotApiDouble, instances: list[Outbox], redis: Redis
) -> None:
    first, second = instances
    double.faults.add("sendMessage", chat_id=CHAT + 1, status=429, retry_after=3, times=1)
    sent = first.submit(SendText(CHAT + 1, "one"), Priority.ANSWER)

    async def told() -> None:
        while not double.log.calls("sendMessage", status=429):
            await asyncio.sleep(0.01)

    await asyncio.wait_for(told(), timeout=10)
    shared = second._limiter.shared
    assert shared is not None

    async def held() -> float:  # the pause is written by a task of its own: wait for it
        while True:
            refusal = await shared.wait(CHAT + 1, 1, broadcast=False, paid=False)
            if refusal is not None and refusal.budget == "pause":
                return refusal.seconds
            await asyncio.sleep(0.01)

    # The other instance is asked to wait for most of Telegram's 3 s (the chat's burst
    # does not shorten a pause).
    assert await asyncio.wait_for(held(), timeout=5) > 2.0
    await asyncio.wait_for(sent, timeout=10)
    assert [m.text for m in double.driver.private_user(CHAT + 1).messages] == ["one"]


async def test_an_album_bigger_than_the_bursts_goes_once_the_budgets_are_full(
    double: BotApiDouble, instances: list[Outbox]
) -> None:
    """Ten photos cost ten messages: more than a private chat's burst (3) and the bot's (5,
    two of them kept for answers when a broadcast asks); it goes once the buckets are
    full, as one instance's limiter lets it, rather than waiting for ever."""
    user = double.driver.private_user(CHAT)
    photo = (await user.send_photo()).raw["photo"][-1]["file_id"]
    album = SendMediaGroup(CHAT, tuple(MediaItem("photo", photo) for _ in range(10)))
    sent = await asyncio.wait_for(instances[0].submit(album, Priority.BROADCAST), timeout=10)
    assert len(sent.message_ids) == 10
