"""What keeps kefu gentle with a shop and quick when the shop is not: a rate limit, a
circuit breaker and a small cache.

Each reads time from an injected ``monotonic`` (tests move it by hand) and none of them
sleeps by itself: the rate limit says how long to wait, and the caller waits.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class RateLimit:
    """A token bucket of ``burst`` tokens refilled at ``per_second``, kept as the time the
    next call may go (GCRA): `reserve` takes a slot at once, so concurrent callers queue in
    the order they asked, each told how long to wait for its own slot."""

    def __init__(self, per_second: float, burst: int, monotonic: Callable[[], float]) -> None:
        self._interval = 1.0 / per_second
        self._tolerance = (burst - 1) * self._interval
        self._monotonic = monotonic
        self._next = float("-inf")  # a full bucket: the first `burst` calls go at once

    def reserve(self) -> float:
        """Seconds to wait before sending (0: now); the slot is taken either way."""
        now = self._monotonic()
        due = max(self._next, now - self._tolerance)
        self._next = due + self._interval
        return max(0.0, due - now)


class BreakerState(enum.Enum):
    CLOSED = "closed"  # calls go through
    OPEN = "open"  # calls fail at once, until the cool-off is over
    HALF_OPEN = "half_open"  # one trial call goes through; the rest fail at once


class CircuitBreaker:
    """Opens after ``failures`` consecutive failed tries; after ``reset_seconds`` lets one
    trial through: its success closes the breaker, its failure opens it again."""

    def __init__(self, failures: int, reset_seconds: float, monotonic: Callable[[], float]) -> None:
        self._threshold = failures
        self._reset = reset_seconds
        self._monotonic = monotonic
        self._failures = 0
        self._opened_at = 0.0
        self._trial = False  # a half-open trial is under way
        self.state = BreakerState.CLOSED

    def retry_in(self) -> float | None:
        """None when a call may go now (and, half-open, it is the trial); else the seconds
        until one may."""
        if self.state is BreakerState.OPEN:
            left = self._opened_at + self._reset - self._monotonic()
            if left > 0:
                return left
            self.state = BreakerState.HALF_OPEN
        if self.state is BreakerState.HALF_OPEN:
            if self._trial:
                return self._reset
            self._trial = True
        return None

    def succeeded(self) -> None:
        self._failures = 0
        self._trial = False
        self.state = BreakerState.CLOSED

    def failed(self) -> bool:
        """Record a failed try; True when that opened the breaker."""
        self._failures += 1
        was_trial, self._trial = self._trial, False
        if was_trial or (self.state is BreakerState.CLOSED and self._failures >= self._threshold):
            self.state = BreakerState.OPEN
            self._opened_at = self._monotonic()
            return True
        return False

    def abandoned(self) -> None:
        """The call was cancelled: neither success nor failure, but a trial slot is free."""
        self._trial = False


class TtlCache(Generic[V]):
    """Answers kept ``ttl`` seconds, at most ``size`` of them (the oldest go first)."""

    def __init__(self, ttl: float, size: int, monotonic: Callable[[], float]) -> None:
        self._ttl = ttl
        self._size = size
        self._monotonic = monotonic
        self._items: dict[Hashable, tuple[float, V]] = {}

    def get(self, key: Hashable) -> V | None:
        if self._ttl <= 0:
            return None
        held = self._items.get(key)
        if held is None:
            return None
        if held[0] <= self._monotonic():
            del self._items[key]
            return None
        return held[1]

    def put(self, key: Hashable, value: V) -> None:
        if self._ttl <= 0:
            return
        self._items.pop(key, None)
        self._items[key] = (self._monotonic() + self._ttl, value)
        while len(self._items) > self._size:
            del self._items[next(iter(self._items))]

    def discard(self, match: Callable[[Hashable], bool]) -> None:
        for key in [k for k in self._items if match(k)]:
            del self._items[key]
