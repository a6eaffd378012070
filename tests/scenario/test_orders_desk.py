"""Orders at the agents' desk, through the real runtime over HTTP against the Bot API
double and the demo shop: the card's order snapshot and whose it is, its Refresh button,
and /order in the group (no ownership check; every agent lookup recorded)."""

from __future__ import annotations

from sqlalchemy import select

from bot.storage.database import make_sessionmaker
from bot.storage.models import OrderLookupRow
from bot.telegram.double import BotApiDouble
from bot.telegram.double.driver import Group
from dialogs.ports.orders import ChannelState
from tests.scenario import desk_harness
from tests.scenario.desk_harness import AGENT, in_topic, topic_of
from tests.scenario.harness import Running
from tests.scenario.order_steps import file_top_up, shop

# The desk's fixtures: its double, its forum with one agent, kefu serving it.
double, desk, kefu = desk_harness.double, desk_harness.desk, desk_harness.kefu

OWNED = "DM240003"  # lin.wei's: paid, being delivered, through WeChat Pay


async def test_the_card_carries_the_order_and_refreshes_it(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    await shop(kefu).link(601, "lin.wei")
    wei = double.driver.private_user(601, "Wei", language_code="en")
    public_id = await file_top_up(wei, OWNED)
    thread = await topic_of(desk, public_id)
    (card,) = await in_topic(desk, thread, 1)
    assert (
        "📦 Order: 🚚 paid, being delivered · 50.00 CNY · WeChat Pay · account lin.wei" in card.text
    )
    assert "The user's linked account owns it" in card.text
    assert ["🔄 Refresh order"] in card.buttons
    # Delivered meanwhile: Refresh shows it, and keeps whose it was shown to be.
    assert await shop(kefu).redeliver(OWNED)
    agent = desk.member(AGENT, "Ann")
    press = await agent.press("🔄 Refresh order", thread_id=thread)
    assert (await press.answer(timeout=10)).get("text") == "Order refreshed."
    edited = await desk.wait_for(
        lambda m: "✅ delivered" in m.text and m.message_id == card.message_id,
        thread_id=thread,
        timeout=10,
    )
    assert "The user's linked account owns it" in edited.text
    lookups = await _lookups(kefu, OWNED)
    assert [(r.user_id, r.result, r.ticket) for r in lookups] == [
        (601, "shown", None),
        (AGENT, "agent", public_id),
    ]


async def test_agents_look_up_any_order_and_each_lookup_is_recorded(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    agent = desk.member(AGENT, "Ann")
    await shop(kefu).set_channel("usdt_trc20", ChannelState.DOWN)
    await agent.send_command("order", "DM240007")
    shown = await desk.wait_for(lambda m: "DM240007" in m.text, timeout=10)
    for words in ("Account: chen_jie88", "50.00 USDT", "USDT (TRC20) is down right now"):
        assert words in shown.text, (words, shown.text)
    await agent.send_command("order", "DM999999")
    await desk.wait_for(lambda m: m.text == "The shop has no order DM999999.", timeout=10)
    await agent.send_command("order", "<bad>")
    await desk.wait_for(lambda m: m.text.startswith("Use: /order DM240003"), timeout=10)
    recorded = [(r.user_id, r.result) for r in await _lookups(kefu, "DM240007")]
    assert recorded == [(AGENT, "agent")]
    assert [(r.user_id, r.result) for r in await _lookups(kefu, "DM999999")] == [(AGENT, "agent")]


async def test_strangers_in_the_group_cannot_look_orders_up(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    stranger = desk.member(7999, "Eve")
    desk.remove_member(stranger)  # posts still reach kefu, but Eve is no agent now
    await stranger.send_command("order", "DM240007")
    agent = desk.member(AGENT, "Ann")
    await agent.send_command("order", "DM999999")
    await desk.wait_for(lambda m: "DM999999" in m.text, timeout=10)
    assert not any("DM240007" in m.text for m in desk.messages())
    assert await _lookups(kefu, "DM240007") == []


async def _lookups(kefu: Running, number: str) -> list[OrderLookupRow]:
    sessions = make_sessionmaker(kefu.kefu.engine)
    async with sessions() as session:
        rows = await session.scalars(
            select(OrderLookupRow)
            .where(OrderLookupRow.number == number)
            .order_by(OrderLookupRow.id)
        )
        return list(rows)
