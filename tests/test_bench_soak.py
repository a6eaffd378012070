"""The soak benchmark still runs end to end on each runtime: two simulated hours with a few
users, a maintenance window and a broadcast; its lines printed, no figure asserted."""

from __future__ import annotations

import io
import re

import pytest

from bench.soak import Soak, parse_args, run_soak
from bench.soak_figures import TABLES


@pytest.mark.parametrize("runtime", ["aiogram", "ptb"])
async def test_the_soak_prints_a_line_an_hour_and_the_summary(runtime: str) -> None:
    out = io.StringIO()
    soak = Soak(hours=2, users=4, runtime=runtime, tickets=2, broadcast_every=2,
                window_every=1, step_minutes=15, timeout=20)  # fmt: skip
    hours = await run_soak(soak, out)
    assert [h.hour for h in hours] == [0, 1, 2], "the start, then each simulated hour"
    for hour in hours[1:]:
        assert hour.updates > 0 and len(hour.latencies) == hour.updates
        assert hour.rss_kib > 0 and hour.objects > 0
        assert not [n for n in hour.notes if "STUCK" in n or "NOT" in n], hour.notes
    assert hours[-1].rows["tickets"] == 4, "two new tickets an hour"
    printed = out.getvalue()
    assert f"kefu on {runtime}" in printed
    header = next(line for line in printed.splitlines() if line.strip().startswith("hour"))
    assert all(name in header for name in TABLES)
    hourly = [line.split()[0] for line in printed.splitlines() if re.match(r"\s+\d+\s+\d+", line)]
    assert hourly == ["0", "1", "2"]
    assert "window" in printed and "broadcast 5 sent" in printed, "the users and the admin"
    assert "summary: RSS" in printed and "p99 first hour" in printed
    assert re.search(r"^rss slope KiB/hour: -?\d+\.\d$", printed, re.MULTILINE)


def test_the_command_line_makes_the_run() -> None:
    assert parse_args([]) == Soak()
    assert Soak().per_hour == 10, "one new ticket an hour per 20 users"
    assert parse_args(["--hours", "48", "--users", "1000", "--runtime", "ptb"]) == Soak(
        hours=48, users=1000, runtime="ptb"
    )
    with pytest.raises(SystemExit):
        parse_args(["--hours", "0"])
