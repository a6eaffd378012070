"""A scripted in-memory transport and helpers to drive the outbox on a ManualClock."""

from __future__ import annotations

import asyncio
import heapq
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass

from bot.support.clock import ManualClock
from bot.telegram.ops import CopyMessages, CreateTopic, Op, OpResult, SendMediaGroup


class SteppingClock(ManualClock):
    """A manual clock that also tells when its next sleeper is due, so a test can jump
    from deadline to deadline and see calls at their exact times."""

    def __init__(self) -> None:
        super().__init__()
        self._deadlines: list[float] = []

    async def sleep(self, seconds: float) -> None:
        if seconds > 0:
            heapq.heappush(self._deadlines, self.monotonic() + seconds)
        await super().sleep(seconds)

    def next_deadline(self) -> float | None:
        """The earliest deadline still ahead (it may belong to a cancelled sleep)."""
        while self._deadlines and self._deadlines[0] <= self.monotonic():
            heapq.heappop(self._deadlines)
        return self._deadlines[0] if self._deadlines else None


@dataclass(frozen=True)
class Call:
    """One call the outbox made: when (clock seconds), what, and whether it raised."""

    at: float
    op: Op
    error: BaseException | None = None

    @property
    def chat_id(self) -> int | None:
        return getattr(self.op, "chat_id", None)


class ScriptedTransport:
    """Records every call with the clock's time; raises what a test scripted for a chat.

    ``script(chat_id, err1, None, err2)`` makes that chat's next calls raise ``err1``,
    succeed, raise ``err2``; later calls succeed. While ``hold`` is set to an unset event,
    calls for chats wait on it (callback answers never do).
    """

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.calls: list[Call] = []
        self._scripts: dict[int | None, deque[BaseException | None]] = defaultdict(deque)
        self._next_id = 100
        self.hold: asyncio.Event | None = None
        self.in_flight: dict[int | None, int] = defaultdict(int)
        self.max_in_flight = 0
        self.overlap_in_a_chat = False

    def script(self, chat_id: int | None, *outcomes: BaseException | None) -> None:
        self._scripts[chat_id].extend(outcomes)

    @property
    def delivered(self) -> list[Call]:
        return [c for c in self.calls if c.error is None]

    def delivered_to(self, chat_id: int | None) -> list[Call]:
        return [c for c in self.delivered if c.chat_id == chat_id]

    async def execute(self, op: Op) -> OpResult:
        chat = getattr(op, "chat_id", None)
        at = self.clock.monotonic()
        if chat is not None:
            self.overlap_in_a_chat |= self.in_flight[chat] > 0
            self.in_flight[chat] += 1
            self.max_in_flight = max(self.max_in_flight, sum(self.in_flight.values()))
        try:
            if chat is not None and self.hold is not None:
                await self.hold.wait()
            outcome = self._scripts[chat].popleft() if self._scripts[chat] else None
            self.calls.append(Call(at, op, outcome))
            if outcome is not None:
                raise outcome
            return self._result(op)
        finally:
            if chat is not None:
                self.in_flight[chat] -= 1

    def _result(self, op: Op) -> OpResult:
        if isinstance(op, CreateTopic):
            self._next_id += 1
            return OpResult(thread_id=self._next_id - 1)
        count = len(op.items) if isinstance(op, SendMediaGroup) else 1
        count = len(op.message_ids) if isinstance(op, CopyMessages) else count
        ids = tuple(range(self._next_id, self._next_id + count))
        self._next_id += count
        return OpResult(message_ids=ids)


async def settle(rounds: int = 40) -> None:
    """Let every task that can run, run (no real time passes)."""
    for _ in range(rounds):
        await asyncio.sleep(0)


async def run_clock(clock: ManualClock, seconds: float, step: float = 0.01) -> None:
    """Move the clock ``seconds`` forward in ``step``s, letting the loop run after each."""
    await settle()
    for _ in range(round(seconds / step)):
        clock.advance(step)
        await settle()


async def run_until(clock: SteppingClock, done: Callable[[], bool], limit: float = 600.0) -> float:
    """Jump the clock from deadline to deadline until ``done()``; return the clock seconds
    it took. Fails if nothing is due and nothing happens."""
    start = clock.monotonic()
    await settle()
    while not done():
        due = clock.next_deadline()
        if due is None or due - start > limit:
            raise AssertionError(f"stuck at {clock.monotonic() - start} clock seconds")
        # A hair past the deadline, so float rounding cannot leave the sleeper asleep.
        clock.advance(due - clock.monotonic() + 1e-9)
        await settle()
    return clock.monotonic() - start


class Events:
    """What the outbox told its caller: blocked users and lost groups."""

    def __init__(self) -> None:
        self.blocked: list[int] = []
        self.lost_groups: list[tuple[int, Exception]] = []

    def on_blocked(self, chat_id: int) -> None:
        self.blocked.append(chat_id)

    async def on_group_forbidden(self, chat_id: int, error: Exception) -> None:
        self.lost_groups.append((chat_id, error))
