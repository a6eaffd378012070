"""Where a message for a ticket's topic goes, decided as it is sent (bot.app.sender calls
:meth:`TopicFill.prepare` just before the call): the topic's thread, the card's message id,
or, in a group without topics, a reply to the card.

Looking the topic up at send time, not at queue time, is what lets messages follow a topic
made earlier in the same queue, made by another instance, or made again after agents
deleted it. A message that cannot find its topic fails with :class:`TopicMissing` (and is
sent again after a topic is made, bot.app.desk_topics); one for a group that is lost now
fails with :class:`Held` and waits, pending, for the group to be back.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable

from bot.storage.models import OutboxMessage
from bot.support.clock import Clock
from bot.telegram.errors import Forbidden
from bot.telegram.ops import Op

# A ticket's topic thread and card message as recorded now (None: not made yet), or None
# when the ticket has no topic at all (never made, or its making failed).
PlaceOf = Callable[[int], Awaitable[tuple[int | None, int | None] | None]]


class TopicMissing(RuntimeError):
    """A message for a ticket's topic, and the ticket has no topic now: none at all, one
    being made behind the message in the same queue, or one another instance did not
    finish making in time."""


class Held(Forbidden):
    """The agents' group is lost for now: the message waits for it to be back."""


class TopicFill:
    """Fills in a ticket message's place; knows which tickets' topics are being made in
    this process's queues."""

    def __init__(
        self,
        place_of: PlaceOf,
        clock: Clock,
        wait: float,
        paused: Callable[[int | None], bool] | None = None,
    ) -> None:
        """``wait``: how long a message waits for a topic another instance is making;
        ``paused``: whether a chat is lost now (its messages are held, not tried)."""
        self._place_of = place_of
        self._clock = clock
        self._wait = wait
        self._paused = paused or (lambda _: False)
        self._making: dict[int, int] = {}

    def queued(self, row: OutboxMessage) -> None:
        if (ticket := topic_made_by(row)) is not None:
            self._making[ticket] = self._making.get(ticket, 0) + 1

    def settled(self, row: OutboxMessage) -> None:
        if (ticket := topic_made_by(row)) is not None:
            left = self._making.pop(ticket, 1) - 1
            if left > 0:
                self._making[ticket] = left

    async def prepare(self, row: OutboxMessage, op: Op) -> Op:
        """``op`` into its ticket's topic (``fill`` "topic"), onto its card ("card"), or
        answering its card ("chain"), unless it answers another message already."""
        if self._paused(row.chat_id):
            raise Held(type(op).__name__, "the agents' group is lost for now")
        ticket = row.ticket_id
        if ticket is None:
            raise TopicMissing(f"row {row.id} names no ticket whose topic it could go to")
        index = 0 if row.fill == "topic" else 1
        waited, pause = 0.0, 0.1
        while True:
            place = await self._place_of(ticket)
            if place is None:
                raise TopicMissing(f"ticket {ticket} has no topic, and none is being made")
            if (found := place[index]) is not None:
                break
            if ticket in self._making or waited >= self._wait:
                raise TopicMissing(f"ticket {ticket} has no {row.fill} yet (row {row.id})")
            await self._clock.sleep(pause)  # another instance is making it
            waited += pause
            pause = min(pause * 2, 2.0)
        if row.fill == "card":
            return dataclasses.replace(op, message_id=found)  # type: ignore[arg-type]
        if row.fill == "chain":
            if getattr(op, "reply_to", False) is None:
                return dataclasses.replace(op, reply_to=found)  # type: ignore[arg-type]
            return op
        return dataclasses.replace(op, thread_id=found)  # type: ignore[arg-type]


def topic_made_by(row: OutboxMessage) -> int | None:
    """The ticket whose topic ``row`` makes, if it makes one."""
    return row.ticket_id if (row.link or {}).get("kind") == "topic" else None
