"""The ticket lifecycle: every allowed move, and every other one refused."""

from __future__ import annotations

import itertools

import pytest

from dialogs.tickets.status import (
    TRANSITIONS,
    TicketStatus,
    TransitionRefused,
    can_move,
    is_active,
    move,
)

S = TicketStatus
ALLOWED = {
    (S.OPEN, S.WAITING_USER),
    (S.OPEN, S.WAITING_AGENT),
    (S.OPEN, S.RESOLVED),
    (S.OPEN, S.CLOSED),
    (S.WAITING_AGENT, S.WAITING_USER),
    (S.WAITING_AGENT, S.RESOLVED),
    (S.WAITING_AGENT, S.CLOSED),
    (S.WAITING_USER, S.WAITING_AGENT),
    (S.WAITING_USER, S.RESOLVED),
    (S.WAITING_USER, S.CLOSED),
    (S.RESOLVED, S.OPEN),  # the user reopens it
    (S.RESOLVED, S.CLOSED),
}


def test_every_status_has_its_moves_written_down() -> None:
    assert set(TRANSITIONS) == set(TicketStatus)


@pytest.mark.parametrize(("current", "wanted"), list(itertools.product(S, S)))
def test_only_the_drawn_moves_are_allowed(current: S, wanted: S) -> None:
    if (current, wanted) in ALLOWED:
        assert can_move(current, wanted)
        assert move(current, wanted) is wanted
    else:
        assert not can_move(current, wanted)
        with pytest.raises(TransitionRefused, match=f"from {current} to {wanted}"):
            move(current, wanted)


def test_closed_is_final_and_only_unanswered_tickets_are_active() -> None:
    assert TRANSITIONS[S.CLOSED] == frozenset()
    assert {s for s in S if is_active(s)} == {S.OPEN, S.WAITING_AGENT, S.WAITING_USER}


def test_who_waits_on_whom_after_a_message() -> None:
    from dialogs.tickets.status import after_message

    agent, user = {"from_agent": True}, {"from_agent": False}
    assert after_message(TicketStatus.OPEN, **agent) == TicketStatus.WAITING_USER
    assert after_message(TicketStatus.WAITING_AGENT, **agent) == TicketStatus.WAITING_USER
    assert after_message(TicketStatus.WAITING_USER, **agent) is None
    assert after_message(TicketStatus.WAITING_USER, **user) == TicketStatus.WAITING_AGENT
    assert after_message(TicketStatus.OPEN, **user) is None, "nobody answered yet"
    for done in (TicketStatus.RESOLVED, TicketStatus.CLOSED):
        assert after_message(done, **agent) is None and after_message(done, **user) is None
