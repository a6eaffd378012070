"""Updates of one chat are handled one at a time, in arrival order; chats run in parallel.

With Redis, a per-chat lock also keeps two kefu processes from handling one chat at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Protocol

from redis.asyncio import Redis

log = logging.getLogger(__name__)
Job = Callable[[], Awaitable[None]]


class LockTimeout(Exception):
    """Another instance held the chat for too long; the update was not handled."""


class ChatLock(Protocol):
    def hold(self, chat_id: int) -> AbstractAsyncContextManager[None]: ...


class NoLock:
    """One process: the in-process order is enough."""

    @asynccontextmanager
    async def hold(self, chat_id: int) -> AsyncIterator[None]:
        yield


class RedisChatLock:
    """A Redis lock per chat, so several kefu processes never handle one chat at once.

    The lock expires after ``ttl`` seconds, so a crashed holder cannot stall a chat forever.
    """

    def __init__(self, redis: Redis, prefix: str = "kefu:chat-lock:", ttl: float = 60.0) -> None:
        self._redis = redis
        self._prefix = prefix
        self._ttl = ttl

    @asynccontextmanager
    async def hold(self, chat_id: int) -> AsyncIterator[None]:
        lock = self._redis.lock(
            f"{self._prefix}{chat_id}", timeout=self._ttl, blocking_timeout=self._ttl
        )
        if not await lock.acquire():
            raise LockTimeout(f"chat {chat_id} stayed locked for {self._ttl} s")
        try:
            yield
        finally:
            await lock.release()


class ChatOrder:
    """Runs jobs per chat strictly in submission order, at most ``parallel`` chats at once."""

    def __init__(self, parallel: int = 64, lock: ChatLock | None = None) -> None:
        self._queues: dict[int, deque[tuple[Job, asyncio.Future[None]]]] = {}
        self._workers: dict[int, asyncio.Task[None]] = {}
        self._slots = asyncio.Semaphore(parallel)
        self._lock = lock or NoLock()
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def in_hand(self) -> int:
        return sum(len(q) for q in self._queues.values())

    def submit(self, chat_id: int, job: Job) -> asyncio.Future[None]:
        """Queue a job; the future resolves when it has run (its errors are logged, not raised)."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queues.setdefault(chat_id, deque()).append((job, done))
        self._idle.clear()
        if chat_id not in self._workers:
            self._workers[chat_id] = asyncio.create_task(
                self._work(chat_id), name=f"chat-{chat_id}"
            )
        return done

    async def _work(self, chat_id: int) -> None:
        queue = self._queues[chat_id]
        try:
            while queue:
                job, done = queue[0]
                failure: BaseException | None = None
                try:
                    # The chat's lock first, then a slot: chats waiting on another
                    # instance must not hold slots that free chats could use.
                    async with self._lock.hold(chat_id), self._slots:
                        await job()
                except LockTimeout as exc:
                    failure = exc  # not handled: the caller must not confirm it
                except Exception:
                    log.exception("handling an update of chat %s failed", chat_id)
                queue.popleft()
                if not done.done():
                    if failure is None:
                        done.set_result(None)
                    else:
                        done.set_exception(failure)
        finally:
            del self._workers[chat_id]
            del self._queues[chat_id]
            if not self._workers:
                self._idle.set()

    async def drain(self) -> None:
        """Wait until every submitted job has run."""
        await self._idle.wait()
