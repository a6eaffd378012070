"""A ticket's status and the moves allowed between them.

open: filed, no agent has answered yet. waiting_user: an agent answered and waits for the
user. waiting_agent: the user answered and waits for an agent. resolved: an agent marked it
solved; the user may still reopen it. closed: done for good (a new problem is a new ticket).
"""

from __future__ import annotations

from enum import StrEnum


class TicketStatus(StrEnum):
    OPEN = "open"
    WAITING_AGENT = "waiting_agent"
    WAITING_USER = "waiting_user"
    RESOLVED = "resolved"
    CLOSED = "closed"


# Being worked on: what a user sends goes to the ticket's agents.
ACTIVE = (TicketStatus.OPEN, TicketStatus.WAITING_AGENT, TicketStatus.WAITING_USER)

# Every move a ticket may make; anything else is refused (a stale button, two agents at once).
TRANSITIONS: dict[TicketStatus, frozenset[TicketStatus]] = {
    TicketStatus.OPEN: frozenset(
        {
            TicketStatus.WAITING_USER,
            TicketStatus.WAITING_AGENT,
            TicketStatus.RESOLVED,
            TicketStatus.CLOSED,
        }
    ),
    TicketStatus.WAITING_AGENT: frozenset(
        {TicketStatus.WAITING_USER, TicketStatus.RESOLVED, TicketStatus.CLOSED}
    ),
    TicketStatus.WAITING_USER: frozenset(
        {TicketStatus.WAITING_AGENT, TicketStatus.RESOLVED, TicketStatus.CLOSED}
    ),
    TicketStatus.RESOLVED: frozenset({TicketStatus.OPEN, TicketStatus.CLOSED}),
    TicketStatus.CLOSED: frozenset(),
}


class TransitionRefused(ValueError):
    """A ticket was asked to move where its lifecycle does not go."""

    def __init__(self, current: TicketStatus, wanted: TicketStatus) -> None:
        super().__init__(f"a ticket cannot go from {current} to {wanted}")
        self.current = current
        self.wanted = wanted


def can_move(current: TicketStatus, wanted: TicketStatus) -> bool:
    return wanted in TRANSITIONS[current]


def move(current: TicketStatus, wanted: TicketStatus) -> TicketStatus:
    """The new status, or TransitionRefused."""
    if not can_move(current, wanted):
        raise TransitionRefused(current, wanted)
    return wanted


def is_active(status: TicketStatus) -> bool:
    """Still someone's to answer: the user's messages belong to it."""
    return status in ACTIVE


def after_message(current: TicketStatus, *, from_agent: bool) -> TicketStatus | None:
    """Who waits on whom once a message went across: an agent's answer leaves an open
    ticket waiting for the user, the user's answer one waiting for them waiting for an
    agent. None: the status stays (a resolved ticket is reopened by its own rule)."""
    if from_agent and current in (TicketStatus.OPEN, TicketStatus.WAITING_AGENT):
        return TicketStatus.WAITING_USER
    if not from_agent and current == TicketStatus.WAITING_USER:
        return TicketStatus.WAITING_AGENT
    return None
