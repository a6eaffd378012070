"""Token buckets for the per-chat, per-group and overall send limits.

Time is passed in (a monotonic reading of the outbox's clock), so the arithmetic is pure and
tests need no event loop. A paid broadcast (``paid``) is charged to its chat's bucket only:
Telegram counts it outside the bot's overall limit.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from bot.support.clock import Clock
from bot.telegram.ops import COUNTED_OPS, CopyMessages, Op, SendMediaGroup, is_paid
from bot.telegram.outbox.limits import OutboxLimits

if TYPE_CHECKING:
    from bot.telegram.outbox.shared_budget import SharedBudget

# Float slack: after waiting exactly the computed time, a bucket must count as refilled.
_EPS = 1e-9


def op_cost(op: Op) -> int:
    """Tokens an operation uses: one per message (an album counts each item), none if the
    operation is not counted by Telegram (deletes, topic closing, callbacks...)."""
    if not isinstance(op, COUNTED_OPS):
        return 0
    if isinstance(op, SendMediaGroup):
        return len(op.items)
    if isinstance(op, CopyMessages):
        return len(op.message_ids)
    return 1


class TokenBucket:
    """``rate`` tokens a second, holding at most ``capacity``; starts full.

    A cost above the capacity (a 10-photo album in a private chat) is let through once the
    bucket is full and leaves it in debt, so the long-run rate still holds.
    """

    def __init__(self, rate: float, capacity: float, now: float) -> None:
        self.rate = rate
        self.capacity = capacity
        self._tokens = capacity
        self._stamp = now

    def _refill(self, now: float) -> None:
        if now > self._stamp:
            self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now

    def wait(self, cost: float, now: float, keep: float = 0.0) -> float:
        """Seconds until ``cost`` tokens can be taken leaving ``keep`` behind (0: now)."""
        self._refill(now)
        missing = min(cost + keep, self.capacity) - self._tokens
        return 0.0 if missing <= _EPS else missing / self.rate

    def take(self, cost: float, now: float) -> None:
        self._refill(now)
        self._tokens -= cost

    def give_back(self, cost: float, now: float) -> None:
        self._refill(now)
        self._tokens = min(self.capacity, self._tokens + cost)

    def full(self, now: float) -> bool:
        """A full bucket behaves like a new one, so it can be forgotten."""
        self._refill(now)
        return self._tokens >= self.capacity - _EPS


class Limiter:
    """All the buckets of one outbox, plus the global pause that repeated 429s impose."""

    def __init__(
        self, limits: OutboxLimits, now: float, shared: SharedBudget | None = None
    ) -> None:
        self._limits = limits
        self.shared = shared  # every instance's budgets (Redis), asked as a call goes
        self._global = TokenBucket(limits.global_per_second, limits.global_burst, now)
        self._chats: dict[int, TokenBucket] = {}
        self._paused_until = now
        self._broadcasts_paused_until = now  # a broadcast's 429 holds broadcasts only
        self._shared_until = now  # the instances' overall budget is spent (shared_wait)
        self._recent_429: deque[float] = deque()

    def _bucket(self, chat_id: int, now: float) -> TokenBucket:
        bucket = self._chats.get(chat_id)
        if bucket is None:
            lim = self._limits
            if chat_id > 0:  # a user's private chat
                bucket = TokenBucket(lim.private_per_second, lim.private_burst, now)
            else:  # a group (or channel)
                bucket = TokenBucket(lim.group_per_minute / 60, lim.group_burst, now)
            self._chats[chat_id] = bucket
        return bucket

    def chat_wait(self, chat_id: int | None, cost: int, now: float) -> float:
        """Seconds until this chat's own limit lets ``cost`` messages go."""
        if cost == 0 or chat_id is None:
            return 0.0
        return self._bucket(chat_id, now).wait(cost, now)

    def global_wait(
        self, cost: int, now: float, broadcast: bool = False, paid: bool = False
    ) -> float:
        """Seconds until the overall limit (and any global pause) lets ``cost`` go; a paid
        broadcast waits only for the pause."""
        until = max(self._paused_until, self._broadcasts_paused_until if broadcast else 0.0)
        if not paid:
            until = max(until, self._shared_until)
        pause = max(0.0, until - now)
        if cost == 0 or paid:
            return pause
        keep = self._limits.broadcast_reserve if broadcast else 0
        return max(pause, self._global.wait(cost, now, keep))

    def take(self, chat_id: int | None, cost: int, now: float, paid: bool = False) -> None:
        if cost == 0:
            return
        if not paid:
            self._global.take(cost, now)
        if chat_id is not None:
            self._bucket(chat_id, now).take(cost, now)

    async def shared_wait(
        self, chat_id: int | None, op: Op, broadcast: bool, clock: Clock
    ) -> float:
        """Seconds until every instance's budgets (:attr:`shared`, Redis) let ``op`` go:
        0, and taken, when there is room now (or no shared budget); else this instance's
        tokens taken for it are given back, the caller waits, and a refusal by the overall
        budget holds this instance's other calls as long."""
        cost = op_cost(op)
        if self.shared is None or cost == 0 or chat_id is None:
            return 0.0
        paid = is_paid(op)
        refusal = await self.shared.wait(chat_id, cost, broadcast, paid)
        if refusal is None or refusal.seconds <= 0:
            return 0.0
        now = clock.monotonic()
        if not paid:
            self._global.give_back(cost, now)
        self._bucket(chat_id, now).give_back(cost, now)
        if refusal.budget == "all":
            until = now + refusal.seconds
            if broadcast:  # its reserve for answers: broadcasts wait, answers go on
                self._broadcasts_paused_until = max(self._broadcasts_paused_until, until)
            else:
                self._shared_until = max(self._shared_until, until)
        return refusal.seconds

    def note_retry_after(
        self, seconds: float, now: float, is_global: bool, broadcast: bool = False
    ) -> str:
        """Record a 429; what it now holds back: "all" chats (Telegram said the limit is
        the bot's, or 429s keep coming), "broadcasts" (a broadcast's: answers still go),
        or "" (its own chat only)."""
        if broadcast and not is_global:
            self._broadcasts_paused_until = max(self._broadcasts_paused_until, now + seconds)
            return "broadcasts"
        window = self._limits.global_429_window
        self._recent_429.append(now)
        while self._recent_429 and self._recent_429[0] <= now - window:
            self._recent_429.popleft()
        if is_global or len(self._recent_429) >= self._limits.global_429_hits:
            self._paused_until = max(self._paused_until, now + seconds)
            return "all"
        return ""

    def forget_idle(self, now: float, keep: set[int | None]) -> None:
        """Drop full buckets of chats with nothing queued, so memory follows activity."""
        for chat_id in [c for c, b in self._chats.items() if c not in keep and b.full(now)]:
            del self._chats[chat_id]
