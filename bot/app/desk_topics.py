"""A ticket's topic: made once, with its card (and the report's images) posted in it; made
again, card and all, when agents deleted it by hand; and the messages that found it gone
sent again into the new one, so nothing for the ticket is lost.

A message for a ticket's topic learns its thread as it is sent (bot.app.sender). When
Telegram answers "message thread not found", or the topic is being made again behind the
message in the same queue, the row fails and :meth:`TopicPoster.resend` commits the same
operation again as a new row (after a new topic, if the old one is gone).
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from bot.app.desk_card import CardMaker, DeskPlace
from bot.app.desk_groups import DeskGroups
from bot.app.notify import Notify
from bot.app.topic_fill import TopicMissing
from bot.app.unit_of_work import Queue, UnitOfWork, UnitsOfWork
from bot.storage.desk import DeskStore
from bot.storage.models import DeskTopic, OutboxMessage, Ticket
from bot.storage.outbox_rows import OutboxRows
from bot.telegram import op_codec
from bot.telegram.errors import BadRequest
from bot.telegram.ops import CreateTopic, EditTopic, MediaItem, Op, SendMediaGroup, SendText
from bot.telegram.outbox import Priority
from dialogs.desk.card import ICON_COLORS
from dialogs.tickets.priority import TicketPriority

log = logging.getLogger(__name__)
ALBUM_LIMIT = 10  # items Telegram takes in one sendMediaGroup
# A message is sent again into a new topic at most this often: a desk where topics cannot
# be made at all is the admins' to hear of, not a loop.
RESENDS = 3


def topic_gone(row: OutboxMessage, error: BaseException) -> bool:
    """Whether a failed row was for a ticket's topic that is gone, not made, or being
    made again behind it."""
    if row.fill not in ("topic", "chain") or row.ticket_id is None:
        return False
    if isinstance(error, TopicMissing):
        return True
    return isinstance(error, BadRequest) and "thread not found" in error.description.lower()


class TopicPoster:
    """Makes a ticket's topic and posts its card; see the module."""

    def __init__(
        self, cards: CardMaker, desk: DeskStore, place: DeskPlace, groups: DeskGroups, queue: Queue
    ) -> None:
        self._cards = cards
        self._desk = desk
        self._place = place
        self.groups = groups
        self._queue = queue

    async def here(self, unit: UnitOfWork, ticket: Ticket, reason: str) -> DeskTopic | None:
        """The ticket's topic in the group its messages go to now: made if it has none,
        made again there (card and all) if its group was moved; None without a desk."""
        chat = await self.groups.chat_for(unit, ticket)
        if chat is None:
            return None
        topic = await self._desk.topic_of(ticket.id, unit.session)
        if topic is None:
            return await self.open(unit, ticket, reason, chat)
        if topic.chat_id != chat:
            log.info("ticket %s moves to the agents' group %s", ticket.public_id, chat)
            await self.remake(unit, ticket, topic, chat)
        return topic

    async def open(self, unit: UnitOfWork, ticket: Ticket, reason: str, chat: int) -> DeskTopic:
        """The ticket's first topic (its desk row is new: one topic per ticket)."""
        card = await self._cards.card(unit, ticket, reason)
        row = DeskStore.open_topic(unit.session, ticket.id, chat, card.topic_name, reason, unit.now)
        self._post(unit, ticket, row, card.topic_name, card.text, card.buttons)
        return row

    async def remake(
        self, unit: UnitOfWork, ticket: Ticket, row: DeskTopic, chat: int | None = None
    ) -> None:
        """A new topic for a ticket whose topic is gone (or, ``chat``, whose group moved);
        answers about the old one no longer count (the generation moves on)."""
        card = await self._cards.card(unit, ticket, row.reason)
        row.generation += 1
        row.chat_id = chat if chat is not None else row.chat_id
        row.thread_id = row.card_message_id = None
        row.name, row.updated_at = card.topic_name, unit.now
        self._post(unit, ticket, row, card.topic_name, card.text, card.buttons)

    def _post(
        self, unit: UnitOfWork, ticket: Ticket, row: DeskTopic, name: str, text: str, buttons: Any
    ) -> None:
        chat = row.chat_id
        # "urgent": its topic and card go first in the group's budget (bot.app.desk_budget).
        topic = {"ticket": ticket.id, "generation": row.generation,
                 "urgent": ticket.priority == TicketPriority.URGENT}  # fmt: skip
        if self._place.is_forum(chat):
            make = CreateTopic(chat, name, icon_color=ICON_COLORS[ticket.priority])
            self._add(unit, make, ticket, link={"kind": "topic"} | topic)
            card = SendText(chat, text, buttons=buttons)
            self._add(unit, card, ticket, fill="topic", link={"kind": "card"} | topic)
        else:  # the card starts the ticket's chain of replies
            self._add(unit, SendText(chat, text, buttons=buttons), ticket,
                      link={"kind": "card"} | topic)  # fmt: skip
        for album in _albums(chat, ticket.attachments):
            self._add(unit, album, ticket, fill=self._place.fill_for(chat))

    def _add(self, unit: UnitOfWork, op: Op, ticket: Ticket, **row: Any) -> None:
        self._queue(
            unit, op, Priority.DESK, Notify.ADMINS, self._place.locale, ticket_id=ticket.id, **row
        )

    async def forget_failed(self, units: UnitsOfWork, row: OutboxMessage) -> None:
        """A topic that could not be made (Telegram refused it for good): the ticket has
        none, so its next message makes one again rather than waiting for this one."""
        link = row.link or {}
        if link.get("kind") != "topic":
            return
        async with units.begin() as unit:
            await DeskStore.forget_topic(unit.session, link["ticket"], link["generation"])

    async def resend(self, units: UnitsOfWork, desk: DeskStore, row: OutboxMessage) -> bool:
        """Send a row that found its topic gone again, into a new topic made first unless
        one is being made already; the row itself is recorded failed ("resent") in the
        same transaction, so a crash cannot send it twice. False when it was sent again
        too often (the caller tells the admins)."""
        tries = int((row.link or {}).get("resends", 0))
        if tries >= RESENDS:
            return False
        async with units.begin() as unit:
            ticket = await unit.session.get(Ticket, row.ticket_id)
            if ticket is None:
                return False
            chat = await self.groups.chat_for(unit, ticket)
            if chat is None:
                return False
            topic = await desk.topic_of(ticket.id, unit.session)
            if topic is None:  # never made, or its making failed: make it now
                await self.open(unit, ticket, "desk-reason-report", chat)
            elif topic.thread_id is not None or topic.chat_id != chat:
                # Gone (or its group moved), not being made: made again where it goes now.
                log.warning("the topic of ticket %s is gone; making it again", ticket.public_id)
                await self.remake(unit, ticket, topic, chat)
            await OutboxRows.mark_resent(unit.session, row.id, unit.now)
            op = _to_chat(op_codec.load(row.op), chat)
            # A new topic comes with its name and card: those are not sent again.
            if not isinstance(op, EditTopic) and (row.link or {}).get("kind") != "card":
                self._queue(
                    unit,
                    op,
                    Priority(row.priority),
                    row.notify,
                    row.locale,
                    fill=self._place.fill_for(chat),
                    ticket_id=row.ticket_id,
                    link=(row.link or {}) | {"resends": tries + 1},
                )
        return True


def _to_chat(op: Op, chat: int) -> Op:
    """``op`` for ``chat`` (a row sent again after its group moved)."""
    if getattr(op, "chat_id", chat) == chat:
        return op
    return dataclasses.replace(op, chat_id=chat)  # type: ignore[type-var]


def _albums(chat: int, attachments: list[dict[str, str]]) -> list[Op]:
    """The report's images and files as albums of at most ten (photos and documents are
    never mixed in one, as Telegram requires)."""
    ops: list[Op] = []
    for kind in ("photo", "document"):
        items = [MediaItem(kind, a["file_id"]) for a in attachments if a.get("kind") == kind]
        for start in range(0, len(items), ALBUM_LIMIT):
            ops.append(SendMediaGroup(chat, tuple(items[start : start + ALBUM_LIMIT])))
    return ops
