"""Each shipped preset against its platform's recorded reply shapes (tests/integrations/
http_shapes/), served by a real local HTTP service: every raw status to the right one of
kefu's five, the fields mapped, not-found as None, the platform's failure as an error, the
ownership facts, and the card secrets and keys kept out of the Order, the logs and errors.
"""

from __future__ import annotations

import base64
import logging
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from dialogs.ports.orders import Capability, ChallengeFact, OrderBackendError, OrderStatus
from tests.integrations.http_kit import NOW, SECRETS, backend
from tests.integrations.order_service import OrderService, Reply, shape

EPAY = {"preset": "epay_v1", "vars": {"pid": 1000}}
WOO = {"preset": "woocommerce_v3"}
DUJIAO = {"preset": "dujiao_next"}
S = OrderStatus


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("0", S.AWAITING_PAYMENT),
        ("1", S.PAID_DELIVERING),
        ("2", S.REFUNDED),
        ("3", S.FAILED),
        ("4", S.AWAITING_PAYMENT),
    ],
)
async def test_epay_maps_each_raw_status(
    order_service: OrderService, raw: str, status: OrderStatus
) -> None:
    order_service.script("/api.php", Reply(json={**shape("epay_v1_paid"), "status": raw}))
    async with backend(order_service.base_url, EPAY) as shop:
        order = await shop.find("E20240501001", 5550001)
    assert order is not None and order.status is status


async def test_epay_reads_a_paid_order_and_sends_the_key_in_the_query(
    order_service: OrderService,
) -> None:
    order_service.script("/api.php", Reply.of("epay_v1_paid"))
    async with backend(order_service.base_url, EPAY) as shop:
        order = await shop.find("E20240501001", 5550001)
        assert shop.capabilities == frozenset()
        assert await shop.challenge("E20240501001") == []
        assert not await shop.check("E20240501001", {ChallengeFact.AMOUNT: "648"})
    assert order is not None
    assert (order.number, order.channel, order.currency) == ("E20240501001", "alipay", "CNY")
    assert order.amount == Decimal("648.00") and order.product == "王者荣耀 648点券"
    assert order.kind == "unknown" and order.account == "2088****1234"
    assert order.created_at == datetime(2024, 5, 1, 2, 20, 30, tzinfo=UTC)  # +08:00
    assert order.paid_at == datetime(2024, 5, 1, 2, 21, 5, tzinfo=UTC)
    assert order.delivered_at is None and order.fetched_at == NOW
    (seen,) = order_service.seen("/api.php")
    assert seen.query == {
        "act": "order",
        "pid": "1000",
        "out_trade_no": "E20240501001",
        "key": SECRETS["EPAY_KEY"],
    }


async def test_epay_code_may_come_as_a_string_and_an_unpaid_order_has_no_paid_time(
    order_service: OrderService,
) -> None:
    order_service.script("/api.php", Reply.of("epay_v1_unpaid"))
    async with backend(order_service.base_url, EPAY) as shop:
        order = await shop.find("E20240502007", 1)
    assert order is not None and order.status is S.AWAITING_PAYMENT
    assert order.channel == "wechat" and order.paid_at is None and order.account == ""


async def test_epay_not_found_is_none_and_a_wrong_key_an_error_quoting_the_shop(
    order_service: OrderService,
) -> None:
    order_service.script("/api.php", Reply.of("epay_v1_not_found"), Reply.of("epay_v1_bad_key"))
    async with backend(order_service.base_url, EPAY) as shop:
        assert await shop.find("NOPE", 1) is None
        with pytest.raises(OrderBackendError, match="商户密钥错误") as caught:
            await shop.find("E20240501001", 1)
    assert SECRETS["EPAY_KEY"] not in str(caught.value)
    assert len(order_service.requests) == 2, "an answer, even a refusal, is not retried"


WOO_STATUSES = [
    ("pending", S.AWAITING_PAYMENT),
    ("on-hold", S.AWAITING_PAYMENT),
    ("checkout-draft", S.AWAITING_PAYMENT),
    ("processing", S.PAID_DELIVERING),
    ("completed", S.DELIVERED),
    ("failed", S.FAILED),
    ("cancelled", S.FAILED),
    ("refunded", S.REFUNDED),
]


