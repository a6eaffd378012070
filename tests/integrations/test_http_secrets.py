"""Credentials stay secret: the epay key rides in the query string, yet no log record (kefu's,
aiohttp's or asyncio's, captured at DEBUG) and no exception text or traceback carries it,
whether the shop is unreachable, failing, slow, or echoing the key back, although every
aiohttp exception holds the URL; and the other kinds of auth arrive as headers."""

from __future__ import annotations

import asyncio
import logging
import socket
import traceback
from urllib.parse import quote, quote_plus

import pytest
from yarl import URL

from dialogs.ports.orders import OrderBackendError
from integrations.http import config_from
from integrations.http.auth import Credentials, WireAuth
from tests.integrations.http_kit import SECRETS, SHOP, backend, shop_order
from tests.integrations.order_service import OrderService, Reply

EPAY = {"preset": "epay_v1", "vars": {"pid": 1000}}
EPAY_AUTH = {"type": "query", "param": "key", "env": "EPAY_KEY"}
KEY = SECRETS["EPAY_KEY"]
KEY_FORMS = (KEY, quote(KEY, safe=""), quote_plus(KEY), "SECRET")
# A request's query string: kefu writes no URL at all, so the redactor is a second guard,
# not the only one (with it alone, a URL quoted from aiohttp's error would still pass).
URL_MARKS = ("act=order", "out_trade_no=", "pid=1000")


def leaks(caplog: pytest.LogCaptureFixture, error: BaseException | None = None) -> list[str]:
    """Every captured log text and the error's whole traceback that hold a key form or a
    request URL's query string."""
    texts = [r.getMessage() for r in caplog.records]
    texts += [r.exc_text or "" for r in caplog.records]
    if error is not None:
        texts += [str(error), repr(error), "".join(traceback.format_exception(error))]
    return [t for t in texts if any(form in t for form in (*KEY_FORMS, *URL_MARKS))]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_a_connection_error_with_the_key_in_the_url_leaks_nothing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    async with backend(f"http://127.0.0.1:{closed_port()}", EPAY) as shop:
        with pytest.raises(OrderBackendError, match="cannot reach the shop") as caught:
            await shop.find("E1", 1)
    assert caught.value.__cause__ is None and caught.value.__context__ is None
    assert any(r.name == "integrations.http" for r in caplog.records)
    assert leaks(caplog, caught.value) == []


