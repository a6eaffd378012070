"""The HTTP backend's aiohttp session: made on the first call (so a backend may be built
before any loop runs), closed by `aclose` with nothing left for the garbage collector to
complain of, and sent through the connector the `transport` hook makes, when given one."""

from __future__ import annotations

import gc
import logging
import socket
import warnings
from typing import Any

import aiohttp
import pytest
from aiohttp.abc import AbstractResolver, ResolveResult

from tests.integrations.http_kit import SHOP, backend, shop_order
from tests.integrations.order_service import OrderService, Reply

ORDER = Reply(json={"order": shop_order("A1")})


def unclosed(caplog: pytest.LogCaptureFixture) -> list[str]:
    """What the garbage collector finds unclosed: aiohttp's ResourceWarnings, and the
    "Unclosed client session/connector" lines it sends through asyncio's logger."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gc.collect()
    found = [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]
    return found + [r.getMessage() for r in caplog.records if "nclosed" in r.getMessage()]


def test_a_backend_built_outside_a_loop_holds_nothing(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    shop = backend("http://127.0.0.1:9", SHOP)
    del shop
    assert unclosed(caplog) == []


async def test_aclose_leaves_nothing_unclosed_and_a_closed_backend_asks_nothing(
    order_service: OrderService, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    order_service.script("/orders/A1", ORDER)
    shop = backend(order_service.base_url, SHOP)
    assert await shop.find("A1", 1) is not None
    await shop.aclose()
    await shop.aclose()  # twice is fine
    with pytest.raises(RuntimeError, match="closed"):
        await shop.find("A1", 1)
    del shop
    assert unclosed(caplog) == []
    assert len(order_service.requests) == 1


async def test_unused_backends_close_without_a_session(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    async with backend("http://127.0.0.1:9", SHOP):
        pass
    assert unclosed(caplog) == []


class _ToTheService(AbstractResolver):
    """Resolves every name to 127.0.0.1: the shop's made-up host reaches the service."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        self.asked.append(host)
        return [
            {
                "hostname": host,
                "host": "127.0.0.1",
                "port": port,
                "family": socket.AF_INET,
                "proto": 0,
                "flags": socket.AI_NUMERICHOST,
            }
        ]

    async def close(self) -> None:
        pass


async def test_the_transport_hook_makes_the_connector(order_service: OrderService) -> None:
    resolver = _ToTheService()
    made: list[aiohttp.BaseConnector] = []

    def transport() -> aiohttp.BaseConnector:
        made.append(aiohttp.TCPConnector(resolver=resolver, use_dns_cache=False))
        return made[-1]

    order_service.script("/orders/A1", ORDER)
    url = f"http://shop.test:{order_service.port}"
    kwargs: dict[str, Any] = {"transport": transport}
    async with backend(url, SHOP, **kwargs) as shop:
        assert made == [], "made on the first call, not before"
        assert await shop.find("A1", 1) is not None
        assert await shop.find("A1", 1) is not None
    assert len(made) == 1 and made[0].closed, "one connector, closed with the backend"
    assert resolver.asked == ["shop.test"], "the second call went on the kept-alive connection"
    first = order_service.requests[0]
    assert first.headers["Host"] == url.removeprefix("http://")
    assert first.headers["Authorization"] == "Bearer tok-SECRET-99", "the shop's own origin"
    assert first.headers["User-Agent"] == "kefu-order-backend"
