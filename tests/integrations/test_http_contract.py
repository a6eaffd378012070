"""The whole OrderBackend contract over a generic shop's JSON API (tests/integrations/
http_kit.SHOP): linked accounts and recent orders, channel health (cached), re-delivery
(a POST), and the ownership challenge; and what a config without those parts answers."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from dialogs.ports.orders import ChallengeFact, ChannelState, OrderBackendError, OrderStatus
from tests.integrations.http_kit import NOW, SHOP, Monotonic, backend, shop_order
from tests.integrations.order_service import OrderService, Reply

CHANNELS = [
    {"channel": "alipay", "state": "ok", "average_arrival_seconds": 90, "queue_length": 4,
     "share_delayed": "0.01", "expected_recovery": None},
    {"channel": "wechat", "state": "degraded", "average_arrival_seconds": "960",
     "queue_length": 28, "share_delayed": 0.12, "expected_recovery": "2026-12-07T12:45:00Z"},
]  # fmt: skip


async def test_find_maps_the_generic_shop(order_service: OrderService) -> None:
    order_service.script("/orders/A/1", Reply(json={"order": shop_order("A/1")}))
    async with backend(order_service.base_url, SHOP) as shop:
        order = await shop.find("A/1", 7)
    assert order is not None
    assert order.model_dump(exclude={"created_at", "paid_at"}) == {
        "number": "A/1",
        "account": "alice",
        "status": OrderStatus.PAID_DELIVERING,
        "channel": "alipay",
        "amount": Decimal("30.00"),
        "currency": "CNY",
        "product": "Game credit 300",
        "kind": "game_topup",
        "delivered_at": None,
        "fetched_at": NOW,
    }
    assert order.paid_at == datetime(2026, 12, 7, 10, 1, tzinfo=UTC)
    (seen,) = order_service.requests
    assert seen.raw_path == "/orders/A%2F1", "a / in a number stays in its path segment"
    assert seen.headers["Authorization"] == "Bearer tok-SECRET-99"


async def test_recent_orders_of_the_linked_account_newest_first(
    order_service: OrderService,
) -> None:
    order_service.script("/telegram/42", Reply(json={"account": "alice"}))
    order_service.script("/telegram/43", Reply(404))
    older = shop_order("A1", created_at="2026-12-01T10:00:00Z")
    newer = shop_order("A2", created_at="2026-12-06T10:00:00Z")
    order_service.script("/accounts/alice/orders", Reply(json={"orders": [older, newer]}))
    async with backend(order_service.base_url, SHOP) as shop:
        assert await shop.linked_account(42) == "alice"
        assert [o.number for o in await shop.recent(42, 5)] == ["A2", "A1"]
        assert [o.number for o in await shop.recent(42, 1)] == ["A2"]
        assert await shop.linked_account(43) is None
        assert await shop.recent(43, 5) == []
    assert order_service.seen("/accounts/alice/orders")[0].query == {"limit": "5"}


async def test_channel_health_is_read_and_cached(order_service: OrderService) -> None:
    clock = Monotonic()
    order_service.script("/channels", Reply(json={"channels": CHANNELS}))
    cached = {**SHOP, "cache": {"ttl_seconds": 20}}
    async with backend(order_service.base_url, cached, monotonic=clock) as shop:
        channels = await shop.channels()
        assert await shop.channels() == channels
        assert len(order_service.requests) == 1
        clock.advance(21)
        await shop.channels()
    assert len(order_service.requests) == 2
    alipay, wechat = channels
    assert (alipay.state, alipay.share_delayed, alipay.expected_recovery) == (
        ChannelState.OK,
        0.01,
        None,
    )
    assert (wechat.state, wechat.average_arrival_seconds, wechat.queue_length) == (
        ChannelState.DEGRADED,
        960,
        28,
    )
    assert wechat.expected_recovery == datetime(2026, 12, 7, 12, 45, tzinfo=UTC)


async def test_a_channel_in_an_unknown_state_is_an_error(order_service: OrderService) -> None:
    order_service.script("/channels", Reply(json={"channels": [{**CHANNELS[0], "state": "meh"}]}))
    async with backend(order_service.base_url, SHOP) as shop:
        with pytest.raises(OrderBackendError, match="state: unknown value 'meh'"):
            await shop.channels()


async def test_redeliver_posts_once_and_refreshes_the_cached_order(
    order_service: OrderService,
) -> None:
    order_service.script(
        "/orders/A1",
        Reply(json={"order": shop_order("A1")}),
        Reply(json={"order": shop_order("A1", status="done")}),
    )
    order_service.script("/orders/A1/redeliver", Reply(json={"redelivered": True}))
    order_service.script("/orders/A2/redeliver", Reply(json={"redelivered": False}))
    order_service.script("/orders/A3/redeliver", Reply(404))
    cached = {**SHOP, "cache": {"ttl_seconds": 60}}
    async with backend(order_service.base_url, cached, monotonic=Monotonic()) as shop:
        before = await shop.find("A1", 1)
        assert await shop.redeliver("A1") is True
        after = await shop.find("A1", 1)
        assert await shop.redeliver("A2") is False
        assert await shop.redeliver("A3") is False
    assert before is not None and before.status is OrderStatus.PAID_DELIVERING
    assert after is not None and after.status is OrderStatus.DELIVERED
    post = order_service.seen("/orders/A1/redeliver")[0]
    assert post.method == "POST" and json.loads(post.body) == {"reason": "asked in kefu"}


async def test_the_challenge_checks_phone_amount_and_email(order_service: OrderService) -> None:
    order_service.script("/orders/A1", Reply(json={"order": shop_order("A1")}))
    order_service.script("/orders/B2", Reply(404))
    facts = [ChallengeFact.PHONE_LAST4, ChallengeFact.AMOUNT, ChallengeFact.EMAIL]
    right = {facts[0]: "8000", facts[1]: "¥30", facts[2]: "alice@example.COM"}
    async with backend(order_service.base_url, SHOP) as shop:
        assert await shop.challenge("A1") == await shop.challenge("B2") == facts
        assert await shop.check("A1", right)
        assert await shop.check("A1", {**right, facts[1]: "30.00 元"})
        for fact, wrong in ((facts[0], "800"), (facts[1], "31"), (facts[2], "bob@example.com")):
            assert not await shop.check("A1", {**right, fact: wrong})
        assert not await shop.check("A1", {facts[0]: "8000"})
        assert not await shop.check("B2", right)


async def test_a_config_without_the_optional_parts(order_service: OrderService) -> None:
    bare = {**SHOP, "challenge": {}}
    bare["endpoints"] = {"find": SHOP["endpoints"]["find"]}
    async with backend(order_service.base_url, bare) as shop:
        assert await shop.recent(1, 5) == [] and await shop.channels() == []
        assert await shop.challenge("A1") == []
        assert not await shop.check("A1", {ChallengeFact.EMAIL: "x"})
        with pytest.raises(NotImplementedError):
            await shop.redeliver("A1")
        with pytest.raises(NotImplementedError):
            await shop.linked_account(1)
    assert order_service.requests == []
