"""The crash drill's counting (the rules are in bench/crash_drill.py's docstring): each bot
message attributed to the update it answers, then lost, doubled and stray updates, tickets
against reports, and with a desk the copies in the topics and the topics per ticket."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bench.drill_config import DESK_CHAT, DrillConfig
from bench.drill_traffic import TICKET_CONFIRMATION, UserLog, is_recovery_answer
from bot.telegram.double import BotApiDouble

if TYPE_CHECKING:
    from bot.telegram.double.models import StoredMessage

TICKET_ID = re.compile(r"K-[0-9A-Z]{5}")


@dataclass
class DrillResult:
    """What the users of one drill sent, lost and got twice; see crash_drill's docstring."""

    config: DrillConfig
    sent: int = 0  # counted updates sent (recovery /cancels not included)
    lost: int = 0  # counted updates with no reply at all
    doubled: int = 0  # counted updates with two or more replies
    extra_replies: int = 0  # replies beyond the first, over the doubled updates
    stray: int = 0  # bot messages attributed to no update
    out_of_order: int = 0  # answers (or copies in a topic) after a later update's
    reports: int = 0  # Submit pressed
    tickets: int = 0  # rows in the tickets table for the drill's users
    doubled_tickets: int = 0  # tickets beyond one per Submit pressed, over the users
    missing_tickets: int = 0  # tickets confirmed to the user but not in the table
    relayed: int = 0  # texts sent after a report, copied into the desk (desk only)
    topics: int = 0  # forum topics kefu made (desk only)
    doubled_topics: int = 0  # topics beyond one per ticket
    abandoned_reports: int = 0  # reports given up after an unanswered step
    recoveries: int = 0  # /cancel sent to get out of an abandoned report
    kills: int = 0
    starts: list[float] = field(default_factory=list)  # spawn-to-serving seconds, per start
    seconds: float = 0.0  # first spawn to counted
    settled: bool = True  # quiet was reached before settle_timeout
    double_errors: int = 0  # internal errors of the Bot API double (should be 0)
    unbalanced: int = 0  # deliveries the balancer found no live instance for
    examples: list[str] = field(default_factory=list)  # a few lost / doubled updates

    @property
    def answered(self) -> int:
        return self.sent - self.lost

    @property
    def surplus_replies(self) -> int:
        """Messages the users got beyond one per update: doubled surplus plus stray."""
        return self.extra_replies + self.stray

    def example(self, line: str) -> None:
        if len(self.examples) < 20:
            self.examples.append(line)


async def tickets_by_user(database_url: str) -> dict[int, int]:
    """Tickets per user id, read once kefu has stopped."""
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                text("SELECT user_id, COUNT(*) FROM tickets GROUP BY user_id")
            )
            return {int(user): int(count) for user, count in rows}
    finally:
        await engine.dispose()


def count(
    result: DrillResult, double: BotApiDouble, logs: Sequence[UserLog], tickets: dict[int, int]
) -> None:
    """Fill ``result`` from what the users sent and what the double holds."""
    world = double.world
    desk = [m for m in world.chat_messages(DESK_CHAT) if m.by_bot] if result.config.desk else []
    for log in logs:
        replies, confirmed = _attribute(result, log, world.chat_messages(log.user.chat.id))
        for index, sent in enumerate(log.sent):
            if sent.relayed is not None:
                copies = [m for m in desk if sent.relayed in (m.text or "")]
                replies[index] = [m.message_id for m in copies]
                result.relayed += 1
        _tally(result, log, replies)
        filed = tickets.get(log.user.id, 0)
        result.sent += len(log.sent)
        result.reports += log.submitted
        result.tickets += filed
        result.doubled_tickets += max(0, filed - log.submitted)
        result.missing_tickets += max(0, min(confirmed, 1) - filed)
        result.abandoned_reports += log.abandoned
        result.recoveries += log.recoveries
    if result.config.desk:
        chat = world.chats.get(DESK_CHAT)
        names = [t.name for t in chat.topics.values()] if chat is not None else []
        per_ticket: dict[str, int] = {}
        for name in names:
            for public_id in TICKET_ID.findall(name)[:1]:
                per_ticket[public_id] = per_ticket.get(public_id, 0) + 1
        result.topics = len(names)
        result.doubled_topics = sum(n - 1 for n in per_ticket.values() if n > 1)
    result.double_errors = len(double.internal_errors)


def _attribute(
    result: DrillResult, log: UserLog, messages: Sequence[StoredMessage]
) -> tuple[dict[int, list[int]], int]:
    """The bot's messages in the user's chat, by the update each answers; and how many
    confirmed a ticket."""
    replies: dict[int, list[int]] = {index: [] for index in range(len(log.sent))}
    by_message = {s.message_id: i for i, s in enumerate(log.sent) if s.message_id}
    confirmed = 0
    for m in messages:
        if not m.by_bot:
            continue
        target = by_message.get(m.reply_to) if m.reply_to else None
        if target is None:
            target = next((i for i, s in enumerate(log.sent)
                           if s.expect is not None and s.expect(m)), None)  # fmt: skip
        if target is not None:
            replies[target].append(m.message_id)
            confirmed += bool(TICKET_CONFIRMATION.search(m.text or ""))
        elif not is_recovery_answer(m):
            result.stray += 1
            result.example(f"user {log.user.id}: stray reply {(m.text or '')[:60]!r}")
    return replies, confirmed


def _tally(result: DrillResult, log: UserLog, replies: dict[int, list[int]]) -> None:
    """Lost, doubled and out of order, per update (in the user's chat and in the topic,
    each in the order the updates were sent)."""
    last = {True: 0, False: 0}  # the latest first answer so far, per chat (topic: True)
    for index, ids in replies.items():
        label = log.sent[index].label
        if not ids:
            result.lost += 1
            result.example(f"user {log.user.id}: {label} lost")
            continue
        if len(ids) > 1:
            result.doubled += 1
            result.extra_replies += len(ids) - 1
            result.example(f"user {log.user.id}: {label} answered {len(ids)} times")
        where = log.sent[index].relayed is not None
        if min(ids) < last[where]:
            result.out_of_order += 1
            result.example(f"user {log.user.id}: {label} answered after a later update")
        last[where] = max(last[where], min(ids))
