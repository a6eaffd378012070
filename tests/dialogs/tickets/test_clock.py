"""The desk's clock decides from a ticket's status and times alone: what is due when."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogs.tickets.clock import ClockFacts, DeskPolicy, Due, due
from dialogs.tickets.priority import TicketPriority
from dialogs.tickets.status import TicketStatus

S = TicketStatus
T0 = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
POLICY = DeskPolicy()  # 15 min, 24 h, 72 h, 72 h


def facts(status: S, reminded: timedelta | None = None, **kw: object) -> ClockFacts:
    at = T0 + reminded if reminded is not None else None
    return ClockFacts(status, T0, at, **kw)  # type: ignore[arg-type]


def at(**delta: float) -> datetime:
    return T0 + timedelta(**delta)


@pytest.mark.parametrize(
    ("status", "after", "expected"),
    [
        (S.OPEN, {"minutes": 14}, None),
        (S.OPEN, {"minutes": 15}, Due.REMIND_DESK),
        (S.CLAIMED, {"hours": 100}, None),  # an agent has it: no clock
        (S.WAITING_USER, {"hours": 23}, None),
        (S.WAITING_USER, {"hours": 24}, Due.REMIND_USER),
        (S.WAITING_USER, {"hours": 72}, Due.AUTO_RESOLVE),
        (S.RESOLVED, {"hours": 71}, None),
        (S.RESOLVED, {"hours": 72}, Due.CLOSE),
        (S.CLOSED, {"days": 365}, None),
        (S.NEW, {"days": 365}, None),  # never before agents (no desk)
    ],
)
def test_what_is_due_when(status: S, after: dict[str, float], expected: Due | None) -> None:
    assert due(facts(status), at(**after), POLICY) is expected


def test_a_reminder_is_sent_once_per_wait() -> None:
    reminded = facts(S.OPEN, reminded=timedelta(minutes=15))
    assert due(reminded, at(hours=5), POLICY) is None
    user = facts(S.WAITING_USER, reminded=timedelta(hours=24))
    assert due(user, at(hours=30), POLICY) is None
    assert due(user, at(hours=72), POLICY) is Due.AUTO_RESOLVE, "resolving is not a reminder"
    # A reminder from an earlier wait (before this status began) does not count.
    earlier = facts(S.OPEN, reminded=timedelta(hours=-1))
    assert due(earlier, at(minutes=15), POLICY) is Due.REMIND_DESK


def test_after_hours_only_urgent_tickets_and_missing_money_alert_and_at_once() -> None:
    closed = {"desk_open": False}
    assert due(facts(S.OPEN), at(hours=3), POLICY, **closed) is None
    urgent = facts(S.OPEN, priority=TicketPriority.URGENT)
    assert due(urgent, at(seconds=1), POLICY, **closed) is Due.REMIND_DESK
    money = facts(S.OPEN, money_missing=True)
    assert due(money, at(seconds=1), POLICY, **closed) is Due.REMIND_DESK
    assert POLICY.since(Due.REMIND_DESK, at(seconds=1), desk_open=False) == at(seconds=1)
    # Outside hours the wait for a user still runs: it is the user's clock, not the desk's.
    assert due(facts(S.WAITING_USER), at(hours=72), POLICY, **closed) is Due.AUTO_RESOLVE


@given(
    status=st.sampled_from(list(S)),
    minutes=st.integers(min_value=0, max_value=10_000),
    open_=st.booleans(),
)
def test_the_database_filter_never_hides_a_due_ticket(status: S, minutes: int, open_: bool) -> None:
    now = at(minutes=minutes)
    found = due(facts(status), now, POLICY, desk_open=open_)
    if found is not None:
        assert POLICY.since(found, now, desk_open=open_) >= T0
