"""The queued work: one FIFO lane per chat, and the order in which lanes are served.

A lane is served as a whole: only its head item is ever sent, and never twice at once, so a
chat's messages leave strictly in submission order. Lanes compete by the most urgent item
they hold (so an answer queued behind a broadcast in the same chat lifts that chat), then by
when that item was submitted.
"""

from __future__ import annotations

import asyncio
import heapq
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import Enum

from bot.telegram.ops import Op, OpResult
from bot.telegram.outbox.priority import Priority

# Fills in, just before a part is sent, what was not known when it was queued (the thread
# of a topic an earlier message of the chat opened); raises if it cannot be known. It may
# read the database, so it is awaited.
Prepare = Callable[[Op], Awaitable[Op]]
# Told how an operation ended (its finished future); awaited before its in-flight slot is
# freed, so what was sent is recorded before more is sent.
Settle = Callable[["asyncio.Future[OpResult]"], Awaitable[None]]


@dataclass(eq=False)
class Item:
    """One submitted operation: the calls it takes (after splitting) and its future."""

    parts: list[Op]
    priority: Priority
    future: asyncio.Future[OpResult]
    seq: int
    give_up_at: float  # clock seconds after which 5xx and 429s are not waited out
    prepare: Prepare | None = None
    settle: Settle | None = None
    settled: bool = False
    index: int = 0  # the next part to send
    results: list[OpResult] = field(default_factory=list)
    server_errors: int = 0  # of the current part

    @property
    def part(self) -> Op:
        return self.parts[self.index]

    async def next_call(self) -> Op:
        """The current part, with whatever ``prepare`` fills in."""
        return await self.prepare(self.part) if self.prepare else self.part

    def advance(self, result: OpResult) -> bool:
        """Record a part as delivered; True when every part is."""
        self.results.append(result)
        self.index += 1
        self.server_errors = 0
        return self.index == len(self.parts)

    def combined(self) -> OpResult:
        """One result for the whole item: every message id, the first thread id."""
        ids = tuple(mid for r in self.results for mid in r.message_ids)
        thread = next((r.thread_id for r in self.results if r.thread_id is not None), None)
        return OpResult(message_ids=ids, thread_id=thread)


class State(Enum):
    """Where a lane stands; exactly one heap (or none, when busy) holds its live entry."""

    READY = "ready"  # may be sent as soon as the limits allow
    WAITING = "waiting"  # paused (429, backoff) or over its chat's rate until ``due``
    BUSY = "busy"  # its head item is in flight


@dataclass(eq=False)
class Lane:
    """The queue of one chat (``key`` is the chat id; None for bot-wide calls)."""

    key: int | None
    items: deque[Item] = field(default_factory=deque)
    state: State = State.READY
    paused_until: float = 0.0
    version: int = 0  # heap entries of an older version are stale

    def rank(self) -> tuple[Priority, int]:
        best = min(item.priority for item in self.items)
        return best, next(item.seq for item in self.items if item.priority == best)


class Lanes:
    """All lanes, with a heap of ready lanes by rank and a heap of waiting ones by time."""

    def __init__(self) -> None:
        self._lanes: dict[int | None, Lane] = {}
        self._ready: list[tuple[Priority, int, int, int | None]] = []
        self._waiting: list[tuple[float, int, int, int | None]] = []
        self._tick = 0  # unique tie-breaker, and source of versions

    def __len__(self) -> int:
        """Items queued (in flight ones included)."""
        return sum(len(lane.items) for lane in self._lanes.values())

    @property
    def empty(self) -> bool:
        """No lane left (a lane is forgotten once settled with no items)."""
        return not self._lanes

    def keys(self) -> set[int | None]:
        return set(self._lanes)

    def _make_ready(self, lane: Lane) -> None:
        self._tick += 1
        lane.state, lane.version = State.READY, self._tick
        heapq.heappush(self._ready, (*lane.rank(), lane.version, lane.key))

    def _make_waiting(self, lane: Lane, due: float) -> None:
        self._tick += 1
        lane.state, lane.version = State.WAITING, self._tick
        heapq.heappush(self._waiting, (due, self._tick, lane.version, lane.key))

    def push(self, key: int | None, item: Item) -> None:
        lane = self._lanes.get(key)
        if lane is None:
            lane = self._lanes[key] = Lane(key)
            lane.items.append(item)
            self._make_ready(lane)
            return
        before = lane.rank() if lane.items else None
        lane.items.append(item)
        if lane.state is State.READY and lane.rank() != before:
            self._make_ready(lane)  # a more urgent item lifts the lane; the old entry goes stale

    def _valid(self, entry: tuple[object, int, int, int | None], state: State) -> Lane | None:
        lane = self._lanes.get(entry[3])
        if lane is None or lane.version != entry[2] or lane.state is not state:
            return None
        return lane

    def peek(self) -> Lane | None:
        """The best ready lane, left in place."""
        while self._ready:
            lane = self._valid(self._ready[0], State.READY)
            if lane is not None:
                return lane
            heapq.heappop(self._ready)
        return None

    def defer(self, lane: Lane, due: float) -> None:
        """A ready lane must wait for its chat's limit until ``due``."""
        self._make_waiting(lane, due)

    def release_due(self, now: float) -> None:
        """Waiting lanes whose time has come become ready."""
        while self._waiting and self._waiting[0][0] <= now:
            entry = heapq.heappop(self._waiting)
            lane = self._valid(entry, State.WAITING)
            if lane is not None:
                self._make_ready(lane)

    def next_due(self) -> float | None:
        while self._waiting:
            if self._valid(self._waiting[0], State.WAITING) is not None:
                return self._waiting[0][0]
            heapq.heappop(self._waiting)
        return None

    def start(self, lane: Lane) -> Item:
        """The lane's head item goes in flight."""
        lane.state = State.BUSY
        return lane.items[0]

    def settle(self, lane: Lane, now: float) -> None:
        """After a call (or a dropped head): requeue the lane, or forget it if empty."""
        if not lane.items:
            if self._lanes.get(lane.key) is lane:
                del self._lanes[lane.key]
        elif lane.paused_until > now:
            self._make_waiting(lane, lane.paused_until)
        else:
            self._make_ready(lane)

    def drain(self) -> list[Item]:
        """Remove and return every queued item that is not in flight."""
        items: list[Item] = []
        for lane in list(self._lanes.values()):
            keep = 1 if lane.state is State.BUSY else 0
            while len(lane.items) > keep:
                items.append(lane.items.pop())
            if not lane.items:
                del self._lanes[lane.key]
        items.sort(key=lambda item: item.seq)
        return items
