"""How far an event got through kefu: the contract between the app and whatever feeds it
(a runtime answers a webhook or confirms a polled update by it)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass


@dataclass(frozen=True)
class Handling:
    """How far an event got: ``handled`` once its effects and replies are committed (a
    webhook may answer then), ``done`` once its handling is over (polling confirms the
    update then). For one event both come at the commit; they differ for an album's items,
    which a webhook answers as they are held, while polling confirms them with the album."""

    handled: asyncio.Future[None]
    done: asyncio.Future[None]

    @classmethod
    def pending(cls) -> Handling:
        loop = asyncio.get_running_loop()
        return cls(loop.create_future(), loop.create_future())

    def follow(self, other: Handling) -> None:
        """Resolve like ``other`` does."""
        _chain(other.handled, self.handled)
        _chain(other.done, self.done)


def _chain(source: asyncio.Future[None], target: asyncio.Future[None]) -> None:
    def copy(f: asyncio.Future[None]) -> None:
        if target.done():
            return
        if f.cancelled():
            target.cancel()
        elif f.exception() is not None:
            target.set_exception(f.exception())  # type: ignore[arg-type]
        else:
            target.set_result(None)

    source.add_done_callback(copy)


def resolve(future: asyncio.Future[None] | None) -> None:
    """Mark an event handled, unless it already ended."""
    if future is not None and not future.done():
        future.set_result(None)


def chain_failure(done: asyncio.Future[None], handled: asyncio.Future[None]) -> None:
    """A job that never ran (its chat stayed locked) was not handled either."""

    def copy(f: asyncio.Future[None]) -> None:
        if not handled.done() and not f.cancelled() and f.exception() is not None:
            handled.set_exception(f.exception())  # type: ignore[arg-type]

    done.add_done_callback(copy)
