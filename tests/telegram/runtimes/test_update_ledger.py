"""The update ledger: each update taken once, and the offset confirming only what is done."""

from __future__ import annotations

import asyncio
import gc
import weakref

from bot.telegram.runtimes.update_ledger import UpdateLedger


async def test_the_offset_stops_at_the_oldest_update_in_hand() -> None:
    ledger = UpdateLedger()
    loop = asyncio.get_running_loop()
    handlings = {uid: loop.create_future() for uid in (10, 11, 12)}
    for uid, handling in handlings.items():
        assert ledger.take(uid)
        ledger.track(uid, handling)
    assert not ledger.take(11), "a repeat of an update in hand is not taken again"
    assert ledger.offset() == 10
    handlings[11].set_result(None)
    assert ledger.offset() == 10
    handlings[10].set_result(None)
    assert ledger.offset() == 12
    assert ledger.in_hand() == [handlings[12]]
    handlings[12].set_result(None)
    assert ledger.offset() == 13
    assert ledger.in_hand() == []


async def test_a_failed_update_holds_the_offset_until_taken_again() -> None:
    ledger = UpdateLedger()
    failed = asyncio.get_running_loop().create_future()
    ledger.take(5)
    ledger.track(5, failed)
    ledger.take(6)
    ledger.track(6, None)  # nothing for kefu in it
    failed.set_exception(TimeoutError("the chat stayed locked"))
    assert ledger.offset() == 5, "not confirmed: it must come back"
    assert ledger.take(5), "taken again when it comes back"
    again = asyncio.get_running_loop().create_future()
    ledger.track(5, again)
    again.set_result(None)
    assert ledger.offset() == 7


async def test_an_update_in_hand_holds_the_offset_past_the_memory_limit() -> None:
    ledger = UpdateLedger(remember=100)
    slow = asyncio.get_running_loop().create_future()
    ledger.take(1)
    ledger.track(1, slow)
    for uid in range(2, 10_002):  # far more than it remembers, all finished at once
        ledger.take(uid)
        ledger.track(uid, None)
    assert ledger.offset() == 1
    assert ledger.in_hand() == [slow]
    slow.set_result(None)
    assert ledger.offset() == 10_002


async def test_a_finished_handling_is_let_go_without_asking_for_the_offset() -> None:
    """A webhook takes and tracks updates but never asks for the offset: the ledger must
    still let go of each handling once done, or it holds one per update for ever."""
    ledger = UpdateLedger()
    handling = asyncio.get_running_loop().create_future()
    ledger.take(7)
    ledger.track(7, handling)
    assert ledger.tracked() == 1
    handling.set_result(None)
    await asyncio.sleep(0)  # its done-callbacks run
    assert ledger.tracked() == 0
    gone = weakref.ref(handling)
    del handling
    gc.collect()
    assert gone() is None, "the ledger still holds the finished handling"
    assert not ledger.take(7), "its id is still remembered"
