"""The wait a user is told: from recent tickets' waits, per round of agents on duty."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from dialogs.desk.queue import QueueFacts, estimate_minutes, wait_line


def test_no_figure_from_too_few_recent_tickets() -> None:
    facts = QueueFacts(position=3, recent_waits=(60.0, 120.0), on_duty=1)
    assert estimate_minutes(facts) is None
    assert wait_line(facts).key == "queue-place"


def test_the_median_wait_once_per_round_of_agents() -> None:
    waits = (300.0, 600.0, 6000.0)  # one slow outlier: the median ignores it
    assert estimate_minutes(QueueFacts(1, waits, on_duty=1)) == 10
    assert estimate_minutes(QueueFacts(3, waits, on_duty=1)) == 30
    assert estimate_minutes(QueueFacts(3, waits, on_duty=2)) == 20  # 2 rounds
    assert estimate_minutes(QueueFacts(3, waits, on_duty=0)) == 30  # nobody on duty: 1
    quick = QueueFacts(1, (1.0, 2.0, 3.0), on_duty=1)
    assert estimate_minutes(quick) == 1, "never 'about 0 minutes'"
    line = wait_line(QueueFacts(2, waits, on_duty=1))
    assert (line.key, line.args) == ("queue-place-wait", {"position": 2, "minutes": 20})


def test_after_hours_the_user_hears_when_agents_are_back() -> None:
    back = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    line = wait_line(QueueFacts(4, (600.0,) * 5, on_duty=0, back_at=back))
    assert line.key == "queue-after-hours"
    assert line.args == {"position": 4, "when": "2026-12-01 09:00 (UTC+08:00)"}
