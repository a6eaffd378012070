"""Pending updates, as Telegram keeps them for one bot.

Updates get increasing ``update_id``s and stay until confirmed: a getUpdates with
``offset`` forgets every update below it (a negative offset keeps only the last ``-offset``).
``allowed_updates`` is remembered from the last call that gave it and filters the updates
created after it, as Telegram does; by default chat_member, message_reaction and
message_reaction_count are left out. The same queue feeds the webhook deliverer.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from bot.telegram.double.world import Notifier

Json = dict[str, Any]
NOT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class UpdateQueue:
    """Pending updates plus everything ever queued (``history``) for tests to inspect."""

    def __init__(self, first_id: int = 100_000_001) -> None:
        self._pending: deque[Json] = deque()
        self._next_id = first_id
        self.allowed: frozenset[str] | None = None
        self.history: list[Json] = []
        self.arrived = Notifier()
        self.poll_generation = 0

    def push(self, kind: str, payload: Json) -> Json | None:
        """Queue an update of ``kind``; None when allowed_updates filters it out."""
        if self.allowed is not None and kind not in self.allowed:
            return None
        if self.allowed is None and kind in NOT_BY_DEFAULT:
            return None
        update = {"update_id": self._next_id, kind: payload}
        self._next_id += 1
        self._pending.append(update)
        self.history.append(update)
        self.arrived.notify()
        return update

    def set_allowed(self, kinds: list[str] | None) -> None:
        """Remember allowed_updates; an empty list means the default set."""
        self.allowed = frozenset(kinds) if kinds else None

    def confirm(self, offset: int | None) -> None:
        """Forget what the bot has confirmed by asking from ``offset``."""
        if offset is None or offset == 0:
            return
        if offset < 0:
            while len(self._pending) > -offset:
                self._pending.popleft()
            return
        while self._pending and self._pending[0]["update_id"] < offset:
            self._pending.popleft()

    def peek(self, limit: int = 100) -> list[Json]:
        return [self._pending[i] for i in range(min(limit, len(self._pending)))]

    def drop_pending(self) -> None:
        self._pending.clear()

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    def new_poll(self) -> int:
        """A getUpdates call begins: older long polls must end with 409 Conflict."""
        self.poll_generation += 1
        self.arrived.notify()
        return self.poll_generation