async def test_failing_and_slow_shops_leak_nothing(
    order_service: OrderService, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    order_service.script("/api.php", Reply(500), Reply(500), Reply(500), Reply(json={}, delay=2))
    errors = []
    async with backend(order_service.base_url, {**EPAY, "breaker": {"failures": 9}}) as shop:
        for _ in range(2):
            with pytest.raises(OrderBackendError) as caught:
                await shop.find("E1", 1)
            errors.append(caught.value)
    assert [r.query["key"] for r in order_service.requests] == [KEY] * 6, "sent, all the same"
    tries = [r.getMessage() for r in caplog.records if r.name == "integrations.http"]
    assert any("GET /api.php: HTTP 500 (try 1 of 3)" in line for line in tries)
    assert any("GET /api.php: no answer within 0.2 s (try 3 of 3)" in line for line in tries)
    assert leaks(caplog) == [] and all(leaks(caplog, e) == [] for e in errors)
    assert all(e.__cause__ is None and e.__context__ is None for e in errors)


@pytest.mark.parametrize("auth", [None, {"type": "bearer", "env": "SHOP_TOKEN"}])
async def test_a_reply_that_is_not_http_leaks_nothing(
    caplog: pytest.LogCaptureFixture, auth: dict | None
) -> None:
    # aiohttp's error for a broken status line quotes the URL, key and all, and its repr
    # the request's headers, Authorization and all.
    async def garbage(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"garbage, not HTTP\r\n\r\n")
        await writer.drain()
        writer.close()

    caplog.set_level(logging.DEBUG)
    server = await asyncio.start_server(garbage, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    config = EPAY if auth is None else {**EPAY, "auth": [EPAY_AUTH, auth]}
    try:
        async with backend(f"http://127.0.0.1:{port}", config) as shop:
            with pytest.raises(OrderBackendError, match="not readable HTTP") as caught:
                await shop.find("E1", 1)
    finally:
        server.close()
        await server.wait_closed()
    assert caught.value.__cause__ is None and caught.value.__context__ is None
    assert leaks(caplog, caught.value) == []


async def test_a_shop_echoing_the_key_is_blanked(
    order_service: OrderService, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    order_service.script("/api.php", Reply(json={"code": -3, "msg": f"bad key {KEY}"}))
    async with backend(order_service.base_url, EPAY) as shop:
        with pytest.raises(OrderBackendError, match=r"bad key \*\*\*") as caught:
            await shop.find("E1", 1)
    assert leaks(caplog, caught.value) == []


async def test_denied_fields_reach_no_error_text(
    order_service: OrderService, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    order = shop_order("A1", amount="oops", card_secret="CARD-XYZ-777", cdk="CDK-888")
    order_service.script("/orders/A1", Reply(json={"order": order}))
    async with backend(order_service.base_url, SHOP) as shop:
        with pytest.raises(OrderBackendError, match="amount") as caught:
            await shop.find("A1", 1)
    text = "\n".join([str(caught.value), *(r.getMessage() for r in caplog.records)])
    assert "CARD-XYZ" not in text and "CDK-888" not in text and "Alice@" not in text


async def test_no_repr_shows_a_secret(order_service: OrderService) -> None:
    config = config_from({**EPAY, "base_url": order_service.base_url})
    credentials = Credentials(config.auth, SECRETS)
    async with backend(order_service.base_url, EPAY) as shop:
        shown = [repr(shop), repr(config), repr(credentials.params), str(credentials.params[0][1])]
    assert all(KEY not in text for text in shown)
    assert credentials.params[0][1].reveal() == KEY


@pytest.mark.parametrize(
    ("auth", "header", "value"),
    [
        ({"type": "bearer", "env": "SHOP_TOKEN"}, "Authorization", "Bearer tok-SECRET-99"),
        (
            {"type": "header", "name": "X-Api-Key", "env": "SHOP_TOKEN"},
            "X-Api-Key",
            "tok-SECRET-99",
        ),
        (
            {"type": "header", "name": "Authorization", "env": "SHOP_TOKEN", "prefix": "Token "},
            "Authorization",
            "Token tok-SECRET-99",
        ),
    ],
)
async def test_header_auths_arrive_as_headers(
    order_service: OrderService, auth: dict, header: str, value: str
) -> None:
    order_service.script("/orders/A1", Reply(json={"order": shop_order("A1")}))
    async with backend(order_service.base_url, {**SHOP, "auth": auth}) as shop:
        assert await shop.find("A1", 1) is not None
    (seen,) = order_service.requests
    assert seen.headers[header] == value and seen.query == {}


ELSEWHERE = [
    "http://shop.example/api.php",  # another scheme
    "https://shop.example:8443/api.php",  # another port
    "https://evil.example/api.php",
    "https://shop.example.evil/api.php",
]


def test_credentials_go_to_the_shops_origin_only() -> None:
    bearer = {"type": "bearer", "env": "SHOP_TOKEN"}
    config = config_from({**EPAY, "base_url": "https://shop.example", "auth": [EPAY_AUTH, bearer]})
    wire = WireAuth(URL("https://shop.example/base"), Credentials(config.auth, SECRETS))
    params, headers = wire.sign(URL("https://shop.example:443/base/api.php"), {"a": "1"})
    assert params == {"a": "1", "key": KEY}
    assert headers == {"Authorization": "Bearer tok-SECRET-99"}
    for url in ELSEWHERE:
        assert wire.sign(URL(url), {"a": "1"}) == ({"a": "1"}, None), url


async def test_a_redirect_is_not_followed_with_the_key(order_service: OrderService) -> None:
    elsewhere = f"http://localhost:{order_service.port}/moved"  # another origin
    order_service.script("/api.php", Reply(302, json={}, headers={"Location": elsewhere}))
    order_service.script("/moved", Reply.of("epay_v1_paid"))
    async with backend(order_service.base_url, EPAY) as shop:
        with pytest.raises(OrderBackendError, match="HTTP 302"):
            await shop.find("E1", 1)
    assert [r.path for r in order_service.requests] == ["/api.php"]
