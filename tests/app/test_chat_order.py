"""Per-chat order: one chat strictly in order, chats in parallel, and across processes (Redis)."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from redis.asyncio import Redis

from bot.app.chat_order import ChatOrder, LockTimeout, RedisChatLock, chat_lock
from bot.app.fleet import FleetTuning


async def test_one_chat_in_order_while_another_chat_runs() -> None:
    order = ChatOrder(parallel=4)
    seen: list[tuple[int, int]] = []
    gate = asyncio.Event()

    def job(chat: int, n: int, wait: bool = False):
        async def run() -> None:
            if wait:
                await gate.wait()
            seen.append((chat, n))

        return run

    order.submit(1, job(1, 0, wait=True))
    for n in range(1, 5):
        order.submit(1, job(1, n))
    other = order.submit(2, job(2, 0))
    await other  # chat 2 is not held up by chat 1's slow first job
    assert seen == [(2, 0)]
    gate.set()
    await order.drain()
    assert [n for chat, n in seen if chat == 1] == [0, 1, 2, 3, 4]


async def test_a_failing_job_does_not_stop_its_chat() -> None:
    order = ChatOrder()
    ran: list[int] = []

    async def boom() -> None:
        raise RuntimeError("handler bug")

    async def fine() -> None:
        ran.append(1)

    order.submit(1, boom)
    await order.submit(1, fine)
    assert ran == [1]


async def test_parallelism_is_bounded() -> None:
    order = ChatOrder(parallel=2)
    running = 0
    peak = 0
    release = asyncio.Event()

    async def job() -> None:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await release.wait()
        running -= 1

    futures = [order.submit(chat, job) for chat in range(6)]
    while running < 2:
        await asyncio.sleep(0)
    assert peak == 2
    release.set()
    await asyncio.gather(*futures)
    assert peak == 2


async def test_two_processes_never_handle_one_chat_at_once(redis: Redis) -> None:
    prefix = f"kefu:test:{uuid.uuid4().hex}:"
    first = ChatOrder(lock=RedisChatLock(redis, prefix=prefix))
    second = ChatOrder(lock=RedisChatLock(redis, prefix=prefix))
    inside = 0
    overlaps = 0
    log: list[str] = []

    def job(name: str):
        async def run() -> None:
            nonlocal inside, overlaps
            inside += 1
            overlaps += inside > 1
            await asyncio.sleep(0.01)
            log.append(name)
            inside -= 1

        return run

    futures = []
    for n in range(5):
        futures.append(first.submit(7, job(f"a{n}")))
        futures.append(second.submit(7, job(f"b{n}")))
    await asyncio.gather(*futures)
    assert overlaps == 0
    assert sorted(log) == sorted([f"a{n}" for n in range(5)] + [f"b{n}" for n in range(5)])
    assert [x for x in log if x[0] == "a"] == [f"a{n}" for n in range(5)]


async def test_two_bots_on_one_redis_never_wait_on_each_others_chats(redis: Redis) -> None:
    """Each bot's chat 7 is its own (a user's private chat id is the same for every bot)."""
    bot = f"9{uuid.uuid4().int % 10**8}"
    first = ChatOrder(lock=chat_lock(redis, FleetTuning(), bot))
    same_bot = ChatOrder(lock=chat_lock(redis, FleetTuning(chat_lock_wait=0.2), bot))
    other_bot = ChatOrder(lock=chat_lock(redis, FleetTuning(chat_lock_wait=0.2), bot + "1"))
    release = asyncio.Event()
    held = asyncio.Event()

    async def holding() -> None:
        held.set()
        await release.wait()

    ran: list[str] = []

    def job(name: str):
        async def run() -> None:
            ran.append(name)

        return run

    first_job = first.submit(7, holding)
    await held.wait()
    await other_bot.submit(7, job("other bot"))  # another bot's chat 7: not waited for
    assert await redis.keys(f"kefu:{bot}:chat-lock:7") != []
    with pytest.raises(LockTimeout):  # this bot's chat 7 is held: refused after 0.2 s
        await same_bot.submit(7, job("same bot"))
    release.set()
    await first_job
    assert ran == ["other bot"]
