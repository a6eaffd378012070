"""What one crash drill runs (see bench/crash_drill.py): which kefu, how much traffic, how
many kills, and its timings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

RUNTIMES = ("aiogram", "ptb")
MODES = ("polling", "webhook")
REPORT_STEPS = 5  # updates of one report: /start, category, description, Skip, Submit
TUNING_FILE = "tuning.yaml"  # KEFU_TUNING of the drill's kefu, written by the drill
DESK_CHAT = -1001000000777  # the agents' forum group when the drill has a desk
WEBHOOK_SECRET = "crash-drill-secret"  # noqa: S105 - a test secret for the local double


@dataclass(frozen=True)
class DrillConfig:
    """One drill: which kefu, how much traffic, how many kills, and its timings (seconds)."""

    runtime: str = "aiogram"
    mode: str = "polling"
    users: int = 50
    messages: int = 20  # free texts per user
    kills: int = 5
    report: bool = True  # each user also files one report (REPORT_STEPS more updates)
    # Seconds of kefu *serving* after a send before the user gives up waiting and moves on.
    reply_timeout: float = 10.0
    # A restarted kefu serves at least this long before the next kill: kills hit a kefu
    # that is working, not one still starting.
    min_uptime: float = 1.0
    kill_jitter: float = 0.3  # a random extra delay (0 to this) before each kill
    start_timeout: float = 60.0  # spawn to serving, per start
    settle_timeout: float = 60.0  # after the traffic, the longest wait for quiet
    quiet_period: float = 1.0  # no call but polling this long (and nothing pending): quiet
    poll_timeout: int = 5  # KEFU_POLL_TIMEOUT
    telegram_limits: bool = False  # the double's flood limits (off: Limits.unlimited())
    seed: int = 0  # the kill jitter's random numbers
    first_user_id: int = 7_100_001
    # Another checkout of kefu to run (put first on the child's PYTHONPATH), to compare a
    # change with the code before it; None: the kefu this Python imports.
    kefu_source: Path | None = None
    # Several kefu processes behind a round-robin balancer (webhook mode, PostgreSQL and
    # Redis): each kill hits the next instance in turn, the others serving meanwhile.
    instances: int = 1
    database_url: str | None = None  # None: a SQLite file in the drill's folder
    redis_url: str | None = None
    # The agents' forum group: a report files a ticket with its topic, and the user's
    # texts after it are copied into the topic rather than answered.
    desk: bool = False

    def __post_init__(self) -> None:
        if self.runtime not in RUNTIMES or self.mode not in MODES:
            raise ValueError(f"runtime in {RUNTIMES}, mode in {MODES}")
        if self.users < 1 or self.messages < 0 or self.kills < 0:
            raise ValueError("users at least 1, messages and kills 0 or more")
        if self.messages == 0 and not self.report:
            raise ValueError("no traffic: messages 0 and no report")
        if self.instances > 1 and not (self.mode == "webhook" and self.redis_url):
            raise ValueError("several instances need webhook mode and Redis")

    @property
    def per_user(self) -> int:
        """Counted updates one user sends when nothing is abandoned."""
        return self.messages + (REPORT_STEPS if self.report else 0)
