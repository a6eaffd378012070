"""The Bot API double and the soak's simulated people, as a child process of bench.soak.

    python -m bench.soak_people

Serves a fresh ``BotApiDouble`` (flood limits off) on 127.0.0.1 with an agents' forum group
(one agent), an admin and ``users`` private users; prints one JSON line with its address,
then obeys one JSON command per line on stdin and answers each with one JSON line:

- ``{"do": "setup", "users": n, "rest": {...}}``: the people; ``rest`` says how many hours a
  user waits before starting a new ticket after each ending (the parent's timers);
- ``{"do": "hour", "hour": h, "tickets": t, "reports": r, "window": bool, "parallel": p,
  "timeout": s}``: one simulated hour's traffic, ``p`` conversations at a time: an admin
  opens a maintenance window (if ``window``), the agent resolves last hour's unanswered
  tickets, ``t`` free users start a ticket (``r`` of them by filing a "Payment failed"
  report, the others by /human); of these, a quarter is left unanswered, a quarter
  answered once (the user then stays silent: the desk's clock reminds and resolves them),
  half answered, replied to and resolved; then the window is ended. Answers the latencies
  (the person's update queued -> the bot's awaited call reaching the double, wall seconds),
  the updates sent and what went wrong;
- ``{"do": "jump", "minutes": m}``: the double's wall clock moved on as kefu's was;
- ``{"do": "quiet", "seconds": s, "timeout": t}``: waits until the bot has made no call
  other than getUpdates for ``s`` seconds;
- ``{"do": "stop"}``.

Running here, the double's memory (it keeps every message and call) and the people's work
are not counted in the parent, where kefu's RSS is read.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bench.double_process import answer, obey
from bench.soak_replies import TICKET_ID, Match, Replies, copy_of, says
from bot.support.clock import JumpClock
from bot.telegram.double import BotApiDouble, Limits, LoggedCall, PrivateUser

DESK = -1001000000888
AGENT = 7001
ADMIN = 7002
FIRST_USER = 7_300_001
OPEN_WINDOW = (  # the admin's /maintenance dialog: press or type, then the bot's words
    ("press", "➕ Start a maintenance window", "What does it affect?"),
    ("press", "Top-up not received", "Send what users are told"),
    ("type", "Top-ups are paused while the bank upgrades.", "Versions for other languages"),
    ("press", "Continue ▶", "Type a time in"),
    ("type", "+2h", "Announce it now"),
    ("press", "Do not announce", "Ready to start"),
    ("press", "✅ Start it", "Maintenance started."),
)
REPORT = (  # a "Payment failed" report from the menu to its filing (kb_steps' answers)
    ("press", "Payment failed", "Step 1 of 5"),
    ("press", "Alipay", "Step 2 of 5"),
    ("type", "100", "Step 3 of 5"),
    ("type", "transaction declined by risk control", "Step 4 of 5"),
    ("type", "10 minutes ago", "Step 5 of 5"),
    ("type", "Tried again twice, the same message", "Your report: Payment failed"),
    ("press", "Submit", "Your ticket"),
)


class Stuck(Exception):
    """The bot did not answer a person in time."""


@dataclass
class Ticket:
    user: int
    public_id: str
    thread: int


class People:
    """The double's people and the hour they play against kefu."""

    def __init__(self, double: BotApiDouble, replies: Replies, users: int, rest: dict) -> None:
        self.double, self.replies, self.rest = double, replies, rest
        self.desk = double.driver.forum_group(DESK, "Support desk")
        self.agent = self.desk.member(AGENT, "Ann")
        self.admin = double.driver.private_user(ADMIN, "Ada", language_code="en")
        self.users = {
            FIRST_USER + i: double.driver.private_user(
                FIRST_USER + i, f"User {i}", username=f"soak_{i}", language_code="en"
            )
            for i in range(users)
        }
        self.free_from = dict.fromkeys(self.users, 0)  # the hour each may start a ticket
        self.turn = 0  # where the next hour starts looking for free users
        self.unanswered: list[Ticket] = []
        self.timeout = 30.0
        self.latencies: list[float] = []
        self.updates = 0

    async def ask(
        self, chat: int, act: Callable[[], Awaitable[Any]], match: Callable[[LoggedCall, Any], bool]
    ) -> LoggedCall:
        """Do ``act`` (one update) and wait for the bot's call in ``chat`` that ``match``
        accepts, given what ``act`` returned; its latency is recorded."""
        done: list[Any] = []
        reply = self.replies.expect(chat, lambda e: bool(done) and match(e, done[0]))
        queued = self.double.clock.monotonic()  # acts queue their update before suspending
        done.append(await act())
        try:
            answered = await asyncio.wait_for(reply, self.timeout)
        except TimeoutError:
            raise Stuck(f"chat {chat}: no answer in {self.timeout} s") from None
        self.latencies.append(answered.monotonic - queued)
        self.updates += 1
        return answered

    async def said(self, who: PrivateUser, act: Callable[[], Awaitable[Any]], m: Match) -> Any:
        return await self.ask(who.chat.id, act, lambda e, _: m(e))

    async def dialog(self, who: PrivateUser, steps: tuple[tuple[str, str, str], ...]) -> Any:
        """Each step pressed or typed, each awaited; the last call awaited."""
        last = None
        for how, what, then in steps:
            if how == "press":
                last = await self.said(who, self._presser(who, what), says(then))
            else:
                last = await self.said(who, lambda w=what: who.send_text(w), says(then))
        return last

    def _presser(self, who: PrivateUser, label: str) -> Callable[[], Awaitable[Any]]:
        async def press() -> Any:
            return await who.press(label, timeout=self.timeout)

        return press

    async def open_window(self) -> None:
        button = OPEN_WINDOW[0][1]
        await self.said(self.admin, lambda: self.admin.send_command("maintenance"), says(""))
        await self.double.world.changed.wait_until(lambda: self._button(button), self.timeout)
        await self.dialog(self.admin, OPEN_WINDOW)

    async def end_window(self) -> None:
        await self.said(self.admin, lambda: self.admin.send_command("maintenance"), says("#"))
        label = await self.double.world.changed.wait_until(
            lambda: self._button("⏹ End #"), self.timeout
        )
        if not label:
            shown = [(m.text[:80], m.buttons) for m in self.admin.messages[-2:]]
            raise Stuck(f"no ⏹ End button in the admin's /maintenance: {shown}")
        await self.dialog(self.admin, (("press", label, "ended"),))

    def _button(self, start: str) -> str | None:
        """A button label starting with ``start`` on the admin's newest message."""
        messages = self.admin.messages
        rows = messages[-1].buttons if messages else []
        return next((b for row in rows for b in row if b.startswith(start)), None)

    async def start_ticket(self, user: PrivateUser, report: bool) -> Ticket:
        if report:
            await self.said(user, lambda: user.send_command("start"), says("Hello"))
            filed = await self.dialog(user, REPORT)
        else:
            filed = await self.said(
                user, lambda: user.send_command("human"), says("A person will answer you here")
            )
        (public_id,) = TICKET_ID.findall(str(filed.params["text"]))
        return Ticket(user.user.id, public_id, await self.replies.topic(public_id, self.timeout))

    async def agent_says(self, ticket: Ticket, text: str) -> None:
        await self.ask(
            ticket.user,
            lambda: self.agent.send_text(text, thread_id=ticket.thread),
            lambda e, sent: copy_of(DESK, sent.message_id)(e),
        )

    async def resolve(self, ticket: Ticket) -> None:
        await self.ask(
            ticket.user,
            lambda: self.agent.send_command(
                "resolve", "Sorted, thank you.", thread_id=ticket.thread
            ),
            lambda e, _: says("has been resolved")(e) and ticket.public_id in e.params["text"],
        )

    async def journey(self, user: PrivateUser, hour: int, index: int, report: bool) -> None:
        """One user's ticket, as the hour's ``index``-th new one."""
        ticket = await self.start_ticket(user, report)
        fate = index % 4  # 0 and 3: answered, answered back, resolved
        if fate == 2:  # nobody takes it this hour: the SLA reminder; resolved next hour
            self.unanswered.append(ticket)
            self.free_from[user.user.id] = hour + self.rest["unanswered"]
            return
        await self.agent_says(ticket, f"About {ticket.public_id}: we are checking it now.")
        if fate == 1:  # the user never answers: reminded, then resolved by the clock
            self.free_from[user.user.id] = hour + self.rest["silent"]
            return
        await self.ask(
            DESK,
            lambda: user.send_text(f"Thanks, it is order 20240{index} (#{ticket.public_id})"),
            lambda e, sent: copy_of(user.chat.id, sent.message_id)(e),
        )
        await self.resolve(ticket)
        self.free_from[user.user.id] = hour + self.rest["resolved"]

    def free_users(self, hour: int, count: int) -> list[PrivateUser]:
        ids = list(self.users)
        ids = ids[self.turn :] + ids[: self.turn]
        chosen = [self.users[u] for u in ids if self.free_from[u] <= hour][:count]
        if chosen:
            self.turn = (ids.index(chosen[-1].user.id) + self.turn + 1) % len(ids)
        return chosen

    async def hour(
        self, hour: int, tickets: int, reports: int, window: bool, parallel: int
    ) -> dict[str, Any]:
        self.latencies, self.updates = [], 0
        failed, errors = self.replies.failed, []
        gate = asyncio.Semaphore(parallel)

        async def guarded(what: str, work: Awaitable[None], user: int | None = None) -> None:
            try:
                async with gate:
                    await work
            except (Stuck, TimeoutError, ValueError) as exc:
                errors.append(f"{what}: {exc}"[:300])
                if user is not None:  # left part-way: not used again
                    self.free_from[user] = 10**9

        if window:
            await guarded("opening the window", self.open_window())
        carried, self.unanswered = self.unanswered, []
        starters = self.free_users(hour, tickets)
        await asyncio.gather(
            *(guarded(f"resolving {t.public_id}", self.resolve(t), t.user) for t in carried),
            *(
                guarded(f"user {u.user.id}", self.journey(u, hour, i, i < reports), u.user.id)
                for i, u in enumerate(starters)
            ),
        )
        if window:
            await guarded("ending the window", self.end_window())
        return {
            "latencies": self.latencies,
            "updates": self.updates,
            "tickets": len(starters),
            "failed": self.replies.failed - failed,
            "errors": errors,
            "internal_errors": [repr(e) for e in self.double.internal_errors[:3]],
        }

    async def quiet(self, seconds: float, timeout: float) -> dict[str, Any]:  # noqa: ASYNC109
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        last, since = -1, loop.time()
        while loop.time() < deadline:
            self.replies.drain()
            if self.replies.last_send != last:
                last, since = self.replies.last_send, loop.time()
            elif loop.time() - since >= seconds:
                return {"quiet": True}
            await asyncio.sleep(0.05)  # a bench's settle, not a test's wait
        return {"quiet": False}


async def serve() -> None:
    clock = JumpClock()  # jumped with kefu's, so that messages' dates are kefu's time
    async with BotApiDouble(limits=Limits.unlimited(), clock=clock) as double:
        replies = Replies(double.log, DESK)
        watcher = asyncio.create_task(replies.run(), name="soak-replies")
        people: People | None = None
        answer({"base_url": double.base_url, "token": double.token})

        async def do(name: str, command: dict[str, Any]) -> bool:
            nonlocal people
            match name:
                case "setup":
                    people = People(double, replies, command["users"], command["rest"])
                    answer({"users": len(people.users), "started": time.time()})
                case "hour":
                    assert people is not None, "setup first"
                    people.timeout = command.pop("timeout")
                    answer(await people.hour(**command))
                case "jump":
                    clock.jump(timedelta(minutes=command["minutes"]))
                    answer({"now": clock.now().isoformat()})
                case "quiet":
                    assert people is not None, "setup first"
                    answer(await people.quiet(**command))
                case "stop":
                    return False
            return True

        await obey(do)
        watcher.cancel()


if __name__ == "__main__":
    asyncio.run(serve())
