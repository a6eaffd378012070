"""The order dialogs' rules without Telegram: the timeout, the one answer for "no such
order" and "not yours" from a backend with no challenge, the lookup and wrong-answer
windows, a stored challenge read back, and an order's news leading a report's question.
A small in-memory shop stands in for the backend (the code under test is the dialogs)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from dialogs.actions import Send
from dialogs.events import Inbound, Kind
from dialogs.orders import checks as marks
from dialogs.orders.actions import KeepCheck, RecordLookup
from dialogs.orders.asking import OrderAsking
from dialogs.orders.checks import PendingCheck, cooling_until, limited_until
from dialogs.orders.policy import OrderPolicy
from dialogs.orders.routing import _leading
from dialogs.ports.orders import (
    Capability,
    ChallengeFact,
    ChannelHealth,
    ChannelState,
    Order,
    OrderStatus,
)
from dialogs.views import Text, View

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
TZ = ZoneInfo("Asia/Shanghai")


def order(number: str, account: str) -> Order:
    return Order(
        number=number,
        account=account,
        status=OrderStatus.PAID_DELIVERING,
        channel="alipay",
        amount=Decimal("30.00"),
        currency="CNY",
        product="60 crystals",
        kind="game_topup",
        created_at=NOW - timedelta(minutes=30),
        paid_at=NOW - timedelta(minutes=29),
        fetched_at=NOW,
    )


@dataclass
class Shop:
    """An order backend in memory; ``hang`` makes every call wait for ever."""

    orders: dict[str, Order]
    links: dict[int, str] = field(default_factory=dict)
    capabilities: frozenset[Capability] = frozenset({Capability.LINKED_ACCOUNT})
    hang: bool = False

    async def _maybe_hang(self) -> None:
        if self.hang:
            await asyncio.Event().wait()

    async def find(self, number: str, telegram_user_id: int) -> Order | None:
        await self._maybe_hang()
        return self.orders.get(number)

    async def recent(self, telegram_user_id: int, limit: int) -> list[Order]:
        return []

    async def channels(self) -> list[ChannelHealth]:
        return [ChannelHealth(channel="alipay", state=ChannelState.OK, average_arrival_seconds=90,
                              queue_length=3, share_delayed=0.01, fetched_at=NOW)]  # fmt: skip

    async def redeliver(self, number: str) -> bool:
        raise NotImplementedError

    async def linked_account(self, telegram_user_id: int) -> str | None:
        await self._maybe_hang()
        return self.links.get(telegram_user_id)

    async def challenge(self, number: str) -> list[ChallengeFact]:
        raise NotImplementedError

    async def check(self, number: str, answers: Mapping[ChallengeFact, str]) -> bool:
        raise NotImplementedError


@dataclass
class Log:
    """The lookup log and challenges in memory, as the app keeps them in its database."""

    rows: list[tuple[int, str, datetime]] = field(default_factory=list)
    checks: dict[int, dict[str, Any]] = field(default_factory=dict)

    def now(self) -> datetime:
        return NOW

    async def marks(self, user_id: int, results: frozenset[str], since: datetime) -> list[datetime]:
        found = [at for u, r, at in self.rows if u == user_id and r in results and at > since]
        return sorted(found, reverse=True)

    async def pending(self, user_id: int) -> dict[str, Any] | None:
        return self.checks.get(user_id)


def asking(shop: Shop, log: Log | None = None, **policy: Any) -> OrderAsking:
    return OrderAsking(shop, log or Log(), OrderPolicy(**policy), TZ)


def said(actions: list[Any]) -> list[Text]:
    return [p for a in actions if isinstance(a, Send) for p in a.view.parts if isinstance(p, Text)]


async def test_no_such_order_and_not_yours_are_one_answer_without_a_challenge() -> None:
    shop = Shop({"A1234": order("A1234", "someone")}, links={1: "me"})
    ask = asking(shop)
    not_yours = await ask.look_up(1, "A1234")
    no_such = await ask.look_up(1, "B5678")
    assert said(not_yours.actions) == [Text.of("order-not-shown", number="A1234")]
    assert said(no_such.actions) == [Text.of("order-not-shown", number="B5678")]
    # The agents' snapshot knows the difference; the user never sees it.
    assert not_yours.snapshot is not None and not_yours.snapshot["account"] == "someone"
    assert no_such.snapshot is not None and no_such.snapshot["unknown"]


async def test_the_owner_sees_it() -> None:
    shop = Shop({"A1234": order("A1234", "me")}, links={1: "me"})
    seen = await asking(shop).look_up(1, "A1234")
    assert said(seen.actions)[0] == Text.of(
        "order-card", number="A1234", status=Text.of("order-status-paid_delivering")
    )
    assert RecordLookup("A1234", marks.SHOWN) in seen.actions
    assert seen.snapshot is not None and seen.snapshot["owner"] == "linked"


async def test_a_hanging_shop_is_unavailable_within_the_timeout() -> None:
    shop = Shop({}, hang=True)
    loop = asyncio.get_running_loop()
    started = loop.time()
    outcome = await asking(shop, timeout_seconds=0.2).look_up(1, "A1234", in_report=True)
    assert loop.time() - started < 2
    assert said(outcome.actions) == [Text.of("order-unavailable-report", number="A1234")]
    assert outcome.snapshot is not None and outcome.snapshot["failed"]


async def test_the_lookup_limit_is_a_sliding_window() -> None:
    log = Log(rows=[(1, marks.NOT_SHOWN, NOW - timedelta(minutes=m)) for m in (1, 2, 9)])
    shop = Shop({})
    limited = await asking(shop, log, lookups=3).look_up(1, "A1234")
    (text,) = said(limited.actions)
    assert text.key == "order-limited" and "20:01" in text.args["at"]  # 11:51 UTC + 10 min
    assert not any(isinstance(a, RecordLookup) for a in limited.actions)
    free = await asking(shop, log, lookups=4).look_up(1, "A1234")
    assert said(free.actions)[0].key == "order-not-shown"


def test_tries_and_their_cool_down() -> None:
    policy = OrderPolicy(tries=3, cooldown=timedelta(minutes=30))
    two = [NOW - timedelta(minutes=1), NOW - timedelta(minutes=2)]
    assert cooling_until(two, policy, NOW) is None
    three = [NOW, *two]
    assert cooling_until(three, policy, NOW) == NOW - timedelta(minutes=2) + timedelta(minutes=30)
    old = [NOW - timedelta(minutes=m) for m in (31, 32, 33)]
    assert cooling_until(old, policy, NOW) is None
    assert limited_until([NOW], OrderPolicy(lookups=1), NOW) == NOW + timedelta(minutes=10)


@pytest.mark.parametrize(
    "data",
    [None, [], {"number": "A"}, {"number": "A", "facts": []}, {"number": "A", "facts": ["nope"]}],
)
def test_a_stored_challenge_that_is_not_one_is_none(data: object) -> None:
    assert PendingCheck.from_json(data) is None


def test_a_stored_challenge_reads_back_and_expires() -> None:
    check = PendingCheck("A1234", ["phone_last4", "amount"], {}, True, NOW.isoformat())
    back = PendingCheck.from_json(check.to_json())
    assert back == check and back.next_fact is ChallengeFact.PHONE_LAST4
    assert not back.expired(NOW + timedelta(minutes=9), OrderPolicy())
    assert back.expired(NOW + timedelta(minutes=11), OrderPolicy())


async def test_an_answer_that_is_no_text_asks_again() -> None:
    check = PendingCheck("A1234", ["phone_last4"], {}, False, NOW.isoformat())
    sticker = Inbound(Kind.MESSAGE, 1, 1, "private", NOW, text=None)
    outcome = await asking(Shop({})).answer(sticker, check)
    assert outcome.asking and [t.key for t in said(outcome.actions)] == [
        "order-check-text-only",
        "order-check-ask-phone_last4",
    ]
    assert not any(isinstance(a, KeepCheck) for a in outcome.actions)


def test_news_leads_the_next_question_in_one_message() -> None:
    question = Send(View(parts=(Text.of("q"),), buttons=()))
    news = Send(View(parts=(Text.of("n"),), buttons=()))
    record = RecordLookup("A1234", marks.SHOWN)
    merged = _leading([record, news], [question])
    assert merged[0] == record and len(merged) == 2
    assert isinstance(merged[1], Send) and merged[1].view.parts == (Text.of("n"), Text.of("q"))
