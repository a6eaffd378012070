"""`kefu try` plays both ends of a ticket in one terminal, on each runtime: the user asks
for a person, the agent sees the card, claims it and answers, the user replies, the agent
resolves; each side's messages show on the other, marked."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from pathlib import Path

TICKET_ID = re.compile(r"K-[0-9A-HJKMNP-TV-Z]{5}")


class Terminal:
    """`kefu try` as a process: lines typed into its stdin, its stdout read with deadlines."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        assert proc.stdin is not None and proc.stdout is not None
        self.proc = proc
        self.stdin = proc.stdin
        self.stdout = proc.stdout
        self.seen: list[str] = []

    def type(self, line: str) -> None:
        self.stdin.write(line.encode() + b"\n")

    async def read_until(self, text: str, timeout: float = 30) -> str:  # noqa: ASYNC109
        """The first new line showing ``text`` (every line read is kept in ``seen``)."""
        async with asyncio.timeout(timeout):
            while True:
                line = await self.stdout.readline()
                assert line, f"kefu try ended before showing {text!r}: {self.seen}"
                self.seen.append(line.decode())
                if text in self.seen[-1]:
                    return self.seen[-1]

    async def read_all(self, *texts: str, timeout: float = 30) -> None:  # noqa: ASYNC109
        """Read on until each of ``texts`` has shown on a new line, in any order."""
        start = len(self.seen)
        async with asyncio.timeout(timeout):
            while not all(any(t in line for line in self.seen[start:]) for t in texts):
                line = await self.stdout.readline()
                assert line, f"kefu try ended before showing {texts!r}: {self.seen}"
                self.seen.append(line.decode())


async def test_try_plays_the_user_and_the_agent(tmp_path: Path, runtime: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KEFU_", "PTB_"))}
    env["KEFU_RUNTIME"] = runtime
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "try",
        "--name",
        "Rae",
        "--agent-name",
        "Ann",
        cwd=tmp_path,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    term = Terminal(proc)
    try:
        await term.read_until("Hello, Rae!")
        term.type("/human")
        # The user's answer and the desk's card go by different lanes: either may be first.
        await term.read_all("Your case is now ticket", "kefu: 🎫", "‹✋ Claim›")
        (told,) = [line for line in term.seen if "Your case is now ticket" in line]
        assert told.startswith("kefu:"), "the user's own chat, unmarked"
        (ticket,) = TICKET_ID.findall(told)
        # The card, seen aside; its buttons are not the user's to press: no numbers.
        card = f"(desk · {ticket}) kefu: 🎫 {ticket} · "
        assert [line for line in term.seen if line.startswith(card)], term.seen

        term.type(":agent")  # into the topic of the ticket last active
        await term.read_until(f"[agent · {ticket}] You are Ann")
        await term.read_until(f"[agent · {ticket}] kefu (again): 🎫 {ticket}")
        await term.read_until("[1] ✋ Claim")  # the card's buttons are the agent's now
        term.type("Found your top-up, it is on its way")
        await term.read_until("(user sees) kefu: Found your top-up, it is on its way")

        term.type(":user")
        await term.read_until("[user · Rae] You are Rae")
        term.type("It arrived, thanks!")
        await term.read_until(f"(desk · {ticket}) kefu: It arrived, thanks!")

        term.type(":agent")
        await term.read_until(f"[agent · {ticket}] You are Ann")
        term.type("1")  # ✋ Claim, pressed as the agent
        # kefu's answer to the press, and the card as it is now, in either order.
        await term.read_all("(toast) Claimed by Ann.", "Claimed by: Ann")
        term.type(":album 11")
        await term.read_until("N is 1 to 10")
        term.type("/resolve done")
        await term.read_until(f"(user sees) kefu: ✅ Your ticket {ticket} has been resolved: done")
        term.type(":quit")
        await term.stdin.drain()
        rest, err = await asyncio.wait_for(proc.communicate(), 30)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 0, err.decode()
    assert "bye" in rest.decode()
    assert not [line for line in term.seen if "not sent" in line], term.seen
