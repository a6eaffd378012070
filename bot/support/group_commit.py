"""A group commit: whoever needs an item written waits for it, and everything that came
meanwhile is written in the same transaction. A busy sender then costs one write for many
outcomes, and an idle one writes each at once."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from bot.support.waiting import first_done

log = logging.getLogger(__name__)
T = TypeVar("T")


class GroupCommit(Generic[T]):
    """Writes items through ``write`` (one call per batch); :meth:`add` returns once its
    item's batch is written, or raises what the write raised (the item is then not
    written: the caller's rows stay as they were).

    With ``linger``, a batch of fewer than ``enough`` items waits up to ``linger`` seconds
    (``sleep``: the caller's clock) for more: a slow stream of items (a broadcast at 25 a
    second) then costs a transaction for several rather than one each.
    """

    def __init__(
        self,
        write: Callable[[list[T]], Awaitable[None]],
        what: str,
        *,
        linger: float = 0.0,
        enough: int = 1,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._write = write
        self._what = what
        self._linger, self._enough, self._sleep = linger, enough, sleep
        self._plenty = asyncio.Event()
        self._waiting: list[tuple[T, asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def add(self, item: T) -> None:
        written: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, written))
        if len(self._waiting) >= self._enough:
            self._plenty.set()
        if self._writer is None:
            self._writer = asyncio.create_task(self._run(), name=f"{self._what}-recorder")
        await asyncio.shield(written)

    async def _run(self) -> None:
        try:
            while self._waiting:
                if self._linger and len(self._waiting) < self._enough:
                    self._plenty.clear()
                    await first_done(self._plenty.wait(), self._sleep(self._linger))
                batch, self._waiting = self._waiting, []
                try:
                    await self._write([item for item, _ in batch])
                except Exception as exc:
                    log.exception("recording %s %s failed", len(batch), self._what)
                    for _, written in batch:
                        if not written.done():
                            written.set_exception(exc)
                    continue
                for _, written in batch:
                    if not written.done():
                        written.set_result(None)
        finally:
            self._writer = None

    async def flush(self) -> None:
        """Wait for the writes under way."""
        writer = self._writer
        if writer is not None:
            await asyncio.gather(writer, return_exceptions=True)
