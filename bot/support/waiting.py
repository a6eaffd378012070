"""Waiting for whichever comes first: a change in the queue, or a moment on the clock.

The clock is injected (a test's ManualClock moves only when told), so ``asyncio.timeout``
cannot be used; racing the clock's sleep against an event does the same job.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable


async def first_done(*aws: Awaitable[object]) -> None:
    """Wait until the first of ``aws`` finishes; cancel the rest (and let them unwind)."""
    tasks = [asyncio.ensure_future(aw) for aw in aws]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
