"""The queued work: one lane per chat, and the order in which lanes are served.

A lane has at most one item in flight, so a chat's limit is kept by one caller. Lanes
compete by the most urgent item they hold (so an answer queued behind a broadcast in the
same chat lifts that chat), then by when that item was submitted.

**Streams and bands: the agents' group's budget.** Within a lane, items belong to
*streams* (``Item.stream``: the agents' group gives each ticket its own; None is one more
stream) and each stream is strictly FIFO: a ticket's topic before its card, its card
before the copies of the user's messages, the copies in order. Which stream goes next is
chosen by the *band* of its first item (``Item.band``, see :class:`Band`), then by
submission order; an item Telegram does not count (a topic rename) costs no budget and
is taken as soon as it heads its stream. A private chat has one stream: strictly FIFO, as
before. This is the least invasive way to spend one group's 20 messages a minute well:
the lanes, their heap and the limiter are unchanged; only "the head of the lane" became
"the best head among the lane's streams", and an item in flight (or being retried after
a 429) stays the lane's current item until it ends, so a split message's parts and a
retried call are never interleaved with another.
"""

from __future__ import annotations

import asyncio
import heapq
from collections import deque
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from bot.telegram.ops import COUNTED_OPS, Op, OpResult
from bot.telegram.outbox.priority import Band, Priority

if TYPE_CHECKING:
    from bot.telegram.outbox.merge import Merge

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
    band: Band = Band.RELAY  # how this chat's budget is spent among its streams
    stream: Hashable | None = None  # items of one stream leave in submission order
    merge: Merge | None = None  # may go out in one call with its stream's next items

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
    current: Item | None = None  # in flight, or being retried: it goes on until it ends

    def rank(self) -> tuple[Priority, int]:
        best = min(item.priority for item in self.items)
        return best, next(item.seq for item in self.items if item.priority == best)

    def head(self) -> Item:
        """The item to send next: the current one, else the best first item of a stream
        (by band, an uncounted call first, then by submission; see the module)."""
        if self.current is not None:
            return self.current
        best: Item | None = None
        best_key: tuple[int, int] = (0, 0)
        seen: set[Hashable | None] = set()
        for item in self.items:  # in submission order
            if item.stream in seen:
                continue
            seen.add(item.stream)
            key = (item.band if isinstance(item.part, COUNTED_OPS) else -1, item.seq)
            if best is None or key < best_key:
                best, best_key = item, key
        assert best is not None, "head() of an empty lane"
        return best

    def following(self, item: Item) -> list[Item]:
        """The items queued after ``item`` in its stream, in order."""
        after = False
        found = []
        for other in self.items:
            if other is item:
                after = True
            elif after and other.stream == item.stream:
                found.append(other)
        return found

    def remove(self, item: Item) -> None:
        """``item`` leaves the lane (sent, failed or withdrawn)."""
        self.items.remove(item)
        if self.current is item:
            self.current = None

    def replace(self, old: Item, new: Item, gone: list[Item]) -> None:
        """``new`` takes ``old``'s place, and ``gone`` leave (they are part of ``new``)."""
        self.items[self.items.index(old)] = new
        for item in gone:
            self.items.remove(item)


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

    def depths(self) -> dict[int | None, int]:
        """Items queued per lane (in flight included), by chat id."""
        return {key: len(lane.items) for key, lane in self._lanes.items()}

    def unsent(self, key: int | None, future: asyncio.Future[OpResult]) -> Item | None:
        """The item of ``future`` in lane ``key`` if nothing of it has gone yet."""
        lane = self._lanes.get(key)
        if lane is None:
            return None
        found = next((item for item in lane.items if item.future is future), None)
        if found is None or found is lane.current or found.index:
            return None
        return found

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

    def start(self, lane: Lane, item: Item) -> None:
        """``item`` (the lane's head) goes in flight, and stays current until it ends."""
        lane.state = State.BUSY
        lane.current = item

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
            flying = lane.current if lane.state is State.BUSY else None
            items.extend(item for item in lane.items if item is not flying)
            lane.items = deque([flying] if flying is not None else [])
            if not lane.items:
                del self._lanes[lane.key]
        items.sort(key=lambda item: item.seq)
        return items
