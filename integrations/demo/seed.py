"""The demo shop's seed: accounts, payment channels and orders of every status, made
relative to the moment of seeding so that "paid 20 minutes ago" stays true to life.

Plain dataclasses: the store writes them as rows, the tests read them as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from dialogs.ports.orders import ChannelState
from integrations.demo.rules import figures_for

CHANNELS = ("alipay", "wechat", "bank_card", "usdt_trc20")
KINDS = ("game_topup", "point_card", "redeem_code")


@dataclass(frozen=True)
class DemoAccount:
    name: str
    email: str
    phone_last4: str  # the payer's phone as the account usually pays


@dataclass(frozen=True)
class DemoOrder:
    """An order as the demo shop records it: its own raw status (see rules.RAW_STATUSES)
    and the owner's facts a challenge asks for."""

    number: str
    account: str
    raw_status: str
    channel: str
    amount: Decimal
    currency: str
    product: str
    kind: str
    created_at: datetime
    paid_at: datetime | None
    delivered_at: datetime | None
    phone_last4: str
    email: str


@dataclass(frozen=True)
class DemoChannel:
    channel: str
    state: ChannelState
    average_arrival_seconds: int
    queue_length: int
    share_delayed: float
    expected_recovery: datetime | None


ACCOUNTS = (
    DemoAccount("lin.wei", "lin.wei@example.com", "3821"),
    DemoAccount("chen_jie88", "chenjie88@example.net", "0457"),
    DemoAccount("mika.tan", "mika.tan@example.org", "9914"),
    DemoAccount("zhou.yan", "zhouyan@example.com", "6630"),
    DemoAccount("arif.k", "arif.k@example.net", "1209"),
)
_BY_NAME = {a.name: a for a in ACCOUNTS}

# The orders: number, account, raw status, channel, amount, currency, kind, minutes ago,
# then the product (which may hold spaces). A text table keeps 24 orders readable in a
# screenful, where formatted tuples would take ten times the lines.
_ORDERS = """
DM240001 lin.wei    completed          alipay      30.00 CNY  game_topup   4320 原神 60 创世结晶
DM240002 lin.wei    completed          wechat      98.00 CNY  game_topup   2900 王者荣耀 980 点券
DM240003 lin.wei    delivering         wechat      50.00 CNY  point_card     25 网易一卡通 50 元
DM240004 lin.wei    unpaid             alipay     648.00 CNY  game_topup      8 原神 6480 创世结晶
DM240005 lin.wei    refunded           bank_card  100.00 CNY  redeem_code 10080 Steam 钱包 100 元
DM240006 chen_jie88 completed          usdt_trc20  25.00 USDT game_topup   1500 PUBG Mobile 660 UC
DM240007 chen_jie88 paid               usdt_trc20  50.00 USDT redeem_code    12 Apple Gift Card $50
DM240008 chen_jie88 failed             alipay      30.00 CNY  point_card    600 骏网一卡通 30 元
DM240009 chen_jie88 cancelled          wechat      68.00 CNY  game_topup   3000 和平精英 680 点券
DM240010 chen_jie88 completed          bank_card  200.00 CNY  point_card   7200 盛大一卡通 200 元
DM240011 mika.tan   delivering         bank_card  328.00 CNY  game_topup     95 原神 3280 创世结晶
DM240012 mika.tan   completed          alipay      10.00 CNY  point_card    200 腾讯 Q 币 10 元
DM240013 mika.tan   partially_refunded alipay      60.00 CNY  redeem_code  5000 Google Play 60 元
DM240014 mika.tan   pending            usdt_trc20 100.00 USDT redeem_code     3 Xbox 会员 3 个月
DM240015 mika.tan   expired            wechat      30.00 CNY  game_topup   1440 王者荣耀 300 点券
DM240016 zhou.yan   paid               wechat     198.00 CNY  game_topup     40 星穹铁道 1980 梦华
DM240017 zhou.yan   completed          wechat      45.00 CNY  redeem_code   900 Netflix 礼品卡 45 元
DM240018 zhou.yan   refunded           usdt_trc20  15.00 USDT game_topup  20160 Roblox 1200 Robux
DM240019 zhou.yan   unpaid             bank_card  500.00 CNY  point_card     15 京东 E 卡 500 元
DM240020 arif.k     completed          usdt_trc20   9.99 USDT game_topup    300 Free Fire 520 钻石
DM240021 arif.k     delivering         alipay      88.00 CNY  point_card     18 Razer Gold 88 元
DM240022 arif.k     delivery_failed    bank_card  120.00 CNY  redeem_code  2000 Steam 钱包 120 元
DM240023 arif.k     completed          alipay       6.00 CNY  game_topup     60 原神 空月祝福
DM240024 arif.k     frozen             usdt_trc20 300.00 USDT redeem_code   720 PSN 礼品卡 $300
"""

# channel, state, recovery in (minutes); the figures follow from the state (rules).
_CHANNELS = (
    ("alipay", ChannelState.OK, None),
    # WeChat Pay is slow in the seed, so the "your payment is late" paths have a case.
    ("wechat", ChannelState.DEGRADED, 45),
    ("bank_card", ChannelState.OK, None),
    ("usdt_trc20", ChannelState.OK, None),
)

_PAID = {"paid", "delivering", "completed", "refunded", "partially_refunded", "delivery_failed"}


def accounts() -> tuple[DemoAccount, ...]:
    """The demo shop's accounts."""
    return ACCOUNTS


def orders(now: datetime) -> list[DemoOrder]:
    """The seeded orders, placed minutes before ``now``; paid a minute after being made,
    delivered (when they were) two minutes after that."""
    made: list[DemoOrder] = []
    for line in _ORDERS.strip().splitlines():
        number, name, raw, channel, amount, currency, kind, ago, product = line.split(maxsplit=8)
        created = now - timedelta(minutes=int(ago))
        paid = created + timedelta(minutes=1) if raw in _PAID else None
        delivered = (
            created + timedelta(minutes=3)
            if raw in {"completed", "refunded", "partially_refunded"}
            else None
        )
        owner = _BY_NAME[name]
        made.append(
            DemoOrder(
                number,
                name,
                raw,
                channel,
                Decimal(amount),
                currency,
                product,
                kind,
                created,
                paid,
                delivered,
                owner.phone_last4,
                owner.email,
            )
        )
    return made


def channels(now: datetime) -> list[DemoChannel]:
    """The payment channels' health as seeded."""
    made = []
    for name, state, recovery in _CHANNELS:
        figures = figures_for(name, state)
        made.append(
            DemoChannel(
                name,
                state,
                figures.average_arrival_seconds,
                figures.queue_length,
                figures.share_delayed,
                now + timedelta(minutes=recovery) if recovery is not None else None,
            )
        )
    return made
