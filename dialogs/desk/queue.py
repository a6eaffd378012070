"""The queue as a user hears of it: their place, and a wait estimated from how long the
latest tickets waited for an agent, never a fixed promise.

The estimate is the median of the recent waits (reaching the desk -> claimed), once per
round of agents on duty ahead of the user: with 2 agents on duty and 5 tickets ahead, the
user is served in the 3rd round. Too few recent tickets to say: no figure, only the place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from statistics import median

from dialogs.views import Text

MIN_SAMPLES = 3  # fewer recent waits than this say nothing worth a figure


@dataclass(frozen=True)
class QueueFacts:
    """Where a ticket stands, as the desk reads it."""

    position: int  # 1: next; for a ticket not waiting, where a new one would stand
    recent_waits: tuple[float, ...]  # seconds, desk to claim, of the latest claimed tickets
    on_duty: int  # agents on duty now
    back_at: datetime | None = None  # outside working hours: when agents are back (local)
    waiting: bool = True  # False: the ticket is not in the queue (an agent has it...)


def estimate_minutes(facts: QueueFacts) -> int | None:
    """The wait in whole minutes (at least 1), or None when recent tickets are too few."""
    if len(facts.recent_waits) < MIN_SAMPLES:
        return None
    rounds = math.ceil(facts.position / max(1, facts.on_duty))
    return max(1, math.ceil(median(facts.recent_waits) * rounds / 60))


def wait_line(facts: QueueFacts) -> Text:
    """What the user is told of their place and wait."""
    if facts.back_at is not None:
        return Text.of("queue-after-hours", position=facts.position, when=local_time(facts.back_at))
    minutes = estimate_minutes(facts)
    if minutes is None:
        return Text.of("queue-place", position=facts.position)
    return Text.of("queue-place-wait", position=facts.position, minutes=minutes)


def local_time(at: datetime) -> str:
    """``2026-12-01 09:00 (UTC+08:00)``: readable in every language."""
    offset = at.strftime("%z")  # +0800
    shown = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    return f"{at:%Y-%m-%d %H:%M} ({shown})"
