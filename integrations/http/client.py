"""The transport: one HTTP call to the shop, with a timeout, retries with exponential
backoff for idempotent calls (GET) only, a circuit breaker and a rate limit.

It answers with the raw reply (status and body) or raises OrderBackendError; reading the
reply is the backend's business. A POST (redeliver) is tried once: after a timeout kefu
cannot know whether the shop acted, and asking twice could deliver twice.

The calls go through one aiohttp.ClientSession per backend, made on the first call (inside
the running loop) and closed by `aclose`. Redirects are not followed.

Nothing here writes a URL: the query string may carry a key, and so do the URL and the
request that aiohttp's exceptions hold (ClientConnectorError, InvalidURL, ...). Log lines
and errors are kefu's own words (the backend, the method, the endpoint and its path
template, the status, the failure's kind), never an aiohttp exception's text, and pass
through the credentials' redactor all the same.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import os
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
from yarl import URL

from dialogs.ports.orders import OrderBackendError
from integrations.http.auth import Credentials, WireAuth
from integrations.http.config import HttpBackendConfig
from integrations.http.guards import CircuitBreaker, RateLimit

log = logging.getLogger("integrations.http")

Sleep = Callable[[float], Awaitable[None]]
# What the session sends through: by default a TCPConnector holding at most CONNECTIONS
# connections to the shop; a test may give its own (made on the first call, in the loop).
Transport = Callable[[], aiohttp.BaseConnector]
CONNECTIONS = 100
HEADERS = {"Accept": "application/json", "User-Agent": "kefu-order-backend"}


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes


@dataclass(frozen=True)
class Call:
    """One request, rendered: ``template`` is the path as configured (for logs)."""

    endpoint: str
    method: str
    path: str
    template: str
    params: Mapping[str, str]
    json: Mapping[str, Any] | None = None


def _failure(error: aiohttp.ClientError) -> str:
    """What went wrong, in kefu's words: what failed, the kind of error and, for a socket's,
    the OS's reason by its errno. Never the exception's own text (it names the URL, and
    its repr the headers too)."""
    kind = type(error).__name__
    code = error.errno if isinstance(error, OSError) else None
    if code is not None and code in errno.errorcode:
        kind = f"{kind}: {os.strerror(code)}"
    if isinstance(error, aiohttp.ClientResponseError):
        return f"the reply is not readable HTTP ({kind})"
    if isinstance(error, aiohttp.ClientPayloadError):
        return f"the reply broke off ({kind})"
    return f"cannot reach the shop ({kind})"


class HttpClient:
    """The shop's HTTP API, reached through one pooled aiohttp session."""

    def __init__(
        self,
        config: HttpBackendConfig,
        credentials: Credentials,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        transport: Transport | None = None,
    ) -> None:
        self._name = config.name
        self._timeout = config.timeout_seconds
        self._retry = config.retry
        self._sleep = sleep
        self._monotonic = monotonic
        self._redact = credentials.redactor
        self.breaker = CircuitBreaker(
            config.breaker.failures, config.breaker.reset_seconds, monotonic
        )
        limit = config.rate_limit
        self._limit = RateLimit(limit.per_second, limit.burst, monotonic) if limit else None
        self._base = config.base_url  # no trailing slash, no query (the config checked)
        self._wire = WireAuth(URL(config.base_url), credentials)
        self._transport = transport
        self._session: aiohttp.ClientSession | None = None
        self._closed = False

    def _open(self) -> aiohttp.ClientSession:
        """The session, made on the first call: aiohttp binds it to the running loop."""
        if self._closed:
            raise RuntimeError(f"the {self._name} backend is closed")
        if self._session is None:
            connector = self._transport() if self._transport else None
            self._session = aiohttp.ClientSession(
                connector=connector or aiohttp.TCPConnector(limit=CONNECTIONS),
                timeout=aiohttp.ClientTimeout(total=self._timeout),
                headers=HEADERS,
                cookie_jar=aiohttp.DummyCookieJar(),  # each call stands alone
                trust_env=False,  # no proxy or .netrc from the environment
            )
        return self._session

    async def aclose(self) -> None:
        self._closed = True
        session, self._session = self._session, None
        if session is not None:
            await session.close()

    def _fail(self, call: Call, what: str) -> OrderBackendError:
        return OrderBackendError(self._redact(f"{self._name} {call.endpoint}: {what}"))

    def _admit(self, call: Call) -> None:
        wait = self.breaker.retry_in()
        if wait is not None:
            raise self._fail(call, f"the shop is failing; not asking again for {wait:.0f} s")

    async def send(self, call: Call, *, idempotent: bool) -> Reply:
        """The shop's reply to ``call`` (any status below 500 but 429), or
        OrderBackendError once the tries are spent."""
        attempts = self._retry.attempts if idempotent else 1
        problem = ""
        for attempt in range(attempts):
            self._admit(call)
            try:
                reply, problem = await self._try(call)
            except asyncio.CancelledError:
                self.breaker.abandoned()
                raise
            if reply is not None:
                self.breaker.succeeded()
                return reply
            opened = self.breaker.failed()
            log.warning(
                "%s %s %s: %s (try %d of %d)%s",
                self._name,
                call.method,
                call.template,
                self._redact(problem),
                attempt + 1,
                attempts,
                "; circuit breaker open" if opened else "",
            )
            if attempt + 1 < attempts:
                backoff = self._retry.backoff_seconds * 2**attempt
                await self._sleep(min(backoff, self._retry.backoff_max_seconds))
        tries = f" after {attempts} tries" if attempts > 1 else ""
        raise self._fail(call, problem + tries)

    async def _try(self, call: Call) -> tuple[Reply | None, str]:
        """One try: the reply, or None and what went wrong."""
        if self._limit is not None:
            wait = self._limit.reserve()
            if wait > 0:
                await self._sleep(wait)
        session = self._open()
        # The base URL's path (if it has one), then the call's.
        url = URL(f"{self._base}/{call.path.lstrip('/')}")
        params, headers = self._wire.sign(url, call.params)
        started = self._monotonic()
        try:
            # The whole exchange within the timeout, not each phase of it: a shop
            # trickling bytes must not hold a customer for minutes. (aiohttp's total
            # timeout says the same, but rounds one of 5 s or more up to whole seconds.)
            async with (
                asyncio.timeout(self._timeout),
                session.request(
                    call.method,
                    url,
                    params=params,
                    json=call.json,
                    headers=headers,
                    allow_redirects=False,
                ) as response,
            ):
                status, body = response.status, await response.read()
        except TimeoutError:  # asyncio's, and aiohttp's connect and read timeouts
            return None, f"no answer within {self._timeout:g} s"
        except aiohttp.ClientError as error:
            return None, _failure(error)
        elapsed = (self._monotonic() - started) * 1000
        log.debug(
            "%s %s %s -> %d in %.0f ms", self._name, call.method, call.template, status, elapsed
        )
        if status >= 500 or status == 429:
            return None, f"HTTP {status}"
        return Reply(status, body), ""
