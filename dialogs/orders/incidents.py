"""What kefu says when a payment channel's state changes (to the desk and the admins),
in an incident's topic (the open tickets that name the channel), to the users waiting on
it, and when a paid order is late and kefu has asked the shop to deliver it again."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from dialogs.orders.health import effective
from dialogs.orders.views import channel_label
from dialogs.ports.orders import ChannelHealth, ChannelState
from dialogs.views import Label, Text, View
from dialogs.when.display import local_time_text

LATE_TAG = "late-delivery"
INCIDENT_TAG = "incident"


def alert_view(health: ChannelHealth, delayed_share: float, tz: ZoneInfo) -> View:
    """The desk's and the admins' word on a channel's new state, with its numbers."""
    state = effective(health, delayed_share)
    name = channel_label(health.channel)
    if state is ChannelState.OK:
        return View(parts=(Text.of("order-alert-ok", channel=name),))
    parts: list[Label] = [
        Text.of(
            "order-alert-" + state.value,
            channel=name,
            late=round(health.share_delayed * 100),
            queue=health.queue_length,
            minutes=max(1, round(health.average_arrival_seconds / 60)),
        )
    ]
    if health.state is ChannelState.OK:  # kefu's own reading, not the shop's
        parts.append(Text.of("order-alert-own-reading", threshold=round(delayed_share * 100)))
    if health.expected_recovery is not None:
        parts.append(
            Text.of("order-channel-recovery", at=local_time_text(health.expected_recovery, tz))
        )
    return View(parts=tuple(parts), separator="\n")


def incident_name(channel: str, state: ChannelState) -> Text:
    return Text.of("order-incident-topic", channel=channel_label(channel), state=state.value)


def incident_view(
    health: ChannelHealth, delayed_share: float, tickets: Sequence[tuple[str, str]], first: bool
) -> View:
    """The incident topic's post: the tickets naming the channel (id, who), new ones."""
    lines = [f"{public_id} · {who}" for public_id, who in tickets]
    state = effective(health, delayed_share)
    head = "order-incident-opened" if first else "order-incident-more"
    text = Text.of(head, channel=channel_label(health.channel), state=state.value, count=len(lines))
    return View(parts=(text, Text.of("order-incident-list", tickets="\n".join(lines))))


def incident_user_view(channel: str, public_id: str) -> View:
    return View(
        parts=(Text.of("order-incident-user", channel=channel_label(channel), id=public_id),)
    )


def incident_over_view(channel: str, told: int) -> View:
    return View(parts=(Text.of("order-incident-over", channel=channel_label(channel), count=told),))


def recovered_view(channel: str) -> View:
    return View(parts=(Text.of("order-channel-recovered", channel=channel_label(channel)),))


def late_note(number: str, channel: str, minutes: int) -> Text:
    """The topic's line: the order is late, the ticket raised."""
    return Text.of(
        "order-late-desk", number=number, channel=channel_label(channel), minutes=minutes
    )


def redelivery_note(number: str, outcome: str) -> Text:
    """The topic's line: what the shop said to kefu's one re-delivery of the order."""
    return Text.of("order-redelivery-desk-" + outcome, number=number)


def redelivery_user_view(number: str, outcome: str) -> View:
    return View(parts=(Text.of("order-redelivery-user-" + outcome, number=number),))
