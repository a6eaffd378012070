"""Is kefu able to work: the database answers a ``SELECT 1``, Redis (if configured) a PING,
and the Bot API a getMe. Each check has its own timeout, so a hung service makes the
answer "failing", never a hung probe; the Bot API's answer is reused for a few seconds,
so a scraper asking every second does not ask Telegram every second.

A check's reason goes to the log (once, when it starts failing), not into the answer:
/healthz is unauthenticated and says only which service is failing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import aiohttp
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.support.clock import Clock
from bot.support.redaction import Redactor
from bot.telegram import probe

if TYPE_CHECKING:
    from redis.asyncio import Redis

log = logging.getLogger(__name__)
Check = Callable[[], Awaitable[None]]  # returns if the service answers, raises if not


class ServiceDown(Exception):
    """A check's service did not answer as it should; the message says how."""


class BotApiCheck:
    """getMe through :mod:`bot.telegram.probe`, its result (an answer, or none in time)
    kept ``cache`` seconds."""

    def __init__(
        self,
        api_url: str,
        token: str,
        clock: Clock,
        redactor: Redactor,
        cache: float,
        timeout: float,
    ) -> None:
        self._api_url = api_url
        self._token = token
        self._clock = clock
        self._cache = cache
        # A little under the health check's own timeout, so that a Bot API that does not
        # answer is an answer too (kept like the others) rather than a cancelled call
        # asked again by the next scrape.
        self._timeout = timeout * 0.9
        self._redactor = redactor
        self._last: tuple[float, probe.ProbeResult] | None = None
        self._lock = asyncio.Lock()  # one getMe at a time, however many scrapers ask
        self._session: aiohttp.ClientSession | None = None

    async def __call__(self) -> None:
        async with self._lock:
            now = self._clock.monotonic()
            if self._last is None or now - self._last[0] >= self._cache:
                if self._session is None:
                    self._session = aiohttp.ClientSession()
                result = await probe.get_me(
                    self._api_url, self._token, timeout=self._timeout, session=self._session
                )
                self._last = (self._clock.monotonic(), result)
            result = self._last[1]
        if not result.ok:
            raise ServiceDown(self._redactor(result.describe()))

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def database_check(engine: AsyncEngine) -> Check:
    async def check() -> None:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    return check


def redis_check(redis: Redis) -> Check:
    async def check() -> None:
        if not await redis.ping():
            raise ServiceDown("Redis did not answer PING")

    return check


class Health:
    """The checks by name; :meth:`failing` asks them all at once."""

    def __init__(self, checks: dict[str, Check], timeout: float) -> None:
        self._checks = checks
        self._timeout = timeout
        self._failing: set[str] = set()  # as of the last look, to log only changes

    async def failing(self) -> list[str]:
        """The names of the services that did not answer in time, in the checks' order."""
        names = list(self._checks)
        outcomes = await asyncio.gather(*(self._ask(name) for name in names))
        failing = [name for name, why in zip(names, outcomes, strict=True) if why is not None]
        for name, why in zip(names, outcomes, strict=True):
            if why is not None and name not in self._failing:
                log.warning("health: %s is failing: %s", name, why)
            elif why is None and name in self._failing:
                log.info("health: %s answers again", name)
        self._failing = set(failing)
        return failing

    async def _ask(self, name: str) -> str | None:
        """None if ``name``'s service answered in time, else why not."""
        try:
            async with asyncio.timeout(self._timeout):
                await self._checks[name]()
        except TimeoutError:
            return f"no answer within {self._timeout:g} s"
        except Exception as exc:  # whatever a driver raises, the probe answers: failing
            return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return None
