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
    (S.NEW, S.OPEN),  # put before the agents
    (S.NEW, S.RESOLVED),
    (S.NEW, S.CLOSED),
    (S.OPEN, S.CLAIMED),
    (S.OPEN, S.WAITING_USER),  # an agent's answer claims it too
    (S.OPEN, S.RESOLVED),
    (S.OPEN, S.CLOSED),
    (S.CLAIMED, S.OPEN),  # back to the queue
    (S.CLAIMED, S.WAITING_USER),
    (S.CLAIMED, S.RESOLVED),
    (S.CLAIMED, S.CLOSED),
    (S.WAITING_USER, S.OPEN),
    (S.WAITING_USER, S.CLAIMED),  # the user answered: their agent's turn
    (S.WAITING_USER, S.RESOLVED),
    (S.WAITING_USER, S.CLOSED),
    (S.RESOLVED, S.OPEN),  # the user reopens it
    (S.RESOLVED, S.CLAIMED),  # ... with its agent
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
    assert {s for s in S if is_active(s)} == {S.NEW, S.OPEN, S.CLAIMED, S.WAITING_USER}


def test_who_waits_on_whom_after_a_message() -> None:
    from dialogs.tickets.status import after_message

    for claimed in (True, False):
        agent = {"from_agent": True, "claimed": claimed}
        user = {"from_agent": False, "claimed": claimed}
        assert after_message(S.OPEN, **agent) == S.WAITING_USER
        assert after_message(S.CLAIMED, **agent) == S.WAITING_USER
        assert after_message(S.WAITING_USER, **agent) is None
        assert after_message(S.OPEN, **user) is None, "nobody answered yet"
        assert after_message(S.NEW, **user) is None, "the hand-off puts it before agents"
        for done in (S.RESOLVED, S.CLOSED):
            assert after_message(done, **agent) is None
        assert after_message(S.CLOSED, **user) is None
        assert after_message(S.RESOLVED, **user) == (S.CLAIMED if claimed else S.OPEN)
    assert after_message(S.WAITING_USER, from_agent=False, claimed=True) == S.CLAIMED
    assert after_message(S.WAITING_USER, from_agent=False, claimed=False) == S.OPEN
