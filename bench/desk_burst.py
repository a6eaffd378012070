"""Desk burst benchmark: many users hand off to the agents' desk within one minute, and the
agents' group takes Telegram's 20 messages a minute; how long until everything is there,
and what the group's budget was spent on.

    python -m bench.desk_burst --reports 200 [--follow-ups 3] [--speed 40] [--no-merge]

The real kefu (runtime, SQLite, outbox with its real limits) serves a forum supergroup of
the Bot API double, whose flood limits are Telegram's (20 a minute per group, 1 a second
per private chat, 30 a second in all). Each user writes a message asking for a person
(every ``--urgent-every``-th with an urgent word), which files a ticket (topic, card, the
message copied), then ``--follow-ups`` more messages a few seconds apart while waiting
(every ``--chatty-every``-th user three more, enough to raise the ticket's priority: kefu
then edits the card). Both sides share a clock running ``--speed`` times real time, so an
hour of the group's budget takes a minute and a half. Faster clocks stretch kefu's own
work (handling each message) into clock minutes: the "stalled" figure grows, and at 120x
the desk's clock job overruns its lease, so no reminders are sent.

Prints the drain time, the floor the 20 a minute imposes on the budget spent, the 429s the
group answered (must be 0), whether every report reached a card and every ticket's
messages arrived in order, how long cards took (urgent first), and kefu's own share of
the budget (card edits, reminders, notices).

``--groups 3``: the burst spread over three agents' groups of one double, routed by the
users' language (desk.yaml ``groups:``: English, Simplified and Traditional Chinese
speakers each have their group), one kefu serving them all; one block of figures a group.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from bench.bots import bench_settings
from bench.burst_figures import LINE, CompressedClock, GroupFigures, measure_group, spread
from bench.workload import FIRST_USER_ID
from bot.app.kefu_app import Tuning
from bot.composition import assembled
from bot.telegram.double import BotApiDouble, Limits
from bot.telegram.double.driver import Group
from bot.telegram.outbox import OutboxLimits
from dialogs.content import shipped_dir

DESK = -1001000000888
# The groups of a several-group run, and the language routed to each (the first: default).
LANGUAGES = ("en", "zh-Hans", "zh-Hant")


@dataclass(frozen=True)
class Burst:
    """One run: how many reports, how they come, and how fast the clock runs."""

    reports: int = 200
    follow_ups: int = 3  # messages each user writes after asking, while waiting
    within: float = 60.0  # clock seconds over which the reports come in
    gap: float = 4.0  # clock seconds between one user's messages
    urgent_every: int = 10  # every n-th report holds an urgent word (0: none)
    chatty_every: int = 7  # every n-th user writes 3 more: its priority is raised (0: none)
    speed: float = 40.0  # the shared clock runs this many times real time
    merge: bool = True  # a ticket's queued copies merged into one call
    runtime: str = "aiogram"
    groups: int = 1
    timeout: float = 600.0  # real seconds for the whole run

    def messages_of(self, index: int) -> int:
        chatty = self.chatty_every and index % self.chatty_every == self.chatty_every - 1
        return 1 + self.follow_ups + (3 if chatty else 0)


async def user_burst(double: BotApiDouble, burst: Burst, index: int, log: dict) -> None:
    """One user: asks for a person at their moment of the minute, then writes more."""
    clock = double.clock
    uid = FIRST_USER_ID + index
    language = LANGUAGES[index % burst.groups].lower()
    user = double.driver.private_user(
        uid, f"User {uid}", username=f"burst_{uid}", language_code=language
    )
    await clock.sleep(index * burst.within / burst.reports)
    urgent = bool(burst.urgent_every) and index % burst.urgent_every == 0
    log["started"][uid] = clock.monotonic()
    if urgent:
        log["urgent"].add(uid)
    for number in range(burst.messages_of(index)):
        text = f"u{uid} m{number} " + (
            "I need a human" + (", this is fraud" if urgent else "") if number == 0 else "more"
        )
        log["sent"].setdefault(uid, []).append(text)
        await user.send_text(text)
        await clock.sleep(burst.gap)


def arrived_in(desk: Group) -> int:
    """Users' messages in the group so far: copied, or lines of a merged text."""
    return sum(1 for m in desk.messages() for line in m.text.split("\n") if LINE.match(line))


