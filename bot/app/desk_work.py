"""What the desk at work reads by: the lifecycle's durations (settings), working hours
(content), the queue's reads, and which agents' groups there are."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.config import Settings
from bot.storage.ticket_reads import TicketReads
from dialogs.content import Content
from dialogs.desk.groups import desk_chats
from dialogs.tickets.clock import DeskPolicy


@dataclass(frozen=True)
class DeskWork:
    """What the desk at work reads by: the lifecycle's durations, the queue's reads, and
    when the agents are back if they are away now (working hours)."""

    policy: DeskPolicy
    reads: TicketReads
    closed_until: Callable[[datetime], datetime | None]
    waits_within: timedelta = timedelta(days=7)  # recent waits: the estimate's sample
    comment_within: timedelta = timedelta(minutes=10)  # a rating's comment, after it
    first_contact_check: bool = False  # a first contact presses a button first
    chats: tuple[int, ...] = ()  # the agents' groups configured (moves may add more)

    def is_open(self, now: datetime) -> bool:
        return self.closed_until(now) is None


def desk_work(settings: Settings, content: Content, reads: TicketReads) -> DeskWork:
    """The desk's durations from the settings, its working hours from the content."""
    policy = DeskPolicy(
        sla=settings.sla_first_response,
        remind_user_after=settings.remind_user_after,
        auto_resolve_after=settings.auto_resolve_after,
        reopen_after=timedelta(hours=settings.reopen_hours),
    )
    hours = content.desk.working_hours

    def closed_until(now: datetime) -> datetime | None:
        back = hours.reopening(now)
        return back.at if back is not None else None

    chats = desk_chats(settings.agent_chat_id, content.desk.groups)
    check = settings.first_contact_check
    return DeskWork(policy, reads, closed_until, first_contact_check=check, chats=chats)
