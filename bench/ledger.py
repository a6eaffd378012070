"""The update ledger's cost per poll (offset() and in_hand(), asked on every getUpdates),
with the ledger empty and full (10,000 ids remembered), 50 updates in hand.

Run from the repository root: python -m bench.ledger
"""

from __future__ import annotations

import asyncio
import time

from bot.telegram.runtimes.update_ledger import UpdateLedger

POLLS = 2_000
IN_HAND = 50


async def per_poll(remembered: int) -> float:
    """Microseconds per poll with ``remembered`` finished ids and IN_HAND in hand."""
    ledger = UpdateLedger(remember=10_000)
    loop = asyncio.get_running_loop()
    for uid in range(remembered):
        ledger.take(uid)
        ledger.track(uid, None)
    for uid in range(remembered, remembered + IN_HAND):
        ledger.take(uid)
        ledger.track(uid, loop.create_future())
    start = time.perf_counter()
    for _ in range(POLLS):
        ledger.offset()
        ledger.in_hand()
    return (time.perf_counter() - start) / POLLS * 1e6


async def main() -> None:
    print(f"update ledger: {POLLS} polls, {IN_HAND} updates in hand")
    for remembered in (0, 9_950):
        cost = await per_poll(remembered)
        print(f"  {remembered:>6} finished ids remembered: {cost:8.1f} µs/poll")


if __name__ == "__main__":
    asyncio.run(main())
