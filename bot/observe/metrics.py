"""The counters and histograms kefu's hooks move, in a registry of their own.

One :class:`Metrics` per app, each with its own ``CollectorRegistry`` (never the
process-wide default): a test run builds many apps in one process, and two apps' metrics
must neither clash by name nor add up. What is read rather than counted (queues, tickets,
broadcasts) is in ``scrape.py``, registered into the same registry.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from prometheus_client import CollectorRegistry, Counter, Histogram

from bot.support.clock import Clock
from dialogs.events import Kind
from dialogs.kb.actions import KbOutcome, RecordKb
from dialogs.orders import checks as lookups
from dialogs.orders.actions import RecordLookup

# An update's handling, from being queued behind its chat to done: most take milliseconds,
# a chat waiting behind its own earlier updates or a slow shop takes seconds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
# The knowledge base's steps that are a search (a question typed); the others follow one.
SEARCHES = frozenset({KbOutcome.FOUND, KbOutcome.NOTHING})
CHAT_KINDS = ("private", "group", "bot")
LOOKUP_RESULTS = (
    lookups.SHOWN,
    lookups.CHALLENGED,
    lookups.NOT_SHOWN,
    lookups.FAILED,
    lookups.WRONG,
    lookups.RIGHT,
    lookups.AGENT,
)


def chat_kind(chat_id: object) -> str:
    """A chat id as a label: a user's private chat, a group (negative ids), or no chat (a
    bot-wide call such as setMyCommands)."""
    if not isinstance(chat_id, int):
        return "bot"
    return "private" if chat_id > 0 else "group"


class Metrics:
    """What the app counts as it works; see the README for each metric."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.updates = Counter("kefu_updates", "Updates handled, by kind", ["kind"], registry=r)
        self.update_seconds = Histogram(
            "kefu_update_handling_seconds",
            "From an update queued behind its chat to its handling done",
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.rate_limited = Counter(
            "kefu_telegram_429", "Telegram's 429 answers, by chat kind", ["chat"], registry=r
        )
        self.forbidden = Counter(
            "kefu_telegram_403", "Telegram's 403 answers, by chat kind", ["chat"], registry=r
        )
        self.order_lookups = Counter(
            "kefu_order_lookups", "Order lookups, by result", ["result"], registry=r
        )
        self.kb_searches = Counter(
            "kefu_kb_searches",
            "Questions searched in the knowledge base, by outcome",
            ["outcome"],
            registry=r,
        )
        self.kb_answers = Counter(
            "kefu_kb_answers",
            "Knowledge base articles opened, solved, not solved or sent by an agent",
            ["outcome"],
            registry=r,
        )

        # Every label known up front is shown at 0 from the start, so that a rate over
        # the first event is not lost (a series appearing at 1 has no increase to show).
        for counter, values in (
            (self.updates, [k.value for k in Kind]),
            (self.rate_limited, CHAT_KINDS),
            (self.forbidden, CHAT_KINDS),
            (self.order_lookups, LOOKUP_RESULTS),
            (self.kb_searches, [o.value for o in KbOutcome if o in SEARCHES]),
            (self.kb_answers, [o.value for o in KbOutcome if o not in SEARCHES]),
        ):
            for label in values:
                counter.labels(label)

    def update_queued(self, kind: str, done: asyncio.Future[None]) -> None:
        """An update of ``kind`` queued: counted and timed when ``done`` ends (however)."""
        start = self.clock.monotonic()

        def ended(_: asyncio.Future[None]) -> None:
            self.updates.labels(kind=str(kind)).inc()
            self.update_seconds.observe(max(self.clock.monotonic() - start, 0.0))

        done.add_done_callback(ended)

    def applied(self, actions: Iterable[object]) -> None:
        """An update's actions committed: its order lookups and knowledge base steps."""
        for action in actions:
            if isinstance(action, RecordLookup):
                self.order_lookups.labels(result=action.result).inc()
            elif isinstance(action, RecordKb):
                counter = self.kb_searches if action.outcome in SEARCHES else self.kb_answers
                counter.labels(outcome=str(action.outcome)).inc()

    def refused(self, status: int, chat_id: object) -> None:
        """Telegram answered a call to ``chat_id`` with a 429 or a 403."""
        counter = self.rate_limited if status == 429 else self.forbidden
        counter.labels(chat=chat_kind(chat_id)).inc()
