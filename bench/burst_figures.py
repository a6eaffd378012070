"""What a desk burst run (bench/desk_burst.py) measured, read off the double's request log
and its forum: the group's budget, spent on what, and whether each ticket came through
whole and in order. Also the compressed clock the run lives on."""

from __future__ import annotations

import asyncio
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import pairwise

from bot.telegram.double import LoggedCall
from bot.telegram.double.driver import Group

USERNAME = re.compile(r"@burst_(\d+)")  # how a topic's name tells whose ticket it is
HEADER = "📨"  # how merged messages' header line starts (locales/*/desk_budget.ftl)
LINE = re.compile(r"^(?:\d\d:\d\d )?(u\d+ m\d+ .*)$")  # a user's text: copied, or a merged line
CARD = "🎫"  # how a card starts (locales/*/desk.ftl)


class CompressedClock:
    """A :class:`~bot.support.clock.Clock` that runs ``speed`` times faster than real time.

    kefu and the double share it, so Telegram's 20 a minute (the double's buckets and the
    outbox's) is kept in this clock's minutes while a run takes seconds. A ManualClock
    would need something to move it while kefu and the double talk over HTTP and the
    runtimes wait on real sockets: nothing knows when all of them are idle.
    """

    def __init__(self, speed: float, start: datetime | None = None) -> None:
        self.speed = speed
        self._wall0 = start or datetime(2026, 11, 20, 6, 0, tzinfo=UTC)
        self._real0 = time.monotonic()

    def monotonic(self) -> float:
        return (time.monotonic() - self._real0) * self.speed

    def now(self) -> datetime:
        return self._wall0 + timedelta(seconds=self.monotonic())

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds) / self.speed)


@dataclass
class GroupFigures:
    """One agents' group after a burst (times in clock seconds)."""

    chat_id: int
    reports: int
    drain: float = 0.0  # first report to the group's last call
    tokens: int = 0  # the group's budget spent (the double's costs)
    by_kind: Counter[str] = field(default_factory=Counter)  # tokens by what they carried
    rejected: int = 0  # 429s the group answered
    cards: int = 0  # tickets whose topic holds their card
    in_order: int = 0  # tickets whose user's messages all arrived, in order
    merged: int = 0  # user's messages that went merged (lines of a merged text, copies)
    merged_texts: int = 0  # merged texts (one message each, its header its first line)
    card_waits: dict[str, list[float]] = field(default_factory=dict)  # urgent / other
    headers: list[str] = field(default_factory=list)  # merged messages' header lines, as seen
    stalled: float = 0.0  # the budget was there and the group got nothing (kefu was busy)

    @property
    def floor(self) -> float:
        """Seconds the budget spent takes at 20 a minute."""
        return self.tokens / 20 * 60

    @property
    def kefu_share(self) -> float:
        """kefu's own edits and lines (not cards, copies or headers) over the whole spend."""
        return self.by_kind["kefu"] / self.tokens if self.tokens else 0.0


def cost(entry: LoggedCall) -> int:
    """What a call took from the group's bucket, as the double counts it."""
    if entry.method == "copyMessages":
        return len(entry.result or ())
    if entry.method == "sendMediaGroup":
        return len(entry.result or ())
    if entry.method in ("editForumTopic", "deleteMessage", "closeForumTopic", "getChat"):
        return 0
    return 1 if entry.method != "getChatMember" else 0


def kind_of(entry: LoggedCall) -> str:
    """What a group call carried: a topic, a card, a copy, a merged text (the header and
    the user's texts), a header alone (copies follow it) or kefu's own."""
    text = str(entry.params.get("text", ""))
    if entry.method == "createForumTopic":
        return "topic"
    if entry.method in ("copyMessage", "copyMessages"):
        return "copies"
    if entry.method == "sendMessage" and text.startswith(CARD):
        return "card"
    if entry.method == "sendMessage" and text.startswith(HEADER):
        return "merged" if "\n" in text else "header"  # lines under it, or copies after it
    return "kefu"  # card edits, renames, reminders, notices


def measure_group(
    desk: Group,
    entries: list[LoggedCall],
    sent: dict[int, list[str]],
    started: dict[int, float],
    urgent: set[int],
) -> GroupFigures:
    """The figures of one group: ``sent`` is each user's texts in order, ``started`` when
    each user wrote the first, ``urgent`` who wrote an urgent word."""
    figures = GroupFigures(desk.chat.id, len(sent))
    mine = [e for e in entries if str(e.chat_id) == str(desk.chat.id) and e.done]
    figures.rejected = sum(1 for e in mine if e.status == 429)
    ok = [e for e in mine if e.ok]
    for entry in ok:
        figures.tokens += cost(entry)
        figures.by_kind[kind_of(entry)] += cost(entry)
        if entry.method == "copyMessages" and kind_of(entry) == "copies":
            figures.merged += len(entry.result or ()) if _merged(entry, ok) else 0
        if kind_of(entry) == "merged":
            figures.merged_texts += 1
            figures.merged += str(entry.params.get("text", "")).count("\n")
    if ok:
        figures.drain = max(e.monotonic for e in ok) - min(started.values())
    counted = [e for e in ok if cost(e)]
    for before, entry in pairwise(counted):  # 3 s a message, in debt
        figures.stalled += max(0.0, entry.monotonic - before.monotonic - cost(before) * 3.0)
    waits: dict[str, list[float]] = {"urgent": [], "other": []}
    for thread, topic in desk.topics.items():
        found = USERNAME.search(topic.name)
        if found is None:
            continue
        user = int(found.group(1))
        messages = desk.messages(thread_id=thread)
        card = next((m for m in messages if m.text.startswith(CARD)), None)
        if card is not None:
            figures.cards += 1
            at = _sent_at(ok, card.message_id)
            waits["urgent" if user in urgent else "other"].append(at - started[user])
        figures.headers += [m.text.split("\n")[0] for m in messages if m.text.startswith(HEADER)]
        said = [
            found.group(1)
            for m in messages
            for line in m.text.split("\n")
            if (found := LINE.match(line)) and found.group(1).startswith(f"u{user} m")
        ]
        figures.in_order += said == sent.get(user)
    figures.card_waits = waits
    return figures


def _merged(entry: LoggedCall, ok: list[LoggedCall]) -> bool:
    """A copyMessages right after a header or a merged text (not a user's album)."""
    index = ok.index(entry)
    before = ok[index - 1] if index else None
    return before is not None and kind_of(before) in ("header", "merged")


def _sent_at(ok: list[LoggedCall], message_id: int) -> float:
    for entry in ok:
        result = entry.result if isinstance(entry.result, dict) else {}
        if entry.method == "sendMessage" and result.get("message_id") == message_id:
            return entry.monotonic
    return float("nan")


def spread(values: list[float]) -> str:
    """ "p50 / max" in minutes, or "-" for none."""
    if not values:
        return "-"
    return f"{statistics.median(values) / 60:.1f} / {max(values) / 60:.1f} min"
