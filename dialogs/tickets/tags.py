"""The tags a ticket is filed with, so agents can sort and count without reading it.

From the report itself: its category ("recharge"), the payment channel chosen ("alipay"),
and the time of day it came in, in the operator's zone ("evening-peak": the hours the
operator names busy). The rules are the operator's (``tags:`` in desk.yaml).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dialogs.desk.hours import DAY, Span


@dataclass(frozen=True)
class TagRules:
    """``channels``: a choice id of the ``channel_field`` -> its tag (a choice not listed,
    such as "other", gives none); ``time_of_day``: named ranges of the local day, a range
    past midnight allowed ("night" 23:00-07:00), the first that holds the time counts."""

    channel_field: str = "payment_channel"
    channels: Mapping[str, str] = field(default_factory=dict)
    time_of_day: tuple[tuple[str, Span], ...] = ()


def auto_tags(
    category: str, fields: Mapping[str, Any], at_local: datetime, rules: TagRules
) -> list[str]:
    """A new ticket's tags: its ``category`` id, the channel tag of its ``fields``' answer,
    and the time-of-day bucket of ``at_local`` (a wall time in the operator's zone)."""
    tags = [category]
    chosen = fields.get(rules.channel_field)
    if isinstance(chosen, str) and chosen in rules.channels:
        tags.append(rules.channels[chosen])
    bucket = time_of_day(at_local, rules.time_of_day)
    if bucket is not None:
        tags.append(bucket)
    return list(dict.fromkeys(tags))  # a category named like a bucket is tagged once


def time_of_day(at_local: datetime, buckets: tuple[tuple[str, Span], ...]) -> str | None:
    """The name of the first bucket holding ``at_local``'s wall time, if any."""
    t = at_local.hour * 3600 + at_local.minute * 60 + at_local.second
    for name, span in buckets:
        # A range past midnight holds the small hours too: 01:00 is in 23:00-07:00.
        if span.start <= t < span.end or t + DAY < span.end:
            return name
    return None


def merge_tags(*groups: Iterable[str]) -> list[str]:
    """The tags of every group, in order, each once."""
    return list(dict.fromkeys(t for group in groups for t in group))
