"""The numbers the outbox keeps: Telegram's rate limits and the retry policy.

Every limit is a token bucket (a sustained rate and a burst) on the injected clock. The
defaults follow Telegram's published guidance: about one message a second per private chat
with short bursts allowed, 20 a minute per group, about 30 a second in all. A paid broadcast
(``allow_paid_broadcast``) is outside the 30 a second: it pays only its chat's bucket.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutboxLimits:
    """Rates, bursts, parallelism and retry policy of one outbox.

    Bursts are kept small on purpose. A bucket of burst ``b`` and rate ``r`` lets through
    up to ``b + r * t`` messages in any window ``t``, so ``group_burst = 1`` is what keeps a
    group at 20 in *any* minute (Telegram answers a group's overflow with long 429s), while
    private chats get the short burst Telegram explicitly allows.
    """

    private_per_second: float = 1.0
    private_burst: int = 3
    group_per_minute: float = 20.0
    group_burst: int = 1
    global_per_second: float = 30.0
    global_burst: int = 5
    # Broadcasts take a global token only if this many stay in the bucket afterwards, so
    # answers to users never queue behind a broadcast that drained the budget.
    broadcast_reserve: int = 2
    # Bot API calls awaiting an answer at once (different chats; a chat has at most one).
    max_in_flight: int = 16
    # Broadcast calls awaiting an answer at once, in slots of their own: a paid broadcast's
    # rate is about this over Telegram's round trip (64 / 50 ms: 1280 a second), and it
    # never takes a slot an answer needs.
    broadcast_in_flight: int = 64
    # 5xx / timeouts: the deterministic backoff between tries: base, 2*base, 4*base...
    # capped.
    backoff_base: float = 0.5
    backoff_cap: float = 30.0
    # How long (seconds from submission) an operation is retried through 5xx and 429s
    # before it fails: a flood ban or an outage should not hold a chat's queue for ever
    # without anyone hearing of it, nor a short one cost a message.
    retry_horizon: float = 3600.0
    # This many 429s (any chats) within the window pause every chat, not just the one hit.
    global_429_hits: int = 3
    global_429_window: float = 10.0
    # A stream's plain copies queued one behind the other while their chat's budget is
    # short go as one copyMessages with a header line, from this many on (0: never).
    merge_from: int = 3

    def __post_init__(self) -> None:
        rates = (self.private_per_second, self.group_per_minute, self.global_per_second)
        if min(rates) <= 0:
            raise ValueError("rates must be positive")
        if min(self.private_burst, self.group_burst, self.global_burst) < 1:
            raise ValueError("bursts must be at least 1")
        if not 0 <= self.broadcast_reserve < self.global_burst:
            raise ValueError("broadcast_reserve must be >= 0 and below global_burst")
        if min(self.max_in_flight, self.global_429_hits) < 1:
            raise ValueError("counts must be at least 1")
        if self.broadcast_in_flight < 1:
            raise ValueError("broadcast_in_flight must be at least 1")
        if self.backoff_base < 0 or self.backoff_cap < self.backoff_base:
            raise ValueError("backoff needs 0 <= base <= cap")
        if self.retry_horizon < 0:
            raise ValueError("retry_horizon must be >= 0")
        if self.merge_from < 0:
            raise ValueError("merge_from must be >= 0")

    def backoff(self, retry: int) -> float:
        """Delay before the ``retry``-th retry (1-based) after a server error."""
        return min(self.backoff_cap, self.backoff_base * 2 ** (retry - 1))
