"""Orders from a shop's own HTTP API (the WooCommerce preset), through the real runtime
over HTTP against the Bot API double and a real local order service: the ownership check
against the shop's facts, and every fault of the shop (slow, 5xx, malformed JSON, the
wrong shape) heard by the user within the timeout, with the report filed anyway and its
card saying the lookup failed. The shop's keys never reach a log."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.telegram.double import BotApiDouble
from bot.telegram.double.driver import Group
from tests.integrations.order_service import OrderService, Reply
from tests.scenario import desk_harness
from tests.scenario.desk_harness import DESK, DESK_TUNING, in_topic, topic_of
from tests.scenario.harness import Running, running_kefu
from tests.scenario.order_steps import file_top_up, finish_top_up, open_top_up

SEARCH = "/wp-json/wc/v3/orders"
KEY, SECRET = "ck_live_0123456789abcdef", "cs_live_fedcba9876543210"
double, desk = desk_harness.double, desk_harness.desk


@pytest.fixture
async def shop() -> AsyncIterator[OrderService]:
    async with OrderService() as service:
        yield service


@pytest.fixture
def shop_timeout() -> float:
    """The shop's timeout, and kefu's for a lookup is twice it. Short only where a fault
    is tested: a first call (a new connection) on a loaded machine may take half a second."""
    return 5.0


@pytest.fixture
async def kefu(
    double: BotApiDouble,
    desk: Group,
    shop: OrderService,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shop_timeout: float,
) -> AsyncIterator[Running]:
    monkeypatch.setenv("WC_CONSUMER_KEY", KEY)
    monkeypatch.setenv("WC_CONSUMER_SECRET", SECRET)
    config = tmp_path / "orders.yaml"
    config.write_text(
        f"preset: woocommerce_v3\nbase_url: {shop.base_url}\ntimeout_seconds: {shop_timeout}\n"
        "retry: {attempts: 1}\n",
        encoding="utf-8",
    )
    async with running_kefu(
        double,
        tmp_path,
        agent_chat_id=DESK,
        tuning=DESK_TUNING,
        orders="http",
        orders_config=config,
        order_timeout=2 * shop_timeout,
    ) as running:
        yield running


async def test_the_shops_check_shows_its_order(
    double: BotApiDouble, shop: OrderService, kefu: Running, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    shop.script(SEARCH, Reply.of("woocommerce_v3_search_completed"))
    li = double.driver.private_user(801, "Li", language_code="en")
    await li.send_command("order", "1234")
    assert "last 4 digits" in (await li.next_message()).text
    await li.send_text("8000")
    assert "e-mail" in (await li.next_message()).text
    await li.send_text("li.wei@EXAMPLE.com")
    shown = await li.next_message()
    assert "Order 1234" in shown.text and "✅ delivered" in shown.text
    assert "25.00 USD" in shown.text and "Genshin Impact" in shown.text
    request = shop.seen(SEARCH)[0]
    assert request.query["search"] == "1234" and "authorization" in {
        k.lower() for k in request.headers
    }
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert KEY not in logged and SECRET not in logged


@pytest.mark.parametrize("shop_timeout", [0.5])
@pytest.mark.parametrize(
    "fault",
    ["slow", "5xx", "malformed", "wrong-shape"],
)
async def test_every_fault_of_the_shop_is_heard_in_time_and_the_report_goes_on(
    double: BotApiDouble, desk: Group, shop: OrderService, kefu: Running, fault: str
) -> None:
    never = asyncio.Event()
    replies = {
        "slow": Reply(json=[], gate=never),
        "5xx": Reply(status=503, json={"message": "maintenance"}),
        "malformed": Reply(text="{not json"),
        "wrong-shape": Reply(json=[{"number": "P20240042", "status": 17}]),
    }
    shop.script(SEARCH, replies[fault])
    user = double.driver.private_user(802, "Gu", language_code="en")
    await open_top_up(user)
    loop = asyncio.get_running_loop()
    asked = loop.time()
    await user.send_text("P20240042")
    heard = await user.next_message(timeout=10)
    assert loop.time() - asked < 3
    assert "can't reach the order system" in heard.text and "Your report goes on" in heard.text
    assert "Step 2 of 5" in heard.text
    never.set()
    public_id = await finish_top_up(user)  # the rest of the report, then the card
    (card,) = await in_topic(desk, await topic_of(desk, public_id), 1)
    assert "Order lookup failed at" in card.text and ["🔄 Refresh order"] in card.buttons


async def test_a_number_the_shop_does_not_know_is_said_so_on_the_card(
    double: BotApiDouble, desk: Group, shop: OrderService, kefu: Running
) -> None:
    shop.script(SEARCH, Reply.of("woocommerce_v3_search_empty"))
    user = double.driver.private_user(803, "Ma", language_code="en")
    public_id = await file_top_up(user, "P20249999")
    (card,) = await in_topic(desk, await topic_of(desk, public_id), 1)
    assert "The shop has no order P20249999" in card.text
