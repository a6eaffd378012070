"""A ticket's status and the moves allowed between them: the one place they are written.

new: filed, not yet before the agents (no desk, or its first contact held as spam).
open: at the desk, waiting for an agent to take it (the queue).
claimed: an agent has it, and it is the agent's turn (the user answered).
waiting_user: an agent answered and waits for the user.
resolved: solved; the user writing within the reopen window reopens it.
closed: done for good: a new message starts a new ticket.
"""

from __future__ import annotations

from enum import StrEnum


class TicketStatus(StrEnum):
    NEW = "new"
    OPEN = "open"
    CLAIMED = "claimed"
    WAITING_USER = "waiting_user"
    RESOLVED = "resolved"
    CLOSED = "closed"


# Being worked on: what a user sends goes to the ticket's agents.
ACTIVE = (
    TicketStatus.NEW,
    TicketStatus.OPEN,
    TicketStatus.CLAIMED,
    TicketStatus.WAITING_USER,
)
# Waiting for an agent (the queue and the SLA reminder count the open ones only).
AGENTS_TURN = (TicketStatus.OPEN, TicketStatus.CLAIMED)
DONE = (TicketStatus.RESOLVED, TicketStatus.CLOSED)

_S = TicketStatus
# Every move a ticket may make; anything else is refused (a stale button, two agents at once).
TRANSITIONS: dict[TicketStatus, frozenset[TicketStatus]] = {
    _S.NEW: frozenset({_S.OPEN, _S.RESOLVED, _S.CLOSED}),
    _S.OPEN: frozenset({_S.CLAIMED, _S.WAITING_USER, _S.RESOLVED, _S.CLOSED}),
    _S.CLAIMED: frozenset({_S.OPEN, _S.WAITING_USER, _S.RESOLVED, _S.CLOSED}),
    _S.WAITING_USER: frozenset({_S.OPEN, _S.CLAIMED, _S.RESOLVED, _S.CLOSED}),
    _S.RESOLVED: frozenset({_S.OPEN, _S.CLAIMED, _S.CLOSED}),
    _S.CLOSED: frozenset(),
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


def agents_turn(claimed: bool) -> TicketStatus:
    """Waiting for an agent: the one who has it, or anyone (the queue). Also where a
    reopened ticket goes: back to its agent if it had one."""
    return TicketStatus.CLAIMED if claimed else TicketStatus.OPEN


def after_message(current: TicketStatus, *, from_agent: bool, claimed: bool) -> TicketStatus | None:
    """Who waits on whom once a message went across: an agent's answer leaves a ticket
    waiting for the user (and claims it, see the desk), the user's answer one waiting for
    them (or resolved) the agent's turn again. None: the status stays (a new ticket is put
    before the agents by the hand-off; a closed one stays closed)."""
    if from_agent and current in AGENTS_TURN:
        return TicketStatus.WAITING_USER
    if not from_agent and current in (TicketStatus.WAITING_USER, TicketStatus.RESOLVED):
        # Resolved: the dialogs reopen it as they relay, but the clock may have resolved
        # it between their look and the relay; the user's message still reopens it.
        return agents_turn(claimed)
    return None
