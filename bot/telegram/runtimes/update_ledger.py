"""Which updates kefu has taken and which it has finished.

Telegram forgets every update below the offset of the next getUpdates. Confirming only
what is finished means a crash loses nothing: whatever was in hand comes again on the
next start. The price is that an update may come again while still in hand (or after a
webhook's redelivery), so the ledger also remembers recent ids, to take each only once.

The poller asks for the offset and the updates in hand on every poll, so those look only
at the updates not yet finished (a few: those in hand, and failed ones until taken
again), never at the thousands remembered.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict


class UpdateLedger:
    """Tracks update ids from arrival to the end of their handling."""

    def __init__(self, remember: int = 10_000) -> None:
        self._remember = remember
        self._seen: OrderedDict[int, asyncio.Future[None] | None] = OrderedDict()
        self._unfinished: dict[int, asyncio.Future[None]] = {}  # in hand, or failed
        self._highest: int | None = None

    def take(self, update_id: int) -> bool:
        """True the first time an update id is offered (or again after its handling
        failed, e.g. another instance held the chat), False for a repeat."""
        if update_id in self._seen and not _failed(self._seen[update_id]):
            return False
        self._seen[update_id] = None
        self._unfinished.pop(update_id, None)  # a failed one, taken again: tracked anew
        self._highest = update_id if self._highest is None else max(self._highest, update_id)
        while len(self._seen) > self._remember:
            self._seen.popitem(last=False)
        return True

    def track(self, update_id: int, handling: asyncio.Future[None] | None) -> None:
        """The future that resolves when the update has been handled (None: nothing to do)."""
        if update_id in self._seen:
            self._seen[update_id] = handling
            if handling is not None:
                self._unfinished[update_id] = handling
                # Let go of it once done (a webhook never asks for the offset, which is
                # where polling lets go): memory must not grow with every update handled.
                handling.add_done_callback(lambda done: self._settle(update_id, done))

    def in_hand(self) -> list[asyncio.Future[None]]:
        self._forget_finished()
        return [f for f in self._unfinished.values() if not f.done()]

    def offset(self) -> int | None:
        """The offset that confirms every finished update and nothing still in hand."""
        self._forget_finished()
        if self._unfinished:
            return min(self._unfinished)
        return None if self._highest is None else self._highest + 1

    def tracked(self) -> int:
        """Handlings held: those in hand, and failed ones until taken again."""
        return len(self._unfinished)

    def _forget_finished(self) -> None:
        for update_id, handling in list(self._unfinished.items()):
            self._settle(update_id, handling)

    def _settle(self, update_id: int, handling: asyncio.Future[None]) -> None:
        """Forget ``handling`` if it finished well: the update's id is all that is kept."""
        if not handling.done() or _failed(handling):
            return
        if self._unfinished.get(update_id) is handling:
            del self._unfinished[update_id]
        if self._seen.get(update_id) is handling:
            self._seen[update_id] = None


def _failed(handling: asyncio.Future[None] | None) -> bool:
    return (
        handling is not None
        and handling.done()
        and not handling.cancelled()
        and handling.exception() is not None
    )
