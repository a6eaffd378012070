"""Crash benchmark: the real ``kefu run`` SIGKILLed while users write to it, restarted each
time, on each runtime and mode; what the users lost and what they got twice.

    python -m bench.crash [--users 50] [--messages 20] [--kills 5]
                          [--runtime aiogram|ptb|both] [--mode polling|webhook|both]
                          [--instances 3 [--postgres URL] [--redis URL]] [--desk]

Each drill (``bench.crash_drill``) runs against its own Bot API double in this process, a
fresh SQLite file, and kefu as a child process. It prints, per runtime and mode, the
updates the users sent, those never answered (lost), those answered more than once
(doubled), the bot messages no update explains (stray), and the tickets filed twice, with
totals and the time taken. It prints figures only; it asserts nothing (the scenario test
tests/scenario/test_crash_kill.py does, on a smaller drill).

``--instances N`` runs N kefu processes behind a round-robin balancer (webhook mode), on a
fresh PostgreSQL database made on ``--postgres``'s server and the Redis at ``--redis``; the
kills hit one instance after another. ``--desk`` adds the agents' forum group: reports go
to it, and the texts after them to the ticket's topic (tests/scenario/test_instances.py
runs 3 instances with a desk).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

import aiogram
import telegram

from bench.crash_drill import MODES, REPORT_STEPS, RUNTIMES, DrillConfig, DrillResult, run_drill
from bench.drill_database import ADMIN_URL, fresh_database


@dataclass(frozen=True)
class Plan:
    """The drills to run, and where to keep their databases and logs (None: nowhere)."""

    drills: tuple[DrillConfig, ...]
    keep: Path | None = None
    postgres: str = ADMIN_URL  # several instances: where their databases are made


def _machine() -> str:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    total = os.cpu_count()
    cores = f"{usable} usable of {total}" if usable not in (None, total) else f"{total}"
    python = f"{platform.python_implementation()} {platform.python_version()}"
    return f"{cores} cores, {python}, {platform.system()} {platform.release()}"


def print_header(plan: Plan, out: TextIO) -> None:
    first = plan.drills[0]
    report = f" + 1 report ({REPORT_STEPS} updates)" if first.report else ""
    source = str(first.kefu_source) if first.kefu_source else "this checkout"
    lines = [
        "kefu crash drill",
        f"  machine:     {_machine()}",
        f"  libraries:   aiogram {aiogram.__version__}, python-telegram-bot {telegram.__version__}",
        f"  kefu:        {_kefu_line(first, source)}",
        f"  workload:    {first.users} users x {first.messages} free texts{report} each, one "
        "update at a time;",
        f"               a user moves on after {first.reply_timeout:g} s of kefu serving "
        "without a reply",
        f"  kills:       {first.kills} SIGKILLs per drill, spread over the traffic, each "
        f"after >= {first.min_uptime:g} s of serving; restarted at once on the same database",
        "  double:      flood limits off; by webhook it redelivers until kefu answers 2xx",
        "",
    ]
    print("\n".join(lines), file=out, flush=True)


def _kefu_line(config: DrillConfig, source: str) -> str:
    if config.instances == 1:
        return f"`kefu run` as a child process ({source}), SQLite in a temporary file"
    return (f"{config.instances} `kefu run --webhook` processes ({source}) behind a round-robin"
            " balancer, a fresh PostgreSQL database, Redis")  # fmt: skip


def print_result_header(out: TextIO) -> None:
    print(
        f"  {'runtime':<9}{'mode':<9}{'sent':>6}{'lost':>6}{'doubled':>9}{'extra':>7}"
        f"{'stray':>7}{'reports':>9}{'tickets':>9}{'2x tix':>8}{'missing':>9}{'kills':>7}"
        f"{'disorder':>9}{'2x topics':>10}{'start s':>9}{'seconds':>9}",
        file=out,
        flush=True,
    )


def print_result(label: tuple[str, str], result: DrillResult, out: TextIO) -> None:
    starts = result.starts
    mean_start = sum(starts) / len(starts) if starts else 0.0
    print(
        f"  {label[0]:<9}{label[1]:<9}{result.sent:>6}{result.lost:>6}{result.doubled:>9}"
        f"{result.extra_replies:>7}{result.stray:>7}{result.reports:>9}{result.tickets:>9}"
        f"{result.doubled_tickets:>8}{result.missing_tickets:>9}{result.kills:>7}"
        f"{result.out_of_order:>9}{result.doubled_topics:>10}"
        f"{mean_start:>9.2f}{result.seconds:>9.1f}",
        file=out,
        flush=True,
    )


def total(results: Sequence[DrillResult]) -> DrillResult:
    """The drills' figures added up (under the first drill's config)."""
    summed = DrillResult(results[0].config)
    for r in results:
        for name in ("sent", "lost", "doubled", "extra_replies", "stray", "reports", "tickets",
                     "doubled_tickets", "missing_tickets", "kills", "seconds", "out_of_order",
                     "doubled_topics"):  # fmt: skip
            setattr(summed, name, getattr(summed, name) + getattr(r, name))
        summed.starts += r.starts
    return summed


def print_notes(results: Sequence[DrillResult], seconds: float, out: TextIO) -> None:
    for r in results:
        where = f"{r.config.runtime} {r.config.mode}"
        if not r.settled:
            print(f"  WARNING {where}: kefu was not quiet within the settle timeout", file=out)
        if r.double_errors:
            print(f"  WARNING {where}: {r.double_errors} internal errors in the double", file=out)
        for example in r.examples[:5]:
            print(f"  {where}: {example}", file=out)
    print(
        f"\n  {len(results)} drill(s) in {seconds:.1f} s.\n"
        "  What the numbers mean: sent counts the users' updates (free texts and report\n"
        "  steps; the /cancel a user sends to leave an abandoned report is not counted).\n"
        "  A bot message belongs to the update it replies to (kefu answers free text as a\n"
        "  reply), or to the report step whose answer it shows (each step's answer is\n"
        "  distinct). lost: updates nothing belongs to; doubled: updates two or more\n"
        "  belong to (extra: the surplus messages); stray: bot messages that belong to no\n"
        "  update (a step handled twice that answered differently the second time).\n"
        "  2x tix: tickets beyond one per Submit pressed; missing: tickets confirmed to a\n"
        "  user but not in the database. disorder: updates answered (in the user's chat, or\n"
        "  by their copy in the topic) after a later one; 2x topics: topics beyond one per\n"
        "  ticket. start s: mean seconds from spawn to serving.",
        file=out,
        flush=True,
    )


async def run_crash(plan: Plan, out: TextIO | None = None) -> list[DrillResult]:
    """Run every drill of ``plan`` one after another; print and return the results."""
    out = out or sys.stdout
    print_header(plan, out)
    print_result_header(out)
    began = time.monotonic()
    results = []
    for config in plan.drills:
        keep = plan.keep / f"{config.runtime}-{config.mode}" if plan.keep else None
        if config.instances > 1:
            async with fresh_database(plan.postgres) as url:
                result = await run_drill(replace(config, database_url=url), keep)
        else:
            result = await run_drill(config, keep)
        print_result((config.runtime, config.mode), result, out)
        results.append(result)
    if len(results) > 1:
        print_result(("total", ""), total(results), out)
    print_notes(results, time.monotonic() - began, out)
    return results


def parse_args(argv: Sequence[str] | None = None) -> Plan:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    defaults = DrillConfig()
    parser.add_argument("--users", type=int, default=defaults.users)
    parser.add_argument("--messages", type=int, default=defaults.messages, help="per user")
    parser.add_argument("--kills", type=int, default=defaults.kills, help="per drill")
    parser.add_argument("--runtime", choices=[*RUNTIMES, "both"], default="both")
    parser.add_argument("--mode", choices=[*MODES, "both"], default="both")
    parser.add_argument(
        "--reply-timeout", type=float, default=defaults.reply_timeout,
        help="seconds of kefu serving a user waits for a reply",
    )  # fmt: skip
    parser.add_argument("--min-uptime", type=float, default=defaults.min_uptime)
    parser.add_argument("--no-report", action="store_true", help="free texts only")
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--kefu-source", type=Path, help="another kefu checkout to run")
    parser.add_argument("--keep", type=Path, help="keep each drill's database and logs here")
    parser.add_argument("--instances", type=int, default=1, help="kefu processes (webhook)")
    parser.add_argument("--postgres", default=ADMIN_URL, help="server for their databases")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0", help="with --instances")
    parser.add_argument("--desk", action="store_true", help="reports go to an agents' group")
    args = parser.parse_args(argv)
    if args.users < 1 or args.messages < 0 or args.kills < 0:
        parser.error("users must be at least 1, messages and kills 0 or more")
    if args.messages == 0 and args.no_report:
        parser.error("no traffic: --messages 0 with --no-report")
    runtimes = RUNTIMES if args.runtime == "both" else (args.runtime,)
    modes = MODES if args.mode == "both" else (args.mode,)
    if args.instances > 1:
        if args.mode == "polling":
            parser.error("several instances run by webhook (polling is one instance's)")
        modes = ("webhook",)
    drills = tuple(
        DrillConfig(
            runtime=runtime,
            mode=mode,
            users=args.users,
            messages=args.messages,
            kills=args.kills,
            report=not args.no_report,
            reply_timeout=args.reply_timeout,
            min_uptime=args.min_uptime,
            seed=args.seed,
            kefu_source=args.kefu_source,
            instances=args.instances,
            redis_url=args.redis if args.instances > 1 else None,
            desk=args.desk,
        )
        for runtime in runtimes
        for mode in modes
    )
    return Plan(drills, args.keep, args.postgres)


def main(argv: Sequence[str] | None = None) -> None:
    asyncio.run(run_crash(parse_args(argv)))


if __name__ == "__main__":
    main()
