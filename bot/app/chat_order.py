"""Updates of one chat are handled one at a time, in arrival order; chats run in parallel.

With Redis, a per-chat lock also keeps two kefu processes from handling one chat at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import TYPE_CHECKING, Protocol

from bot.observe.logs import log_context

if TYPE_CHECKING:
    from redis.asyncio import Redis
    from redis.asyncio.lock import Lock

    from bot.app.fleet import FleetTuning

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

    The lock lasts ``ttl`` seconds and is renewed every third of that while its update is
    handled, so a holder killed mid-update stalls its chat for at most ``ttl`` (not for
    as long as an update may take); a waiter gives up after ``wait`` seconds. Its keys
    begin with ``prefix`` (kefu's names the bot: see :func:`chat_lock`).
    """

    def __init__(
        self,
        redis: Redis,
        prefix: str,
        ttl: float = 10.0,
        wait: float = 60.0,
    ) -> None:
        self._redis = redis
        self._prefix = prefix
        self._ttl = ttl
        self._wait = wait

    @asynccontextmanager
    async def hold(self, chat_id: int) -> AsyncIterator[None]:
        from redis.exceptions import LockError  # Redis's, imported only when configured

        lock = self._redis.lock(
            f"{self._prefix}{chat_id}", timeout=self._ttl, blocking_timeout=self._wait
        )
        if not await lock.acquire():
            raise LockTimeout(f"chat {chat_id} stayed locked for {self._wait} s")
        renewing = asyncio.create_task(self._renew(lock, chat_id))
        try:
            yield
        finally:
            renewing.cancel()
            await asyncio.wait({renewing})  # never swallowing a cancellation of this task
            try:
                await lock.release()
            except LockError:  # it ran out (Redis away too long): another may hold it
                log.error("the lock of chat %s ran out while its update was handled", chat_id)

    async def _renew(self, lock: Lock, chat_id: int) -> None:
        from redis.exceptions import LockError, LockNotOwnedError, RedisError

        # Redis's own time runs the lock, so this waits in real seconds, not the clock's.
        while True:
            await asyncio.sleep(self._ttl / 3)
            try:
                await lock.reacquire()
            except LockNotOwnedError:  # it ran out: another instance may hold it now
                log.error("the lock of chat %s ran out while its update was handled", chat_id)
                return
            except (LockError, RedisError) as exc:  # Redis away: try again, the lock lasts
                log.warning("could not renew the lock of chat %s: %s", chat_id, exc)


def chat_lock(redis: Redis | None, tuning: FleetTuning, bot_id: str) -> ChatLock | None:
    """With Redis (several instances may run), the chats' shared lock, one per bot (bots
    sharing a Redis never wait on each other's chats); else none."""
    if redis is None:
        return None
    return RedisChatLock(
        redis, f"kefu:{bot_id}:chat-lock:", tuning.chat_lock_ttl, tuning.chat_lock_wait
    )


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
                    async with log_context(chat=chat_id), self._lock.hold(chat_id), self._slots:
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
