"""Which updates kefu has taken and which it has finished.

Telegram forgets every update below the offset of the next getUpdates. Confirming only
what is finished means a crash loses nothing: whatever was in hand comes again on the
next start. The price is that an update may come again while still in hand (or after a
webhook's redelivery), so the ledger also remembers recent ids, to take each only once.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict


class UpdateLedger:
    """Tracks update ids from arrival to the end of their handling."""

    def __init__(self, remember: int = 10_000) -> None:
        self._remember = remember
        self._seen: OrderedDict[int, asyncio.Future[None] | None] = OrderedDict()
        self._highest: int | None = None

    def take(self, update_id: int) -> bool:
        """True the first time an update id is offered (or again after its handling
        failed, e.g. another instance held the chat), False for a repeat."""
        if update_id in self._seen and not _failed(self._seen[update_id]):
            return False
        self._seen[update_id] = None
        self._highest = update_id if self._highest is None else max(self._highest, update_id)
        while len(self._seen) > self._remember:
            self._seen.popitem(last=False)
        return True

    def track(self, update_id: int, handling: asyncio.Future[None] | None) -> None:
        """The future that resolves when the update has been handled (None: nothing to do)."""
        if update_id in self._seen:
            self._seen[update_id] = handling

    def in_hand(self) -> list[asyncio.Future[None]]:
        return [f for f in self._seen.values() if f is not None and not f.done()]

    def offset(self) -> int | None:
        """The offset that confirms every finished update and nothing still in hand."""
        unfinished = [
            uid for uid, f in self._seen.items() if f is not None and (not f.done() or _failed(f))
        ]
        if unfinished:
            return min(unfinished)
        return None if self._highest is None else self._highest + 1


def _failed(handling: asyncio.Future[None] | None) -> bool:
    return (
        handling is not None
        and handling.done()
        and not handling.cancelled()
        and handling.exception() is not None
    )