@pytest.mark.parametrize(("raw", "status"), WOO_STATUSES)
async def test_woocommerce_maps_each_raw_status(
    order_service: OrderService, raw: str, status: OrderStatus
) -> None:
    decoy, order = shape("woocommerce_v3_search_completed")
    order_service.script("/wp-json/wc/v3/orders", Reply(json=[decoy, {**order, "status": raw}]))
    async with backend(order_service.base_url, WOO) as shop:
        found = await shop.find("1234", 1)
    assert found is not None and found.status is status


async def test_woocommerce_finds_the_exact_number_among_search_hits(
    order_service: OrderService,
) -> None:
    decoy, wanted = shape("woocommerce_v3_search_completed")
    zeros = {**decoy, "number": "01234"}  # equal as numbers, not as order numbers
    order_service.script("/wp-json/wc/v3/orders", Reply(json=[decoy, zeros, wanted]))
    async with backend(order_service.base_url, WOO) as shop:
        order = await shop.find("1234", 1)
    assert order is not None and order.number == "1234"  # not 12345 nor 01234 listed first
    assert order.account == "Li.Wei@example.com" and order.channel == "alipay"
    assert (order.amount, order.currency) == (Decimal("25.00"), "USD")
    assert order.product == "Genshin Impact 6480 Genesis Crystals"
    assert order.created_at == datetime(2024, 5, 3, 10, 4, 11, tzinfo=UTC)
    assert order.paid_at == datetime(2024, 5, 3, 10, 5, 2, tzinfo=UTC)
    assert order.delivered_at == datetime(2024, 5, 3, 10, 9, 40, tzinfo=UTC)
    (seen,) = order_service.seen()
    assert seen.query["search"] == "1234"
    basic = base64.b64encode(b"ck_live_SECRET0123:cs_live_SECRET4567").decode()
    assert seen.headers["Authorization"] == f"Basic {basic}"


async def test_woocommerce_a_refund_on_a_completed_order_reads_refunded(
    order_service: OrderService,
) -> None:
    order_service.script(
        "/wp-json/wc/v3/orders",
        Reply.of("woocommerce_v3_search_partial_refund"),
        Reply.of("woocommerce_v3_search_pending"),
        Reply.of("woocommerce_v3_search_empty"),
    )
    async with backend(order_service.base_url, WOO) as shop:
        refunded = await shop.find("1234", 1)
        pending = await shop.find("1234", 1)
        assert await shop.find("1234", 1) is None
    assert refunded is not None and refunded.status is S.REFUNDED
    assert pending is not None and pending.status is S.AWAITING_PAYMENT
    assert pending.paid_at is None and pending.channel == "stripe"  # unmapped: kept


async def test_woocommerce_challenge_asks_the_same_of_any_number_and_checks_answers(
    order_service: OrderService,
) -> None:
    order_service.script(
        "/wp-json/wc/v3/orders",
        Reply.of("woocommerce_v3_search_completed"),
        Reply.of("woocommerce_v3_search_empty"),
    )
    async with backend(order_service.base_url, {**WOO, "cache": {"ttl_seconds": 30}}) as shop:
        assert shop.capabilities == frozenset({Capability.CHALLENGE})
        facts = await shop.challenge("1234")
        assert facts == await shop.challenge("99999") == [S_PHONE, S_EMAIL]
        assert order_service.requests == [], "asking what to ask tells the shop nothing"
        right = {S_PHONE: "8000", S_EMAIL: " li.wei@EXAMPLE.com "}
        assert await shop.check("1234", right)
        assert not await shop.check("1234", {**right, S_PHONE: "0000"})
        assert not await shop.check("1234", {S_EMAIL: "li.wei@example.com"})  # one missing
        assert not await shop.check("99999", right)


S_PHONE, S_EMAIL = ChallengeFact.PHONE_LAST4, ChallengeFact.EMAIL


