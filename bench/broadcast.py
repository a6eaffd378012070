"""Broadcast benchmark: the real ``kefu run`` (a child process) sending one broadcast to many
users of the Bot API double (this process, Telegram's limit model on), 1% of whom blocked
the bot, with a burst of 429s part-way.

    python -m bench.broadcast [--recipients 100000] [--slice 120] [--runtime aiogram|ptb]
                              [--phases free,paid,kill]

- **free**: KEFU_BROADCAST_RATE=30 (Telegram's whole free budget); the messages delivered
  over a ``--slice``-second stretch, as a fraction of 30 a second; kefu's CPU a message.
- **paid**: allow_paid_broadcast at KEFU_BROADCAST_PAID_RATE=1000, the whole audience; the
  rate from the first message to the last, as a fraction of 1000; CPU a message; kefu's peak
  memory (VmHWM).
- **kill**: a paid broadcast to everyone, kefu SIGKILLed part-way and started again (the
  new life takes the broadcast over once the dead one's lease runs out); how many users got
  it twice and how many never (blocked users aside).

Figures only; it asserts nothing (tests/scenario/test_broadcast_send.py tests the
behaviour). Each phase has its own database and its own text, counted in the double's log.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert

from bench.crash import _machine
from bench.drill_config import DrillConfig
from bench.drill_process import KefuProcess
from bot.app.broadcast_send import BroadcastTuning
from bot.storage.broadcasts import BroadcastStore, NewBroadcast
from bot.storage.database import make_engine, make_sessionmaker
from bot.storage.migrate import upgrade
from bot.storage.models import User
from bot.support.clock import SystemClock
from bot.telegram.double import BotApiDouble
from bot.telegram.double.models import User as DoubleUser
from bot.telegram.double.requestlog import LoggedCall
from dialogs.notices.broadcast import Content, Message

FIRST_ID = 5_000_001
BLOCKED_EVERY = 100  # 1% blocked the bot
TICK = os.sysconf("SC_CLK_TCK")


class BroadcastKefu(KefuProcess):
    """``kefu run`` with the broadcast settings of one phase."""

    def __init__(self, double: BotApiDouble, folder: Path, runtime: str, **env: str) -> None:
        super().__init__(double, folder, DrillConfig(runtime=runtime, start_timeout=120))
        self.extra = env

    def env(self) -> dict[str, str]:
        return {**super().env(), **self.extra}

    def cpu(self) -> float:
        """Seconds of CPU this life has used (user + system)."""
        fields = Path(f"/proc/{self._proc.pid}/stat").read_text().rsplit(")", 1)[1].split()  # type: ignore[union-attr]
        return (int(fields[11]) + int(fields[12])) / TICK

    def peak_memory_mb(self) -> float:
        for line in Path(f"/proc/{self._proc.pid}/status").read_text().splitlines():  # type: ignore[union-attr]
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")


@dataclass
class Phase:
    """One phase's database, text and kefu."""

    name: str
    folder: Path
    text: str
    paid: bool


def populate(double: BotApiDouble, count: int) -> list[int]:
    """``count`` users in the double's world, every 100th having blocked the bot."""
    ids = list(range(FIRST_ID, FIRST_ID + count))
    for uid in ids:
        user = double.world.add_user(DoubleUser(uid, f"U{uid}"))
        double.world.private_chat(user)
        if (uid - FIRST_ID) % BLOCKED_EVERY == BLOCKED_EVERY - 1:
            double.block(uid, notify=False)
    return ids


async def seed(phase: Phase, ids: list[int], paid: bool) -> None:
    """kefu's database: migrated, the users (their languages in turn), one broadcast."""
    engine = make_engine(f"sqlite+aiosqlite:///{phase.folder / 'kefu.db'}")
    await upgrade(engine)
    now = datetime.now(UTC)
    locales = ("zh-Hans", "zh-Hant", "en")
    async with engine.begin() as conn:
        for start in range(0, len(ids), 5000):
            await conn.execute(
                insert(User),
                [
                    {"id": uid, "language": locales[uid % 3], "first_seen": now,
                     "last_seen": now, "blocked": False, "unheard": [], "notices_off": False}
                    for uid in ids[start : start + 5000]
                ],
            )  # fmt: skip
    store = BroadcastStore(make_sessionmaker(engine), SystemClock())
    content = Content(Message(f"<b>{phase.text}</b> 02:00–04:00"))
    recipients = [(uid, locales[uid % 3]) for uid in ids]
    await store.create(NewBroadcast(content, "all", now, paid=paid), recipients)
    await engine.dispose()


class Tally:
    """The messages of one text Telegram accepted, read from the double's log as it grows
    (each call looked at once it is done; a long poll still open is looked at later)."""

    def __init__(self, double: BotApiDouble, text: str) -> None:
        self._entries = double.log.entries
        self._text = text
        self._next = 0
        self._open: list[LoggedCall] = []
        self.times: list[float] = []  # clock seconds of each delivery, in log order
        self.per_chat: Counter[int] = Counter()

    def count(self) -> int:
        still, self._open = self._open, []
        for call in still:
            self._look(call)
        while self._next < len(self._entries):
            self._look(self._entries[self._next])
            self._next += 1
        return len(self.times)

    def _look(self, call: LoggedCall) -> None:
        if not call.done:
            self._open.append(call)
        elif call.method == "sendMessage" and call.ok and self._text in str(call.params["text"]):
            self.times.append(call.monotonic)
            self.per_chat[int(call.params["chat_id"])] += 1


