"""Payment channels watched, through the real runtime over HTTP against the Bot API double
and the demo shop: a state change told once to the desk and the admins, kefu's own
reading of a channel's numbers, "tell me when it recovers", an incident topic for the
open tickets naming a troubled channel, and a late paid order raised and re-delivered
once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage import demo_orders
from bot.storage.database import make_sessionmaker
from bot.telegram.double import BotApiDouble
from bot.telegram.double.driver import Group
from dialogs.ports.orders import ChannelState
from tests.scenario import desk_harness
from tests.scenario.desk_harness import DESK, DESK_TUNING, in_topic, topic_of
from tests.scenario.harness import Running, running_kefu
from tests.scenario.order_steps import file_top_up, shop

ADMIN = 9001
double, desk = desk_harness.double, desk_harness.desk


@pytest.fixture
async def kefu(double: BotApiDouble, desk: Group, tmp_path: Path) -> AsyncIterator[Running]:
    async with running_kefu(
        double, tmp_path, agent_chat_id=DESK, tuning=DESK_TUNING, admin_ids=[ADMIN]
    ) as running:
        yield running


async def watch_once(kefu: Running) -> None:
    watch = kefu.app.channel_watch
    assert watch is not None
    await watch.run_once()


def general(desk: Group) -> list[str]:
    return [m.text for m in desk.messages(thread_id=None)]


async def test_a_change_is_told_once_and_the_watchers_hear_the_recovery(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    admin = double.driver.private_user(ADMIN, "Boss", language_code="en")
    await shop(kefu).link(701, "lin.wei")
    wei = double.driver.private_user(701, "Wei", language_code="en")
    await wei.send_command("order", "DM240003")
    await wei.next_message()
    await wei.press("🔔 Tell me when it recovers")
    await wei.next_message()
    await watch_once(kefu)  # the seed's WeChat Pay is degraded
    alert = await admin.next_message()
    assert "Payment channel WeChat Pay is degraded: 12% of its orders are late" in alert.text
    await desk.wait_for(lambda m: "WeChat Pay is degraded" in m.text, timeout=10)
    await watch_once(kefu)  # nothing new: nothing said
    await shop(kefu).set_channel("wechat", ChannelState.OK)
    await watch_once(kefu)
    recovered = await wei.next_message()
    assert "WeChat Pay is back to normal" in recovered.text
    assert "back to normal" in (await admin.next_message()).text
    await desk.wait_for(lambda m: "WeChat Pay is back to normal" in m.text, timeout=10)
    await watch_once(kefu)
    assert sum("WeChat Pay" in t for t in general(desk)) == 2
    assert len(wei.messages) == 3 and len(admin.messages) == 2


async def test_kefus_own_reading_of_the_numbers(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    admin = double.driver.private_user(ADMIN, "Boss", language_code="en")
    await shop(kefu).channels()  # seeded
    sessions = make_sessionmaker(kefu.kefu.engine)
    async with sessions() as session:  # the shop says ok, with 8% of Alipay's orders late
        now = kefu.app.clock.now()
        await demo_orders.set_channel(session, "alipay", "ok", (90, 9, 800), None, now)
        await session.commit()
    await watch_once(kefu)
    alerts = [(await admin.next_message()).text for _ in range(2)]
    alipay = next(t for t in alerts if "Alipay" in t)
    assert "Alipay is degraded: 8% of its orders are late" in alipay
    assert "kefu's own reading: the shop says ok, but more than 5%" in alipay


async def test_an_incident_gathers_the_tickets_naming_a_troubled_channel(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    users = [double.driver.private_user(710 + n, f"U{n}", language_code="en") for n in range(4)]
    filed = [
        await file_top_up(u, f"P2024000{n}", channel="WeChat Pay") for n, u in enumerate(users[:3])
    ]
    await watch_once(kefu)
    topic = await desk.double.world.changed.wait_until(
        lambda: next((t for t in desk.topics.values() if t.name.startswith("🚨")), None), 10
    )
    assert topic is not None and topic.name == "🚨 WeChat Pay slow"
    (post,) = await in_topic(desk, topic.thread_id, 1)
    assert "3 open tickets name it" in post.text
    assert all(public_id in post.text for public_id in filed)
    for user in users[:3]:
        told = await user.next_message()
        assert "We know WeChat Pay is having trouble" in told.text
    fourth = await file_top_up(users[3], "P20240003", channel="WeChat Pay")
    await watch_once(kefu)
    more = await in_topic(desk, topic.thread_id, 2)
    assert "1 more tickets name WeChat Pay" in more[1].text and fourth in more[1].text
    await shop(kefu).set_channel("wechat", ChannelState.OK)
    await watch_once(kefu)
    over = await in_topic(desk, topic.thread_id, 3)
    assert "WeChat Pay has recovered: 4 users were told" in over[2].text
    for user in users:
        await user.wait_for(lambda m: "WeChat Pay is back to normal" in m.text, timeout=10)


async def test_a_late_paid_order_is_raised_and_redelivered_once(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    await shop(kefu).link(720, "zhou.yan")
    zhou = double.driver.private_user(720, "Zhou", language_code="en")
    # DM240016: paid 40 minutes ago through WeChat Pay, which takes 16 now: late.
    public_id = await file_top_up(zhou, "DM240016", channel="WeChat Pay")
    thread = await topic_of(desk, public_id)
    await in_topic(desk, thread, 1)
    await watch_once(kefu)
    told = await zhou.wait_for(lambda m: "asked the shop to deliver it again" in m.text, timeout=10)
    assert "DM240016" in told.text
    texts = [m.text for m in await in_topic(desk, thread, 3)]
    assert any("Order DM240016 is late" in t for t in texts)
    assert any("deliver order DM240016 again: delivered" in t for t in texts)
    ticket = await kefu.app.tickets.by_public_id(public_id)
    assert ticket is not None and ticket.priority == "high" and "late-delivery" in ticket.tags
    assert ticket.order_snapshot is not None and ticket.order_snapshot["status"] == "delivered"
    await watch_once(kefu)
    assert sum("again" in m.text for m in zhou.messages) == 1
