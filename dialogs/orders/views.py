"""What a user (or an agent) is shown of an order and of a payment channel. kefu's own
strings are in locales/*/orders.ftl; a channel kefu has no name for shows its id."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from dialogs.orders.health import effective
from dialogs.orders.snapshot import Snapshot
from dialogs.ports.orders import ChallengeFact, ChannelHealth, ChannelState, Order, OrderStatus
from dialogs.views import ButtonView, Label, Literal, Text, View
from dialogs.when.display import local_time_text

KNOWN_CHANNELS = frozenset({"alipay", "wechat", "bank_card", "usdt_trc20"})
WATCH_PREFIX = "cw:"  # "Tell me when it recovers": cw:<channel>
SKIP = "oc:skip"  # a challenge given up
CHECK_PREFIX = "oc:go:"  # a report's offer taken: the challenge for oc:go:<number>
SHOW_PREFIX = "o:"  # one of the user's recent orders: o:<number>

Buttons = tuple[tuple[ButtonView, ...], ...]


def channel_label(channel: str) -> Label:
    return Text.of("channel-" + channel) if channel in KNOWN_CHANNELS else Literal(channel)


def status_label(status: OrderStatus) -> Text:
    return Text.of("order-status-" + status.value)


def order_lines(order: Order, tz: ZoneInfo, *, account: bool = False) -> list[Label]:
    """The order itself: number and status, what and how much, how paid, when fetched
    (``account``: the owner's account too, for agents)."""
    lines: list[Label] = [
        Text.of("order-card", number=order.number, status=status_label(order.status)),
        Text.of(
            "order-card-what",
            product=Literal(order.product),
            amount=f"{order.amount} {order.currency}",
            channel=channel_label(order.channel),
        ),
    ]
    if account:
        lines.append(Text.of("order-card-account", account=Literal(order.account)))
    lines.append(Text.of("order-fetched", at=local_time_text(order.fetched_at, tz)))
    return lines


def snapshot_lines(snapshot: Snapshot, tz: ZoneInfo) -> list[Label]:
    """A ticket's order for its agents: what the shop said and when, whose it is, and
    whether the user has shown it is theirs; or that the lookup failed."""
    at = local_time_text(snapshot.fetched_at, tz)
    if snapshot.failed:
        return [Text.of("desk-card-order-failed", at=at)]
    if snapshot.unknown or snapshot.status is None:
        return [Text.of("desk-card-order-unknown", number=snapshot.number, at=at)]
    return [
        Text.of(
            "desk-card-order-snapshot",
            status=status_label(snapshot.status),
            amount=f"{snapshot.amount} {snapshot.currency}",
            channel=channel_label(snapshot.channel),
            account=Literal(snapshot.account),
            at=at,
        ),
        Text.of("desk-card-order-owner-" + (snapshot.owner or "unproven")),
    ]


def order_view(
    order: Order, health: ChannelHealth | None, delayed_share: float, tz: ZoneInfo
) -> View:
    """The owner's view: the order, then (paid, not delivered yet) what its channel says
    about the wait, and the channel's trouble if it has any."""
    parts = order_lines(order, tz)
    buttons: Buttons = ()
    if health is not None and order.status is OrderStatus.PAID_DELIVERING:
        parts.append(
            Text.of(
                "order-arrival",
                channel=channel_label(order.channel),
                minutes=max(1, round(health.average_arrival_seconds / 60)),
                ahead=health.queue_length,
            )
        )
    if health is not None and effective(health, delayed_share) is not ChannelState.OK:
        trouble = channel_view(health, delayed_share, tz)
        parts.extend(trouble.parts)
        buttons = trouble.buttons
    return View(parts=tuple(parts), buttons=buttons, separator="\n")


def channel_view(health: ChannelHealth, delayed_share: float, tz: ZoneInfo) -> View:
    """A troubled channel said plainly, with its expected recovery, and "Tell me when it
    recovers"."""
    state = effective(health, delayed_share)
    name = channel_label(health.channel)
    parts: list[Label] = [Text.of("order-channel-" + state.value, channel=name)]
    if health.expected_recovery is not None:
        at = local_time_text(health.expected_recovery, tz)
        parts.append(Text.of("order-channel-recovery", at=at))
    else:
        parts.append(Text.of("order-channel-no-eta"))
    watch = ButtonView(Text.of("order-channel-watch"), WATCH_PREFIX + health.channel)
    return View(parts=tuple(parts), buttons=((watch,),), separator="\n")


def ask_view(number: str, fact: ChallengeFact, first: bool) -> View:
    """One question of the challenge, with Skip."""
    parts: list[Label] = [Text.of("order-check-intro", number=number)] if first else []
    parts.append(Text.of("order-check-ask-" + fact.value))
    skip = ButtonView(Text.of("order-check-skip"), SKIP)
    return View(parts=tuple(parts), buttons=((skip,),))


def offer_view(number: str) -> View:
    """Inside a report: the challenge offered, so the report is not held up by it."""
    start = ButtonView(Text.of("order-check-start"), CHECK_PREFIX + number)
    return View(parts=(Text.of("order-check-offer", number=number),), buttons=((start,),))


def say(key: str, buttons: Buttons = (), **args: object) -> View:
    return View(parts=(Text.of(key, **args),), buttons=buttons)