async def wait_until(check, timeout: float) -> bool:  # type: ignore[no-untyped-def]  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        await asyncio.sleep(0.2)
    return False


async def burst_429(double: BotApiDouble, seconds: float = 1.0) -> int:
    """A burst of 429s, as Telegram floods a bot: every sendMessage for ``seconds`` is refused
    with retry_after 1. How many were refused."""
    fault = double.faults.add("sendMessage", status=429, retry_after=1, times=None)
    await asyncio.sleep(seconds)
    double.faults.rules.remove(fault)
    return fault.hits


async def free_phase(
    double: BotApiDouble, phase: Phase, ids: list[int], args: argparse.Namespace
) -> None:
    await seed(phase, ids, paid=False)
    kefu = BroadcastKefu(double, phase.folder, args.runtime, KEFU_BROADCAST_RATE="30")
    tally = Tally(double, phase.text)
    await kefu.start()
    await wait_until(lambda: tally.count() > 0, 60)
    t0, cpu0, n0 = time.monotonic(), kefu.cpu(), tally.count()
    await asyncio.sleep(args.slice / 3)
    refused = await burst_429(double)
    await asyncio.sleep(args.slice * 2 / 3 - 1)
    t1, cpu1, n1 = time.monotonic(), kefu.cpu(), tally.count()
    await kefu.stop()
    sent, rate = n1 - n0, (n1 - n0) / (t1 - t0)
    print(f"free, rate=30 over {t1 - t0:.0f} s: {sent} delivered, {rate:.2f}/s = "
          f"{rate / 30:.1%} of 30; CPU {(cpu1 - cpu0) / sent * 1000:.3f} ms a message "
          f"({refused} 429s in a 1 s burst at {args.slice / 3:.0f} s)")  # fmt: skip


async def paid_phase(
    double: BotApiDouble, phase: Phase, ids: list[int], args: argparse.Namespace
) -> None:
    await seed(phase, ids, paid=True)
    kefu = BroadcastKefu(double, phase.folder, args.runtime, KEFU_BROADCAST_PAID_RATE="1000")
    tally = Tally(double, phase.text)
    await kefu.start()
    cpu0 = kefu.cpu()
    target = len(ids) - len(ids) // BLOCKED_EVERY
    await wait_until(lambda: tally.count() >= target // 3, 600)
    refused = await burst_429(double)
    done = await wait_until(lambda: tally.count() >= target, 900)
    await asyncio.sleep(1)  # the last outcomes recorded
    cpu1, peak = kefu.cpu(), kefu.peak_memory_mb()
    await kefu.stop()
    got = tally.count()
    span = tally.times[-1] - tally.times[0]
    print(f"paid, rate=1000: {got} of {target} delivered{'' if done else ' (timed out)'} "
          f"in {span:.1f} s = {got / span:.0f}/s = {got / span / 1000:.1%} of 1000; "
          f"CPU {(cpu1 - cpu0) / got * 1000:.3f} ms a message (serving to the last); "
          f"{refused} 429s in a 1 s burst at a third; "
          f"peak memory {peak:.0f} MB")  # fmt: skip


async def kill_phase(
    double: BotApiDouble, phase: Phase, ids: list[int], args: argparse.Namespace
) -> None:
    await seed(phase, ids, paid=True)
    kefu = BroadcastKefu(double, phase.folder, args.runtime, KEFU_BROADCAST_PAID_RATE="1000")
    tally = Tally(double, phase.text)
    await kefu.start()
    target = len(ids) - len(ids) // BLOCKED_EVERY
    await wait_until(lambda: tally.count() >= target * 2 // 5, 600)
    await kefu.kill()
    at_kill = tally.count()
    started = time.monotonic()
    await kefu.start()
    await wait_until(lambda: tally.count() >= 0 and len(tally.per_chat) >= target, 900)
    took = time.monotonic() - started
    await asyncio.sleep(2)
    await kefu.stop()
    tally.count()
    per_chat = tally.per_chat
    blocked = {uid for uid in ids if (uid - FIRST_ID) % BLOCKED_EVERY == BLOCKED_EVERY - 1}
    never = sum(1 for uid in ids if uid not in blocked and per_chat[uid] == 0)
    twice = sum(1 for n in per_chat.values() if n > 1)
    window = BroadcastTuning().window
    print(f"kill -9 after {at_kill} delivered, restart, done {took:.0f} s later: "
          f"{twice} got it twice, {never} never (of {target}; the window is {window})")  # fmt: skip


async def main(args: argparse.Namespace) -> None:
    print(
        f"bench.broadcast: {args.recipients} recipients, 1% blocked, {args.runtime}; {_machine()}"
    )
    phases = {"free": free_phase, "paid": paid_phase, "kill": kill_phase}
    with tempfile.TemporaryDirectory(prefix="kefu-broadcast-") as scratch:
        tmp = args.keep or scratch
        async with BotApiDouble() as double:
            ids = populate(double, args.recipients)
            for i, name in enumerate(args.phases.split(",")):
                folder = Path(tmp) / name
                folder.mkdir(parents=True)
                phase = Phase(name, folder, f"Notice {i} ({name})", paid=name != "free")
                await phases[name](double, phase, ids, args)
                double.log.entries.clear()


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--slice", type=float, default=120.0)
    parser.add_argument("--runtime", choices=("aiogram", "ptb"), default="aiogram")
    parser.add_argument("--phases", default="free,paid,kill")
    parser.add_argument("--keep", type=Path, help="keep each phase's database and log here")
    asyncio.run(main(parser.parse_args()))


if __name__ == "__main__":
    cli()
