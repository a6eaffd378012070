"""What kefu keeps in memory once messages are handled: nothing of the updates themselves.

kefu serves for months; whatever it keeps per update or per user is paid for with every
message (bench/memory.py measures it). Telegram's updates are parsed into the library's
objects and must be let go once handled: aiogram's cache of update types kept the last 128,
and the update ledger held a future per update in webhook mode for ever.
"""

from __future__ import annotations

import asyncio
import gc

from bot.telegram.double import BotApiDouble, PrivateUser
from tests.scenario import harness
from tests.scenario.harness import Running

USERS = 30


def _library_updates() -> list[object]:
    """Live update objects of the library the scenario runs on."""
    if harness.current_runtime == "aiogram":
        from aiogram.types import Update
    else:
        from telegram import Update
    gc.collect()
    return [o for o in gc.get_objects() if isinstance(o, Update)]


async def test_no_update_is_kept_once_handled(double: BotApiDouble, kefu: Running) -> None:
    # Held, so that their ids stay theirs: an earlier test's leftovers are not counted.
    earlier = _library_updates()
    users = [double.driver.private_user(5000 + i, f"User {i}") for i in range(USERS)]

    async def talk(user: PrivateUser) -> None:
        await user.send_command("start")
        await user.next_message(timeout=20)

    await asyncio.gather(*(talk(u) for u in users))
    ledger = kefu.kefu.runtime.ledger
    deadline = asyncio.get_running_loop().time() + 10
    while ledger.tracked() and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.05)  # the last handlings' done-callbacks
    assert ledger.tracked() == 0, "the ledger still holds finished handlings"
    # Polling's loop still names the last update it parsed while it waits for the next
    # batch: one, whatever the traffic.
    known = {id(o) for o in earlier}
    kept = [o for o in _library_updates() if id(o) not in known]
    assert len(kept) <= 1, f"{len(kept)} handled updates are still alive"
