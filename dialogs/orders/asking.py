"""A user asks about an order: by number (/order, a deep link, a report's order field) or
from their recent orders. The status reaches them only once the shop says the order is
their linked account's, or they have answered the shop's challenge; "no such order" and
"not yours" read the same, word for word. Everything waits at most the policy's timeout
for the shop: past it, the user hears that the lookup is unavailable, and a report goes on.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from dialogs.actions import Action, AnswerButton, Send
from dialogs.events import Inbound
from dialogs.orders import checks as marks
from dialogs.orders.actions import KeepCheck, RecordLookup, WatchChannel
from dialogs.orders.checks import PendingCheck, cooling_until, limited_until
from dialogs.orders.health import troubled
from dialogs.orders.policy import OrderPolicy
from dialogs.orders.snapshot import ANSWERED, LINKED, failed_snapshot, snapshot_of, unknown_snapshot
from dialogs.orders.views import (
    SHOW_PREFIX,
    ask_view,
    channel_label,
    channel_view,
    offer_view,
    order_view,
    say,
)
from dialogs.ports.order_checks import OrderChecks
from dialogs.ports.orders import Capability, ChallengeFact, ChannelHealth, Order, OrderBackend
from dialogs.views import ButtonView, Literal, Text, View
from dialogs.when.display import local_time_text

log = logging.getLogger(__name__)
T = TypeVar("T")
# An order number as users may type it (a form's own pattern may be stricter); at most
# 58 characters, as a deep link (64) carries it after "order_", and so it fits a button.
NUMBER = re.compile(r"[A-Za-z0-9_-]{4,58}")
_CHANNEL = re.compile(r"[a-z0-9_]{1,32}")
MAX_ANSWER = 200


class Unavailable(Exception):
    """The shop did not answer in time, or answered what kefu cannot read."""


@dataclass
class Outcome:
    """What a lookup comes to: the actions, the snapshot for a report's ticket (None: no
    lookup was made), and whether a challenge question is out (the report's next
    question waits for it)."""

    actions: list[Action] = field(default_factory=list)
    snapshot: dict[str, Any] | None = None
    asking: bool = False


class OrderAsking:
    """The user's side of orders."""

    def __init__(
        self, backend: OrderBackend, checks: OrderChecks, policy: OrderPolicy, tz: ZoneInfo
    ) -> None:
        self.backend = backend
        self.checks = checks
        self.policy = policy
        self.tz = tz

    async def call(self, call: Awaitable[T]) -> T:
        try:
            async with asyncio.timeout(self.policy.timeout_seconds):
                return await call
        except Exception as exc:
            # The backend's own errors are redacted; the class is all a log needs here.
            log.warning("order backend failed: %s", type(exc).__name__)
            raise Unavailable from exc

    async def pending(self, user_id: int) -> PendingCheck | None:
        check = PendingCheck.from_json(await self.checks.pending(user_id))
        if check is None or check.expired(self.checks.now(), self.policy):
            return None
        return check

    async def look_up(self, user_id: int, number: str, *, in_report: bool = False) -> Outcome:
        """Look ``number`` up for ``user_id``: shown if theirs, else the challenge, else
        the one answer for "none" and "not yours". ``in_report``: a report is being
        filled in, and goes on: the challenge is offered (a button), not asked."""
        now = self.checks.now()
        started = await self.checks.marks(user_id, marks.STARTED, now - self.policy.lookup_window)
        if (until := limited_until(started, self.policy, now)) is not None:
            at = local_time_text(until, self.tz)
            return Outcome([Send(say("order-limited", at=at))])
        try:
            async with asyncio.timeout(self.policy.timeout_seconds):
                return await self._look_up(user_id, number, in_report)
        except (TimeoutError, Unavailable):
            key = "order-unavailable-report" if in_report else "order-unavailable"
            failed = [RecordLookup(number, marks.FAILED), Send(say(key, number=number))]
            return Outcome(failed, failed_snapshot(number, now))

    async def _look_up(self, user_id: int, number: str, in_report: bool) -> Outcome:
        now = self.checks.now()
        order = await self.call(self.backend.find(number, user_id))
        if order is not None and await self._linked(user_id) == order.account:
            shown = await self._shown(order)
            return Outcome([RecordLookup(number, marks.SHOWN), shown], snapshot_of(order, LINKED))
        snapshot = snapshot_of(order, None) if order else unknown_snapshot(number, now)
        wrong = await self.checks.marks(
            user_id, frozenset({marks.WRONG}), now - self.policy.cooldown
        )
        cooling = cooling_until(wrong, self.policy, now)
        if cooling is not None:
            told = say("order-check-cooling", at=local_time_text(cooling, self.tz))
            return Outcome([RecordLookup(number, marks.NOT_SHOWN), Send(told)], snapshot)
        if Capability.CHALLENGE in self.backend.capabilities:
            # The same facts for an order that does not exist: the question tells nothing.
            facts = await self.call(self.backend.challenge(number))
            if facts and in_report:
                offer = Send(offer_view(number))
                return Outcome([RecordLookup(number, marks.NOT_SHOWN), offer], snapshot)
            if facts:
                check = PendingCheck(
                    number, [f.value for f in facts], {}, in_report, now.isoformat()
                )
                ask = Send(ask_view(number, facts[0], first=True))
                actions: list[Action] = [
                    RecordLookup(number, marks.CHALLENGED),
                    KeepCheck(check.to_json()),
                    ask,
                ]
                return Outcome(actions, snapshot, asking=True)
        told = Send(say("order-not-shown", number=number))
        return Outcome([RecordLookup(number, marks.NOT_SHOWN), told], snapshot)

    async def _linked(self, user_id: int) -> str | None:
        if Capability.LINKED_ACCOUNT not in self.backend.capabilities:
            return None
        return await self.call(self.backend.linked_account(user_id))

    async def _shown(self, order: Order) -> Send:
        return Send(
            order_view(order, await self.health(order.channel), self.policy.delayed_share, self.tz)
        )

    async def health(self, channel: str) -> ChannelHealth | None:
        """The channel's health, or None when the shop cannot say (the status still goes)."""
        try:
            found = await self.call(self.backend.channels())
        except Unavailable:
            return None
        return next((h for h in found if h.channel == channel), None)

    async def answer(self, event: Inbound, check: PendingCheck) -> Outcome:
        """A message while a challenge is out: the answer to its question."""
        fact = check.next_fact
        text = (event.text or "").strip()
        if fact is None:
            return Outcome([KeepCheck(None)])
        if not text or event.media:
            again = [Send(say("order-check-text-only")), Send(ask_view(check.number, fact, False))]
            return Outcome(again, asking=True)
        check.answers[fact.value] = text[:MAX_ANSWER]
        following = check.next_fact
        if following is not None:
            ask = Send(ask_view(check.number, following, False))
            return Outcome([KeepCheck(check.to_json()), ask], asking=True)
        return await self._judge(event.user_id, check)

    async def _judge(self, user_id: int, check: PendingCheck) -> Outcome:
        answers = {ChallengeFact(k): v for k, v in check.answers.items()}
        try:
            async with asyncio.timeout(self.policy.timeout_seconds):
                right = await self.call(self.backend.check(check.number, answers))
                order = await self.call(self.backend.find(check.number, user_id)) if right else None
                shown = await self._shown(order) if order is not None else None
        except (TimeoutError, Unavailable):
            told = say(
                "order-unavailable-report" if check.in_report else "order-unavailable",
                number=check.number,
            )
            return Outcome([KeepCheck(None), Send(told)])
        if order is not None and shown is not None:
            actions: list[Action] = [
                KeepCheck(None),
                RecordLookup(check.number, marks.RIGHT),
                shown,
            ]
            return Outcome(actions, snapshot_of(order, ANSWERED))
        now = self.checks.now()
        wrong = await self.checks.marks(
            user_id, frozenset({marks.WRONG}), now - self.policy.cooldown
        )
        wrong = [now, *wrong]
        record = RecordLookup(check.number, marks.WRONG)
        cooling = cooling_until(wrong, self.policy, now)
        if cooling is not None:
            told = say("order-check-cooling", at=local_time_text(cooling, self.tz))
            return Outcome([KeepCheck(None), record, Send(told)])
        left = self.policy.tries - len(wrong)
        check.answers = {}
        first = check.next_fact
        assert first is not None
        again = [
            Send(say("order-check-wrong", left=left)),
            Send(ask_view(check.number, first, False)),
        ]
        return Outcome([KeepCheck(check.to_json()), record, *again], asking=True)

    @staticmethod
    def skip(check: PendingCheck) -> Outcome:
        return Outcome([KeepCheck(None), Send(say("order-check-skipped", number=check.number))])

    async def recent(self, user_id: int, example: str) -> Outcome:
        """/order with no number: the linked account's newest orders as buttons, or how
        to ask."""
        orders: list[Order] = []
        if Capability.LINKED_ACCOUNT in self.backend.capabilities:
            try:
                orders = await self.call(self.backend.recent(user_id, self.policy.recent_shown))
            except Unavailable:
                orders = []
        if not orders:
            return Outcome([Send(say("order-usage", example=example))])
        rows = tuple(
            (ButtonView(Literal(f"{o.number} · {o.product}"[:60]), SHOW_PREFIX + o.number),)
            for o in orders
            if len((SHOW_PREFIX + o.number).encode()) <= 64
        )
        return Outcome([Send(View(parts=(Text.of("order-recent"),), buttons=rows))])

    async def watch(self, channel: str) -> list[Action]:
        """ "Tell me when it recovers" pressed: kept, for a channel the shop knows."""
        known: list[ChannelHealth] = []
        if _CHANNEL.fullmatch(channel):
            try:
                known = await self.call(self.backend.channels())
            except Unavailable:
                known = []
        if not any(h.channel == channel for h in known):
            return [AnswerButton(Text.of("button-expired"))]
        told = say("order-channel-watching", channel=channel_label(channel))
        return [AnswerButton(), WatchChannel(channel), Send(told)]

    async def channel_notice(self, channel: str) -> list[Action]:
        """A report names payment channel ``channel``: its trouble said first, if any."""
        try:
            found = await self.call(self.backend.channels())
        except Unavailable:
            return []
        health = next((h for h in found if h.channel == channel), None)
        if health is None or not troubled(health, self.policy.delayed_share):
            return []
        return [Send(channel_view(health, self.policy.delayed_share, self.tz))]
