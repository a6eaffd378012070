"""`HttpOrderBackend`: the OrderBackend contract (dialogs/ports/orders.py) over a shop's HTTP
API, as its config describes it; and `load_http_backend`, which builds one from a YAML file.

Each call renders its endpoint's templates, goes through the transport (client.py), has
its reply read (replies.py) and its payload mapped (mapping.py). "No such order" is None;
anything kefu cannot read is OrderBackendError, its text through the secrets' redactor.

``challenge`` names the configured facts without asking the shop: the same for every
number, so the question itself tells a stranger nothing about which orders exist.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dialogs.ports.orders import (
    Capability,
    ChallengeFact,
    ChannelHealth,
    Order,
    OrderBackendError,
)
from integrations.http import mapping
from integrations.http.auth import Credentials, MissingSecret
from integrations.http.client import Call, HttpClient, Sleep, Transport
from integrations.http.config import HttpBackendConfig, templates_of
from integrations.http.guards import CircuitBreaker, TtlCache
from integrations.http.loading import HttpConfigError, load_config
from integrations.http.mapping import MappingError
from integrations.http.replies import NOT_FOUND, ReplyError, payload_of
from integrations.http.specs import Endpoint
from integrations.http.templates import placeholders, render

log = logging.getLogger("integrations.http")


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class _Found:
    order: Order
    facts: dict[ChallengeFact, str]


class HttpOrderBackend:
    """A shop reached over HTTP. Close it with `aclose` (it holds a connection pool)."""

    def __init__(
        self,
        config: HttpBackendConfig,
        *,
        env: Mapping[str, str] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = _utc_now,
        sleep: Sleep = asyncio.sleep,
        transport: Transport | None = None,
    ) -> None:
        try:
            credentials = Credentials(config.auth, os.environ if env is None else env)
        except MissingSecret as error:
            raise HttpConfigError(str(error)) from None
        self._config = config
        self._endpoints = config.endpoints
        self._now = now
        self._redact = credentials.redactor
        self._denylist = config.denied()
        recent = config.endpoints.recent
        self._recent_by_account = recent is not None and any(
            "account" in placeholders(t) for t in templates_of(recent).values()
        )
        self._client = HttpClient(
            config, credentials, monotonic=monotonic, sleep=sleep, transport=transport
        )
        self._cache: TtlCache[Any] = TtlCache(
            config.cache.ttl_seconds, config.cache.max_entries, monotonic
        )
        self.capabilities: frozenset[Capability] = frozenset(
            c
            for c, on in (
                (Capability.REDELIVER, config.endpoints.redeliver is not None),
                (Capability.LINKED_ACCOUNT, config.endpoints.linked_account is not None),
                (Capability.CHALLENGE, bool(config.challenge)),
            )
            if on
        )

    def __repr__(self) -> str:
        return f"HttpOrderBackend(name={self._config.name!r}, preset={self._config.preset!r})"

    @property
    def breaker(self) -> CircuitBreaker:
        """The circuit breaker (its ``state``), for health checks and tests."""
        return self._client.breaker

    async def aclose(self) -> None:
        await self._client.aclose()

    async def __aenter__(self) -> HttpOrderBackend:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # The contract.

    async def find(self, number: str, telegram_user_id: int) -> Order | None:
        found = await self._lookup(number, telegram_user_id)
        return found.order if found is not None else None

    async def recent(self, telegram_user_id: int, limit: int) -> list[Order]:
        endpoint = self._endpoints.recent
        if endpoint is None or limit <= 0:
            return []
        values = {"telegram_user_id": str(telegram_user_id), "limit": str(limit)}
        if self._recent_by_account:  # the config checked linked_account is there
            account = await self.linked_account(telegram_user_id)
            if account is None:
                return []
            values["account"] = account
        payload = await self._read("recent", endpoint, values)
        if payload is NOT_FOUND or payload is None:
            return []
        items = payload if isinstance(payload, list) else [payload]
        now = self._now()
        orders = [
            self._map("recent", mapping.to_order, i, self._config.mapping, now) for i in items
        ]
        return sorted(orders, key=lambda o: o.created_at, reverse=True)[:limit]

    async def channels(self) -> list[ChannelHealth]:
        endpoint = self._endpoints.channels
        if endpoint is None:
            return []
        cached = self._cache.get(("channels",))
        if cached is not None:
            return cached
        payload = await self._read("channels", endpoint, {})
        if payload is NOT_FOUND or payload is None:
            return []
        if not isinstance(payload, list):
            raise self._error("channels", "the payload is not a list")
        now = self._now()
        shape = self._config.channel_mapping
        health = [self._map("channels", mapping.to_channel, i, shape, now) for i in payload]
        self._cache.put(("channels",), health)
        return health

    async def redeliver(self, number: str) -> bool:
        endpoint = self._endpoints.redeliver
        if endpoint is None:
            raise NotImplementedError("this shop's config has no redeliver endpoint")
        payload = await self._read("redeliver", endpoint, {"number": number}, idempotent=False)
        # The order's status changes with a redelivery: its cached answer is stale.
        self._cache.discard(lambda key: key[:2] == ("find", number))
        if payload is NOT_FOUND:
            return False
        return endpoint.result is None or mapping.holds(endpoint.result, payload)

    async def linked_account(self, telegram_user_id: int) -> str | None:
        endpoint = self._endpoints.linked_account
        if endpoint is None:
            raise NotImplementedError("this shop's config has no linked_account endpoint")
        values = {"telegram_user_id": str(telegram_user_id)}
        payload = await self._read("linked_account", endpoint, values)
        if payload is NOT_FOUND or payload in (None, ""):
            return None
        if isinstance(payload, dict | list | bool):
            raise self._error("linked_account", "the payload is not an account name")
        return mapping.key_of(payload)

    async def challenge(self, number: str) -> list[ChallengeFact]:
        return [fact for fact in ChallengeFact if fact in self._config.challenge]

    async def check(self, number: str, answers: Mapping[ChallengeFact, str]) -> bool:
        if not self._config.challenge:
            return False
        # The contract gives no asker here: a find template using {telegram_user_id}
        # gets 0 (and a cached answer to whoever asked is used as is).
        found = await self._lookup(number, 0)
        return found is not None and mapping.answers_match(found.facts, answers)

    # Reading replies.

    async def _lookup(self, number: str, telegram_user_id: int) -> _Found | None:
        endpoint = self._endpoints.find
        values = {"number": number, "telegram_user_id": str(telegram_user_id)}
        call = self._call("find", endpoint, values)
        key = ("find", number, call.path, tuple(sorted(call.params.items())))
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        payload = await self._read("find", endpoint, values, call=call)
        if payload is NOT_FOUND or payload is None:
            log.debug("%s find %s: not found", self._config.name, number)
            return None
        if isinstance(payload, list):
            raise self._error("find", "the payload is a list (give the endpoint a match)")
        order = self._map("find", mapping.to_order, payload, self._config.mapping, self._now())
        found = _Found(order, mapping.facts_of(payload, self._config.challenge))
        log.debug("%s find %s: %s", self._config.name, number, order.status.value)
        self._cache.put(key, found)
        return found

    def _call(self, name: str, endpoint: Endpoint, values: Mapping[str, str]) -> Call:
        values = {**self._config.vars, **values}
        params = {
            k: render(v, values) if isinstance(v, str) else mapping.key_of(v)
            for k, v in endpoint.query.items()
        }
        body = None
        if endpoint.body is not None:
            body = {
                k: render(v, values) if isinstance(v, str) else v for k, v in endpoint.body.items()
            }
        path = render(endpoint.path, values, in_path=True)
        return Call(name, endpoint.method, path, endpoint.path, params, body)

    async def _read(
        self,
        name: str,
        endpoint: Endpoint,
        values: Mapping[str, str],
        *,
        idempotent: bool = True,
        call: Call | None = None,
    ) -> Any:
        """The payload of the endpoint's reply (denied fields stripped), or NOT_FOUND."""
        call = call or self._call(name, endpoint, values)
        reply = await self._client.send(call, idempotent=idempotent and endpoint.method == "GET")
        match = None
        if endpoint.match is not None:
            match = render(str(endpoint.match.equals), {**self._config.vars, **values})
        try:
            return payload_of(endpoint, reply.status, reply.body, match, self._denylist)
        except ReplyError as error:
            raise self._error(name, str(error)) from None

    def _map(self, name: str, build: Callable[..., Any], *args: Any) -> Any:
        try:
            return build(*args)
        except MappingError as error:
            raise self._error(name, f"the reply does not fit the mapping: {error}") from None

    def _error(self, name: str, what: str) -> OrderBackendError:
        return OrderBackendError(self._redact(f"{self._config.name} {name}: {what}"))


def load_http_backend(
    path: Path,
    *,
    env: Mapping[str, str] | None = None,
    monotonic: Callable[[], float] = time.monotonic,
    now: Callable[[], datetime] = _utc_now,
    sleep: Sleep = asyncio.sleep,
) -> HttpOrderBackend:
    """The backend a YAML config file describes; HttpConfigError naming the field when it
    cannot be used (including a secret's environment variable that is not set)."""
    return HttpOrderBackend(load_config(path), env=env, monotonic=monotonic, now=now, sleep=sleep)
