"""Fixtures of the outbox tests: a scripted transport and an outbox on the manual clock."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from bot.support.clock import ManualClock
from bot.telegram.outbox import OnRetryAfter, Outbox, OutboxLimits
from tests.telegram.outbox.fakes import Events, ScriptedTransport, SteppingClock


@pytest.fixture
def clock() -> SteppingClock:
    """Overrides the shared manual clock with one that knows its next deadline."""
    return SteppingClock()


@pytest.fixture
def transport(clock: ManualClock) -> ScriptedTransport:
    return ScriptedTransport(clock)


@pytest.fixture
def events() -> Events:
    return Events()


@pytest.fixture
async def make_outbox(
    transport: ScriptedTransport, clock: ManualClock, events: Events
) -> AsyncIterator[Callable[..., Outbox]]:
    """Build an outbox (not started) with the given limits (and whom to tell of 429s);
    every one is closed after."""
    made: list[Outbox] = []

    def make(on_retry_after: OnRetryAfter | None = None, **limits: float) -> Outbox:
        outbox = Outbox(
            transport,
            clock,
            OutboxLimits(**limits),  # type: ignore[arg-type]
            on_blocked=events.on_blocked,
            on_group_forbidden=events.on_group_forbidden,
            on_retry_after=on_retry_after,
        )
        made.append(outbox)
        return outbox

    yield make
    for outbox in made:
        await outbox.close(timeout=0)
