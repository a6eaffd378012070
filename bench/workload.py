"""What a benchmark run does, and the limits it runs under."""

from __future__ import annotations

from dataclasses import dataclass

from bot.telegram.outbox import OutboxLimits

FIRST_USER_ID = 7_000_001  # simulated users are FIRST_USER_ID, FIRST_USER_ID + 1, ...

# The outbox keeps Telegram's limits (1 message/s per private chat, 30/s in all); here they
# are raised far out of reach, as the double's are switched off, so that the figures show
# how fast the bot handles updates, not how fast Telegram would let it answer.
UNTHROTTLED = OutboxLimits(
    private_per_second=1000, private_burst=1000, global_per_second=100000, global_burst=100000
)

RUNTIMES = {"aiogram": "aiogram", "ptb": "python-telegram-bot"}


@dataclass(frozen=True)
class Workload:
    """What one run does: ``users`` users, each sending ``messages`` counted messages."""

    users: int = 50
    messages: int = 20
    warmup: int = 1  # messages per user before the clock starts (not counted)
    parallel_chats: int = 64  # kefu's Tuning.parallel_chats (its default)
    timeout: float = 30.0  # longest wait for one reply before the run is declared broken
    runtimes: tuple[str, ...] = ("aiogram", "ptb")
    # kefu starts with its update ledgers full: the in-memory one at its cap (10,000 ids)
    # and a day of history in the database (handled update ids and settled outbox rows).
    ledger_full: bool = False
    # Then an open loop: texts at ``rate`` a second in all, the users taking turns, for the
    # latency at a steady load; ``paced`` texts (None: as many as the closed loop's).
    rate: float = 100.0
    paced: int | None = None

    @property
    def paced_count(self) -> int:
        return self.users * self.messages if self.paced is None else self.paced
