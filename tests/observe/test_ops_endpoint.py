"""The ops endpoint (KEFU_HTTP_LISTEN) of the real kefu, asked over HTTP: /metrics moves
with a user's traffic (updates, a 429, a 403, a lookup, a knowledge base search, a
hand-off) and reads the queues, tickets and broadcasts right; /healthz says 200, then
503 naming the Bot API, Redis and the database as each stops answering."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings
from bot.storage import migrate
from bot.storage.broadcasts import NewBroadcast
from bot.storage.database import make_engine
from bot.telegram.double import BotApiDouble
from bot.telegram.double.driver import Group
from dialogs.notices.broadcast import Content, Message
from tests.observe.ops import get, relay, scrape, value
from tests.scenario.desk_harness import DESK, DESK_LIMITS, DESK_TUNING
from tests.scenario.harness import Running, eventually, free_port, running_kefu
from tests.services import REDIS_URL, redis_client

WAIT = 10


@pytest.fixture
async def double() -> AsyncIterator[BotApiDouble]:
    async with BotApiDouble(limits=DESK_LIMITS) as d:
        yield d


@pytest.fixture
def desk(double: BotApiDouble) -> Group:
    group = double.driver.forum_group(DESK, "Support desk")
    group.member(7001, "Ann")
    return group


async def test_metrics_follow_a_users_traffic(
    double: BotApiDouble, desk: Group, tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    async with running_kefu(double, tmp_path, agent_chat_id=DESK, tuning=DESK_TUNING,
                            http_listen=f"127.0.0.1:{port}",
                            health_bot_api_cache=3600) as kefu:  # fmt: skip
        user = double.driver.private_user(201, "Di", language_code="en")
        await user.send_command("start")
        await user.next_message(timeout=WAIT)
        # A 429 on the answer, then 502s until the test lifts them: meanwhile the answer
        # waits in the user's lane.
        double.faults.add(method="sendMessage", chat_id=201, status=429, retry_after=1)
        down = double.faults.add(method="sendMessage", chat_id=201, status=502, times=None)
        await user.send_text("where is my top-up?")
        await double.log.wait_for("sendMessage", chat_id=201, status=502, timeout=WAIT)

        async def queued_for_the_user() -> bool:
            return value(await scrape(base), "kefu_outbox_queued", lane="private") == 1

        await eventually(queued_for_the_user)
        double.faults.rules.remove(down)
        assert "answers may help" in (await user.next_message(timeout=WAIT)).text
        await user.send_command("order", "DM999999")
        await user.next_message(timeout=WAIT)
        await user.send_command("human")
        await user.next_message(timeout=WAIT)
        blocked = double.driver.private_user(202, "Ed", language_code="en")
        double.block(202)
        await blocked.send_command("start")
        await double.log.wait_for("sendMessage", chat_id=202, status=403, timeout=WAIT)
        broadcast = await scheduled_broadcast(kefu, [201, 202, 203])

        async def counted() -> bool:
            m = await scrape(base)
            return (
                value(m, "kefu_updates_total", kind="command") == 4
                and value(m, "kefu_telegram_403_total", chat="private") == 1
                and value(m, "kefu_tickets_open") == 1
                and value(m, "kefu_outbox_queued", lane="private") == 0
            )

        await eventually(counted)
        m = await scrape(base)
        assert value(m, "kefu_updates_total", kind="message") == 1
        assert value(m, "kefu_updates_total", kind="membership") == 1  # 202 blocked the bot
        assert value(m, "kefu_update_handling_seconds_count") == 6
        assert value(m, "kefu_telegram_429_total", chat="private") == 1
        assert value(m, "kefu_kb_searches_total", outcome="found") == 1
        assert value(m, "kefu_order_lookups_total", result="challenged") == 1
        assert value(m, "kefu_tickets_unclaimed") == 1
        assert value(m, "kefu_sla_breaches_today") == 0
        assert value(m, "kefu_scrape_reads_ok") == 1
        pending = value(m, "kefu_broadcast_recipients", broadcast=str(broadcast), state="pending")
        assert pending == 3
        assert value(m, "kefu_broadcast_recipients", broadcast=str(broadcast), state="sent") == 0
        # Healthy; and a scraper asking often asks Telegram once per cache period.
        asked = double.log.count("getMe")
        for _ in range(3):
            assert await get(base, "/healthz") == (200, {"ok": True})
        assert double.log.count("getMe") == asked + 1


async def scheduled_broadcast(kefu: Running, users: list[int]) -> int:
    """A broadcast for tomorrow, made as `kefu broadcast send` makes one: all pending."""
    store = kefu.app.notice_parts.broadcasts
    at = kefu.app.clock.now() + timedelta(days=1)
    new = NewBroadcast(content=Content(Message("Tomorrow's news")), audience="all", at=at)
    return await store.create(new, [(u, "en") for u in users])


async def test_healthz_names_what_stopped_answering(
    double: BotApiDouble, tmp_path: Path, postgres_url: str
) -> None:
    engine = make_engine(postgres_url)
    await migrate.upgrade(engine)
    await engine.dispose()
    await (await redis_client()).aclose()  # Redis is there (else: a clear failure or skip)
    pg = engine.url
    redis_host, redis_port = REDIS_URL.split("//")[1].split("/")[0].split(":")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    async with (
        relay(pg.host or "127.0.0.1", pg.port or 5432) as database,
        relay(redis_host, int(redis_port)) as redis,
    ):
        through = pg.set(host="127.0.0.1", port=database.port)
        async with running_kefu(
            double,
            tmp_path,
            webhook=True,
            database_url=through.render_as_string(hide_password=False),
            redis_url=f"redis://127.0.0.1:{redis.port}/0",
            http_listen=f"127.0.0.1:{port}",
            health_timeout=1,
            health_bot_api_cache=0,
        ):
            assert await get(base, "/healthz") == (200, {"ok": True})
            fault = double.faults.add(method="getMe", status=502, times=None)
            assert await get(base, "/healthz") == (503, {"ok": False, "failing": ["bot_api"]})
            double.faults.rules.remove(fault)
            await redis.cut()
            assert await get(base, "/healthz") == (503, {"ok": False, "failing": ["redis"]})
            await database.cut()
            failing = ["database", "redis"]
            assert await get(base, "/healthz") == (503, {"ok": False, "failing": failing})
            await database.mend()
            await redis.mend()

            async def healthy() -> bool:
                return await get(base, "/healthz") == (200, {"ok": True})

            await eventually(healthy)


def test_the_listen_address_is_checked() -> None:
    assert load_settings(_env_file=None, http_listen="[::1]:9090").http_address == (
        "::1",
        9090,
    )
    assert load_settings(_env_file=None).http_address is None  # off unless set
    with pytest.raises(ConfigError, match="KEFU_HTTP_LISTEN must be host:port"):
        load_settings(_env_file=None, http_listen="9090")
