"""A payment channel's health as kefu tells it: the backend's state, or worse when kefu's
own reading of the channel's numbers says so (too large a share of its orders late)."""

from __future__ import annotations

from dialogs.ports.orders import ChannelHealth, ChannelState


def effective(health: ChannelHealth, delayed_share: float) -> ChannelState:
    """The backend's state; an "ok" channel with more than ``delayed_share`` of its
    orders late reads as degraded (the shop's own alert may lag behind its numbers)."""
    if health.state is ChannelState.OK and health.share_delayed > delayed_share:
        return ChannelState.DEGRADED
    return health.state


def troubled(health: ChannelHealth, delayed_share: float) -> bool:
    return effective(health, delayed_share) is not ChannelState.OK