def routed_content(folder: Path, groups: int) -> Path | None:
    """Operator content sending each language's tickets to its own group (None: one group,
    the shipped content)."""
    if groups == 1:
        return None
    shutil.copytree(shipped_dir(), folder, ignore=shutil.ignore_patterns("*.py", "__*"))
    lines = ["groups:"]
    for k in range(1, groups):
        lines += [f"  - chat_id: {DESK - k}", f"    languages: [{LANGUAGES[k]}]"]
    with (folder / "desk.yaml").open("a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return folder


async def run_burst(burst: Burst) -> list[GroupFigures]:
    """One burst against a fresh double and kefu; each group's figures."""
    clock = CompressedClock(burst.speed)
    outbox = OutboxLimits(merge_from=3 if burst.merge else 0)
    async with BotApiDouble(clock=clock, limits=Limits()) as double:
        desks = [
            double.driver.forum_group(DESK - k, f"Support desk {LANGUAGES[k]}")
            for k in range(burst.groups)
        ]
        with tempfile.TemporaryDirectory(prefix="kefu-bench-burst-") as folder:
            settings = bench_settings(double, Path(folder), burst.runtime, agent_chat_id=DESK)
            content = routed_content(Path(folder) / "content", burst.groups)
            settings = settings.model_copy(update={"content_dir": content})
            async with assembled(settings, clock=clock, tuning=Tuning(outbox=outbox)) as kefu:
                stop = asyncio.Event()
                task = asyncio.create_task(kefu.runtime.run(stop), name="kefu")
                log: dict = {"started": {}, "urgent": set(), "sent": {}}
                try:  # the burst begins once kefu is serving, not while it starts
                    polling = lambda: any(e.method == "getUpdates" for e in double.log.entries)  # noqa: E731
                    await double.log.changed.wait_until(polling, burst.timeout)
                    await asyncio.gather(
                        *(user_burst(double, burst, i, log) for i in range(burst.reports))
                    )
                    expected = sum(burst.messages_of(i) for i in range(burst.reports))
                    arrived = await double.world.changed.wait_until(
                        lambda: sum(map(arrived_in, desks)) >= expected, burst.timeout
                    )
                    if not arrived:
                        got = sum(map(arrived_in, desks))
                        raise RuntimeError(f"{got} of {expected} messages reached the desk")
                    while kefu.app.outbox.queued:  # kefu's own edits may come last
                        await clock.sleep(1.0)
                finally:
                    stop.set()
                    await asyncio.wait_for(task, 60)
        if double.internal_errors:
            raise RuntimeError(f"the Bot API double failed: {double.internal_errors[:3]}")
        figures = []
        for k, desk in enumerate(desks):
            theirs = {uid for uid in log["sent"] if (uid - FIRST_USER_ID) % burst.groups == k}
            sent = {uid: texts for uid, texts in log["sent"].items() if uid in theirs}
            started = {uid: at for uid, at in log["started"].items() if uid in theirs}
            figures.append(
                measure_group(desk, double.log.entries, sent, started, log["urgent"] & theirs)
            )
        return figures


def print_report(burst: Burst, groups: list[GroupFigures], out: TextIO) -> None:
    """The figures of one run, and what they mean."""
    print(
        f"kefu desk burst: {burst.reports} reports within {burst.within:g} s, "
        f"{burst.follow_ups} follow-ups each (every {burst.chatty_every}th user 3 more), "
        f"every {burst.urgent_every}th urgent; {burst.runtime}; merging "
        f"{'on' if burst.merge else 'off'}; clock at {burst.speed:g}x real time; "
        f"{burst.groups} agents' group(s)",
        file=out,
    )
    for f in groups:
        print_group(f, out)
    if len(groups) > 1:
        print(f"  all groups drained in {max(f.drain for f in groups) / 60:.1f} min", file=out)


def print_group(f: GroupFigures, out: TextIO) -> None:
    """One group's block."""
    kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(f.by_kind.items()))
    lines = [
        f"  group {f.chat_id} ({f.reports} reports):",
        f"    drain time            {f.drain / 60:7.1f} min (first report to the last call)",
        f"    of which stalled      {f.stalled / 60:7.1f} min (budget there, nothing ready: kefu's"
        " own pace, stretched by the clock)",
        f"    floor at 20/min       {f.floor / 60:7.1f} min ({f.tokens} messages of budget spent)",
        f"    budget by kind        {kinds}",
        f"    429s from the group   {f.rejected:7d}",
        f"    reports with a card   {f.cards:7d} of {f.reports}",
        f"    tickets in order      {f.in_order:7d} of {f.reports} (every message, in order)",
        f"    messages merged       {f.merged:7d} ({f.merged_texts} merged texts, one message"
        f" each; {f.by_kind['header']} header lines over copies)",
        f"    report -> card        urgent {spread(f.card_waits.get('urgent', []))}, "
        f"others {spread(f.card_waits.get('other', []))} (p50 / max)",
        f"    kefu's own share      {f.kefu_share:7.1%} (card edits, reminders, notices)",
        "",
    ]
    print("\n".join(lines), file=out, flush=True)


async def run_benchmark(burst: Burst, out: TextIO | None = None) -> list[GroupFigures]:
    """Run one burst; print and return each group's figures."""
    figures = await run_burst(burst)
    print_report(burst, figures, out or sys.stdout)
    return figures


def parse_args(argv: Sequence[str] | None = None) -> Burst:
    """The burst the command line asks for (200 reports unless told)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--reports", type=int, default=Burst.reports)
    parser.add_argument("--follow-ups", type=int, default=Burst.follow_ups)
    parser.add_argument("--within", type=float, default=Burst.within, help="clock seconds")
    parser.add_argument("--urgent-every", type=int, default=Burst.urgent_every)
    parser.add_argument("--chatty-every", type=int, default=Burst.chatty_every)
    parser.add_argument("--speed", type=float, default=Burst.speed)
    parser.add_argument("--no-merge", action="store_true", help="each message copied on its own")
    parser.add_argument("--runtime", choices=["aiogram", "ptb"], default=Burst.runtime)
    parser.add_argument("--groups", type=int, default=1, choices=(1, 2, 3), help="by language")
    args = parser.parse_args(argv)
    if args.reports < 1 or args.follow_ups < 0 or args.speed <= 0:
        parser.error("reports at least 1, follow-ups 0 or more, speed positive")
    return Burst(
        reports=args.reports,
        follow_ups=args.follow_ups,
        within=args.within,
        urgent_every=args.urgent_every,
        chatty_every=args.chatty_every,
        speed=args.speed,
        merge=not args.no_merge,
        runtime=args.runtime,
        groups=args.groups,
    )


def main(argv: Sequence[str] | None = None) -> None:
    asyncio.run(run_benchmark(parse_args(argv)))


if __name__ == "__main__":
    main()
