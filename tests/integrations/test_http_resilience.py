"""The HTTP backend when the shop is slow, down or confused: timeouts, retries (GET only),
the circuit breaker, the cache and the rate limit, against a real local HTTP service.

Time for the breaker and the cache is a clock the test moves; waits are on the service's
requests or an asyncio.Event the test releases, never a fixed sleep.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from dialogs.ports.orders import OrderBackendError, OrderStatus
from integrations.http.guards import BreakerState
from tests.integrations.http_kit import SHOP, Monotonic, backend, shop_order
from tests.integrations.order_service import OrderService, Reply

PATH = "/orders/A1"
ORDER = Reply(json={"order": shop_order("A1")})
ONE_TRY = {**SHOP, "retry": {"attempts": 1}}


async def test_a_slow_shop_times_out_quickly(order_service: OrderService) -> None:
    order_service.script(PATH, Reply(json={"order": shop_order("A1")}, delay=2.0))
    async with backend(order_service.base_url, ONE_TRY) as shop:
        started = time.monotonic()
        with pytest.raises(OrderBackendError, match=r"no answer within 0.2 s"):
            await shop.find("A1", 1)
    assert time.monotonic() - started < 1.0
    assert len(order_service.requests) == 1


async def test_a_reply_held_back_arrives_once_released(order_service: OrderService) -> None:
    gate = asyncio.Event()
    order_service.script(PATH, Reply(json={"order": shop_order("A1")}, gate=gate))
    async with backend(order_service.base_url, {**ONE_TRY, "timeout_seconds": 5}) as shop:
        finding = asyncio.create_task(shop.find("A1", 1))
        await order_service.wait_for(1)
        assert not finding.done()
        gate.set()
        order = await finding
    assert order is not None and order.status is OrderStatus.PAID_DELIVERING


async def test_a_get_is_retried_through_5xx_until_it_succeeds(order_service: OrderService) -> None:
    order_service.script(PATH, Reply(503), Reply(502, text="<html>bad gateway</html>"), ORDER)
    async with backend(order_service.base_url, SHOP) as shop:
        order = await shop.find("A1", 1)
    assert order is not None and order.number == "A1"
    assert len(order_service.seen(PATH)) == 3


async def test_5xx_past_the_retries_is_an_error(order_service: OrderService) -> None:
    order_service.script(PATH, Reply(500))
    async with backend(order_service.base_url, SHOP) as shop:
        with pytest.raises(OrderBackendError, match="HTTP 500 after 3 tries"):
            await shop.find("A1", 1)
    assert len(order_service.seen(PATH)) == 3


async def test_a_post_is_never_retried(order_service: OrderService) -> None:
    order_service.script("/orders/A1/redeliver", Reply(503), Reply(json={"redelivered": True}))
    order_service.script("/orders/A2/redeliver", Reply(json={}, delay=2.0))
    async with backend(order_service.base_url, SHOP) as shop:
        with pytest.raises(OrderBackendError, match="HTTP 503"):
            await shop.redeliver("A1")
        with pytest.raises(OrderBackendError, match="no answer"):
            await shop.redeliver("A2")
    assert [r.method for r in order_service.requests] == ["POST", "POST"]


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        (Reply(text="{'order': oops"), "not JSON"),
        (Reply(text="<html>maintenance</html>", content_type="text/html"), "not JSON"),
        (Reply(json={"order": shop_order("A1", amount="lots")}), "amount: not a number"),
        (Reply(json={"order": shop_order("A1", status="teleported")}), "status: unknown value"),
        (Reply(json={"order": shop_order("A1", created_at=None)}), "created_at: missing"),
        (Reply(json={"order": shop_order("A1", currency={"iso": "CNY"})}), "currency: not a text"),
        (Reply(json={"order": shop_order("A1", created_at="yesterday")}), "created_at: not a date"),
        (Reply(json={"order": [shop_order("A1")]}), "a list"),
        (Reply(json={"orders": []}), "no payload at 'order'"),
        (Reply(401, json={"error": "bad token"}), r"did not answer with success \(HTTP 401\)"),
    ],
)
async def test_a_reply_kefu_cannot_read_is_an_error_not_retried(
    order_service: OrderService, reply: Reply, error: str
) -> None:
    order_service.script(PATH, reply)
    async with backend(order_service.base_url, SHOP) as shop:
        with pytest.raises(OrderBackendError, match=error):
            await shop.find("A1", 1)
    assert len(order_service.requests) == 1


async def test_the_breaker_opens_fails_fast_and_half_opens_after_its_cool_off(
    order_service: OrderService,
) -> None:
    clock = Monotonic()
    order_service.script(PATH, Reply(503))
    config = {**ONE_TRY, "breaker": {"failures": 2, "reset_seconds": 10}}
    async with backend(order_service.base_url, config, monotonic=clock) as shop:
        for _ in range(2):
            with pytest.raises(OrderBackendError, match="HTTP 503"):
                await shop.find("A1", 1)
        assert shop.breaker.state is BreakerState.OPEN
        started = time.monotonic()
        with pytest.raises(OrderBackendError, match="not asking again for 10 s"):
            await shop.find("A1", 1)
        assert time.monotonic() - started < 0.1 and len(order_service.requests) == 2

        clock.advance(10)  # half-open: one trial, which fails and opens it again
        with pytest.raises(OrderBackendError, match="HTTP 503"):
            await shop.find("A1", 1)
        assert shop.breaker.state is BreakerState.OPEN and len(order_service.requests) == 3

        clock.advance(10)  # a trial held at the shop: others fail fast meanwhile
        gate = asyncio.Event()
        order_service.script(PATH, Reply(json={"order": shop_order("A1")}, gate=gate))
        trial = asyncio.create_task(shop.find("A1", 1))
        await order_service.wait_for(4)
        with pytest.raises(OrderBackendError, match="not asking again"):
            await shop.find("A1", 1)
        gate.set()
        assert await trial is not None
        assert shop.breaker.state is BreakerState.CLOSED
        assert await shop.find("A1", 1) is not None
    assert len(order_service.requests) == 5


async def test_a_cached_order_does_not_ask_the_shop_until_it_expires(
    order_service: OrderService,
) -> None:
    clock = Monotonic()
    order_service.script(PATH, ORDER)
    order_service.script("/orders/NONE", Reply(404))
    cached = {**SHOP, "cache": {"ttl_seconds": 30}}
    async with backend(order_service.base_url, cached, monotonic=clock) as shop:
        first = await shop.find("A1", 1)
        assert await shop.find("A1", 2) == first  # who asks does not matter here
        assert len(order_service.seen(PATH)) == 1
        clock.advance(31)
        await shop.find("A1", 1)
        assert len(order_service.seen(PATH)) == 2
        for _ in range(2):  # "no such order" is not kept: it may be placed a second later
            assert await shop.find("NONE", 1) is None
        assert len(order_service.seen("/orders/NONE")) == 2


async def test_a_zero_ttl_turns_the_cache_off(order_service: OrderService) -> None:
    order_service.script(PATH, ORDER)
    async with backend(order_service.base_url, SHOP) as shop:
        for _ in range(3):
            await shop.find("A1", 1)
    assert len(order_service.seen(PATH)) == 3


async def test_the_rate_limit_spaces_calls_by_waiting_not_failing(
    order_service: OrderService,
) -> None:
    for n in range(5):
        order_service.script(f"/orders/R{n}", Reply(json={"order": shop_order(f"R{n}")}))
    limited = {**SHOP, "rate_limit": {"per_second": 20, "burst": 1}}
    async with backend(order_service.base_url, limited) as shop:
        started = time.monotonic()
        orders = await asyncio.gather(*(shop.find(f"R{n}", 1) for n in range(5)))
    assert all(o is not None for o in orders)
    # Each call has its own slot, 1/20 s after the one before: the k-th arrival cannot
    # come before the k-th slot, however late the others woke.
    arrivals = sorted(r.at for r in order_service.requests)
    assert all(at >= started + k * 0.05 for k, at in enumerate(arrivals)), arrivals


async def test_the_rate_limit_queues_callers_in_turn(order_service: OrderService) -> None:
    clock = Monotonic()
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(round(seconds, 6))

    order_service.script(PATH, ORDER)
    limited = {**SHOP, "rate_limit": {"per_second": 10, "burst": 2}}
    async with backend(order_service.base_url, limited, monotonic=clock, sleep=sleep) as shop:
        await asyncio.gather(*(shop.find("A1", 1) for _ in range(5)))
    assert waits == [0.1, 0.2, 0.3]  # two at once (the burst), then one each 0.1 s
