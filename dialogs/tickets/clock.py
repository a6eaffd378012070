"""The desk's clock: what is due for a ticket because time passed, decided from its status
and times alone, so a restart (or another instance) reaches the same decision.

- open (nobody took it) for ``sla``: the agents on duty are reminded, once per wait;
  outside working hours only urgent tickets and missing money are, and at once;
- waiting for the user for ``remind_user_after``: the user is reminded, once;
- waiting for the user for ``auto_resolve_after``: resolved, and the user told;
- resolved for ``reopen_after``: closed (a message then starts a new ticket).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from dialogs.tickets.priority import TicketPriority
from dialogs.tickets.status import TicketStatus


class Due(StrEnum):
    REMIND_DESK = "remind-desk"
    REMIND_USER = "remind-user"
    AUTO_RESOLVE = "auto-resolve"
    CLOSE = "close"


@dataclass(frozen=True)
class DeskPolicy:
    """Every duration of the lifecycle (from settings)."""

    sla: timedelta = timedelta(minutes=15)
    remind_user_after: timedelta = timedelta(hours=24)
    auto_resolve_after: timedelta = timedelta(hours=72)
    reopen_after: timedelta = timedelta(hours=72)

    def since(self, due: Due, now: datetime, *, desk_open: bool = True) -> datetime:
        """A ticket whose status began at or before this is (nearly) due ``due``: the
        database's first filter."""
        if due is Due.REMIND_DESK and not desk_open:
            return now  # after hours an alert does not wait for the SLA
        wait = {
            Due.REMIND_DESK: self.sla,
            Due.REMIND_USER: self.remind_user_after,
            Due.AUTO_RESOLVE: self.auto_resolve_after,
            Due.CLOSE: self.reopen_after,
        }[due]
        return now - wait


# The status each kind of due thing waits in.
DUE_IN: dict[Due, TicketStatus] = {
    Due.REMIND_DESK: TicketStatus.OPEN,
    Due.REMIND_USER: TicketStatus.WAITING_USER,
    Due.AUTO_RESOLVE: TicketStatus.WAITING_USER,
    Due.CLOSE: TicketStatus.RESOLVED,
}


@dataclass(frozen=True)
class ClockFacts:
    """What the clock knows of a ticket."""

    status: TicketStatus
    status_at: datetime
    reminded_at: datetime | None
    priority: TicketPriority = TicketPriority.NORMAL
    money_missing: bool = False  # paid and nothing arrived: alerts even after hours


def due(
    facts: ClockFacts, now: datetime, policy: DeskPolicy, *, desk_open: bool = True
) -> Due | None:
    """What is due for the ticket now, if anything. ``desk_open``: within working hours;
    outside them the agents are reminded only of urgent tickets and missing money."""
    waited = now - facts.status_at
    reminded = facts.reminded_at is not None and facts.reminded_at >= facts.status_at
    match facts.status:
        case TicketStatus.OPEN if not reminded and not desk_open:
            return Due.REMIND_DESK if alerts_after_hours(facts) else None
        case TicketStatus.OPEN if not reminded and waited >= policy.sla:
            return Due.REMIND_DESK
        case TicketStatus.WAITING_USER if waited >= policy.auto_resolve_after:
            return Due.AUTO_RESOLVE
        case TicketStatus.WAITING_USER if waited >= policy.remind_user_after and not reminded:
            return Due.REMIND_USER
        case TicketStatus.RESOLVED if waited >= policy.reopen_after:
            return Due.CLOSE
    return None


def alerts_after_hours(facts: ClockFacts) -> bool:
    """Urgent tickets and money that has not arrived reach the agents on duty at any hour."""
    return facts.priority == TicketPriority.URGENT or facts.money_missing


def resolve_by(status_at: datetime, policy: DeskPolicy) -> datetime:
    """When a ticket waiting for its user since ``status_at`` is resolved without them."""
    return status_at + policy.auto_resolve_after