async def test_woocommerce_meta_data_secrets_reach_neither_order_nor_logs(
    order_service: OrderService, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    order_service.script("/wp-json/wc/v3/orders", Reply.of("woocommerce_v3_search_completed"))
    async with backend(order_service.base_url, WOO) as shop:
        order = await shop.find("1234", 1)
    assert order is not None
    text = order.model_dump_json() + "\n".join(r.getMessage() for r in caplog.records)
    for secret in ("GIFT-7F3K", "LK-9Q2W", "wc_order_Xa9k", "spring24", *SECRETS.values()):
        assert secret not in text


DUJIAO_STATUSES = [
    ("pending_payment", S.AWAITING_PAYMENT),
    ("paid", S.PAID_DELIVERING),
    ("fulfilling", S.PAID_DELIVERING),
    ("partially_delivered", S.PAID_DELIVERING),
    ("delivered", S.DELIVERED),
    ("completed", S.DELIVERED),
    ("canceled", S.FAILED),
    ("refunded", S.REFUNDED),
    ("partially_refunded", S.REFUNDED),
]
DUJIAO_PATH = "/api/v1/guest/orders/DN202602110002"


@pytest.mark.parametrize(("raw", "status"), DUJIAO_STATUSES)
async def test_dujiao_maps_each_raw_status(
    order_service: OrderService, raw: str, status: OrderStatus
) -> None:
    reply = shape("dujiao_next_completed")
    reply["data"]["status"] = raw
    order_service.script(DUJIAO_PATH, Reply(json=reply))
    async with backend(order_service.base_url, DUJIAO) as shop:
        order = await shop.find("DN202602110002", 1)
    assert order is not None and order.status is status


async def test_dujiao_reads_a_completed_order_without_its_card_secrets(
    order_service: OrderService, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    order_service.script(
        DUJIAO_PATH,
        Reply.of("dujiao_next_completed"),
        Reply.of("dujiao_next_completed_partly_refunded"),
        Reply.of("dujiao_next_pending_payment"),
    )
    async with backend(order_service.base_url, DUJIAO) as shop:
        order = await shop.find("DN202602110002", 1)
        refunded = await shop.find("DN202602110002", 1)
        pending = await shop.find("DN202602110002", 1)
    assert order is not None and order.status is S.DELIVERED
    assert (order.amount, order.currency, order.product) == (
        Decimal("99.00"),
        "CNY",
        "奈飞会员 月卡",
    )
    assert order.paid_at == datetime(2026, 2, 11, 4, 3, 10, tzinfo=UTC)
    assert order.delivered_at == datetime(2026, 2, 11, 4, 3, 12, tzinfo=UTC)
    assert refunded is not None and refunded.status is S.REFUNDED  # refunded_amount > 0
    assert pending is not None and pending.status is S.AWAITING_PAYMENT
    assert pending.paid_at is None and pending.delivered_at is None
    seen = order_service.seen(DUJIAO_PATH)[0]
    assert seen.query == {"email": "guest@example.com", "order_password": "pw SECRET&42"}
    text = order.model_dump_json() + "\n".join(r.getMessage() for r in caplog.records)
    for secret in ("NFLX-4K2J", "hunter2", "/d/abc123", "pw SECRET", "pw%20SECRET", "pw+SECRET"):
        assert secret not in text


async def test_dujiao_not_found_either_way_and_a_refusal_is_an_error(
    order_service: OrderService,
) -> None:
    order_service.script("/api/v1/guest/orders/A", Reply.of("dujiao_next_not_found"))
    order_service.script("/api/v1/guest/orders/B", Reply.of("dujiao_next_not_found", 404))
    order_service.script("/api/v1/guest/orders/C", Reply.of("dujiao_next_bad_password", 400))
    async with backend(order_service.base_url, DUJIAO) as shop:
        assert await shop.find("A", 1) is None
        assert await shop.find("B", 1) is None
        with pytest.raises(OrderBackendError, match="查询密码错误") as caught:
            await shop.find("C", 1)
    assert "SECRET" not in str(caught.value)
