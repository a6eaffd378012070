"""The numbers a deployment may change (tests make them small or large)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.app.broadcast_send import BroadcastTuning
from bot.app.fleet import FleetTuning
from bot.app.jobs import JobTuning
from bot.telegram.outbox import OutboxLimits


@dataclass(frozen=True)
class Tuning:
    """Numbers a deployment may change (tests make them small or large)."""

    outbox: OutboxLimits = field(default_factory=OutboxLimits)
    parallel_chats: int = 64
    drain_timeout: float = 10.0
    album_wait: float = 0.8  # seconds without a new album item before the album is closed
    # While updates are in hand they stay unconfirmed and getUpdates returns them again;
    # the poller waits for them to finish, or this long at most, before asking again.
    busy_poll_interval: float = 0.1
    # getUpdates answered 409 Conflict this many times in a row (another program polls the
    # bot, or set a webhook): kefu stops, saying so, rather than trading 409s for ever.
    poll_conflicts: int = 5
    alert_every: float = 3600.0  # seconds between two alerts about the same lost group
    # getMe at start: how long in all, retries included, and the pauses between tries.
    startup_check: float = 8.0
    startup_retries: tuple[float, ...] = (0.5, 1.5)
    jobs: JobTuning = field(default_factory=JobTuning)
    broadcasts: BroadcastTuning = field(default_factory=BroadcastTuning)
    fleet: FleetTuning = field(default_factory=FleetTuning)  # several instances
    purge_jobs_every: float = 86400.0  # seconds between two purges of finished jobs
    # Seconds a finished job row, and a sent or failed outbox row, is kept.
    keep_finished_jobs: float = 7 * 86400.0
    # Seconds a handled update's id is kept: Telegram redelivers for about a day.
    keep_handled_updates: float = 86400.0
    # The knowledge base's records (questions typed, answers' outcomes): /stats reads 30
    # days; kept a little longer, then purged.
    keep_kb_events: float = 90 * 86400.0
    # Seconds an answer of getChatMember is trusted: a removed agent loses the desk then.
    member_ttl: float = 60.0
    # Seconds a message for a ticket's topic waits for another instance to make the topic.
    topic_wait: float = 30.0
    # Seconds between two questions to Telegram about a lost agents' group.
    desk_probe_every: float = 60.0
    # Seconds between two looks of the desk's clock (reminders, auto-resolve, closing).
    desk_clock_every: float = 60.0
    # Seconds between two looks at the payment channels (recoveries, incidents, late orders).
    channel_watch_every: float = 60.0
    # Seconds between two looks at the maintenance windows (announcements, ends, overdue),
    # and how long before an announced window starts its users are told, by default.
    window_watch_every: float = 60.0
    window_lead: float = 3600.0
