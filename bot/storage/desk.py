"""The desk's records: which topic holds a ticket, and which message is whose copy.

What Telegram gives only once it has sent something (a topic's thread, the card's message
id, a copy's message id) is written by :meth:`DeskStore.record_links` in the transaction
that records the outbox row's outcome, so a kill never leaves a copy unlinked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage import desk_settings
from bot.storage.database import within
from bot.storage.models import Agent, Ban, DeskTopic, MessageLink, OutboxMessage, Ticket
from dialogs.ports.desk import BanState

# The origin of a link whose desk message is a merged text holding this user message as
# one line among others (bot.app.desk_budget): an edit is told, never written over it.
MERGED = "merged"


@dataclass(frozen=True)
class Sent:
    """A sent outbox row's desk link and what Telegram gave: the chat and message ids, or
    a topic's thread."""

    link: dict[str, Any]
    chat_id: int | None
    message_ids: tuple[int, ...]
    thread_id: int | None


class DeskStore:
    """Topics and message links; writes inside a caller's transaction."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        reads: async_sessionmaker[AsyncSession] | None = None,
    ) -> None:
        self._sessions = sessions
        self._reads = reads or sessions

    # --- topics --------------------------------------------------------------------------

    async def topic_of(
        self, ticket_id: int, session: AsyncSession | None = None
    ) -> DeskTopic | None:
        async with within(self._reads, session) as s:
            return await s.get(DeskTopic, ticket_id, populate_existing=True)

    @staticmethod
    def open_topic(
        session: AsyncSession, ticket_id: int, chat_id: int, name: str, reason: str, now: datetime
    ) -> DeskTopic:
        """The ticket's desk row, its topic still to be made (one row per ticket: a second
        would fail on the key, never make a second topic)."""
        row = DeskTopic(
            ticket_id=ticket_id,
            chat_id=chat_id,
            name=name,
            reason=reason,
            generation=1,
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        return row

    async def place_of(self, ticket_id: int) -> tuple[int | None, int | None] | None:
        """The ticket's topic thread and card message as recorded now (each None while not
        made); None when the ticket has no topic at all."""
        async with self._reads() as s:
            found = (
                await s.execute(
                    select(DeskTopic.thread_id, DeskTopic.card_message_id).where(
                        DeskTopic.ticket_id == ticket_id
                    )
                )
            ).first()
            return (found[0], found[1]) if found is not None else None

    async def moves(self) -> dict[int, int]:
        """Every agents' group moved to another (old -> new), read afresh."""
        async with self._reads() as session:
            return await desk_settings.moves(session)

    async def ticket_in_thread(self, chat_id: int, thread_id: int) -> Ticket | None:
        async with self._reads() as s:
            return await s.scalar(
                select(Ticket)
                .join(DeskTopic, DeskTopic.ticket_id == Ticket.id)
                .where(DeskTopic.chat_id == chat_id, DeskTopic.thread_id == thread_id)
            )

    async def ticket_of_card_chain(self, chat_id: int, message_id: int) -> Ticket | None:
        """The ticket a desk message belongs to: its card, or a copy linked to it."""
        async with self._reads() as s:
            found = await s.scalar(
                select(Ticket)
                .join(DeskTopic, DeskTopic.ticket_id == Ticket.id)
                .where(DeskTopic.chat_id == chat_id, DeskTopic.card_message_id == message_id)
            )
            if found is not None:
                return found
            return await s.scalar(
                select(Ticket)
                .join(MessageLink, MessageLink.ticket_id == Ticket.id)
                .where(
                    MessageLink.desk_chat_id == chat_id,
                    MessageLink.desk_message_id == message_id,
                )
                .limit(1)
            )

    @staticmethod
    async def alias_of(agent_id: int, session: AsyncSession) -> str | None:
        found = await session.get(Agent, agent_id)
        return found.alias if found is not None else None

    # --- bans ------------------------------------------------------------------------------

    async def ban_of(self, user_id: int) -> BanState | None:
        async with self._reads() as s:
            found = await s.get(Ban, user_id)
            return BanState(found.reason, found.told) if found is not None else None

    # --- message links -------------------------------------------------------------------

    async def by_desk_message(self, chat_id: int, message_id: int) -> MessageLink | None:
        """The link of a desk message; of a merged text (several user messages in one), the
        user's latest message, which an agent's reply then answers."""
        async with self._reads() as s:
            return await s.scalar(
                select(MessageLink)
                .where(
                    MessageLink.desk_chat_id == chat_id,
                    MessageLink.desk_message_id == message_id,
                )
                .order_by(MessageLink.user_message_id.desc())
                .limit(1)
            )

    async def by_user_message(self, user_id: int, message_id: int) -> MessageLink | None:
        async with self._reads() as s:
            return await s.scalar(
                select(MessageLink)
                .where(MessageLink.user_id == user_id, MessageLink.user_message_id == message_id)
                .limit(1)
            )

    async def user_messages_since(self, public_id: str, since: datetime) -> int:
        """The user's messages for the ticket's topic committed since ``since`` (by when
        they came, not when Telegram took their copies: a backlog is no burst)."""
        async with self._reads() as s:
            found = await s.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .join(Ticket, Ticket.id == OutboxMessage.ticket_id)
                .join(DeskTopic, DeskTopic.ticket_id == Ticket.id)
                .where(
                    Ticket.public_id == public_id,
                    OutboxMessage.chat_id == DeskTopic.chat_id,
                    OutboxMessage.notify == "desk",  # a user's copy (see bot.app.notify)
                    OutboxMessage.created_at >= since,
                )
            )
            return int(found or 0)

    @staticmethod
    async def forget_topic(session: AsyncSession, ticket_id: int, generation: int) -> None:
        """The ticket's topic could not be made: the next message for it makes one again."""
        await session.execute(
            delete(DeskTopic).where(
                DeskTopic.ticket_id == ticket_id, DeskTopic.generation == generation
            )
        )

    @staticmethod
    async def record_links(session: AsyncSession, sent: Sequence[Sent], now: datetime) -> None:
        """What sent rows mean for the desk: a topic's thread, a card, pairs of copies."""
        for item in sent:
            link = item.link
            match link.get("kind"):
                case "topic":
                    await session.execute(
                        update(DeskTopic)
                        .where(
                            DeskTopic.ticket_id == link["ticket"],
                            DeskTopic.generation == link["generation"],
                        )
                        .values(thread_id=item.thread_id, updated_at=now)
                    )
                case "card" if item.message_ids:
                    await session.execute(
                        update(DeskTopic)
                        .where(
                            DeskTopic.ticket_id == link["ticket"],
                            DeskTopic.generation == link["generation"],
                        )
                        .values(card_message_id=item.message_ids[0], updated_at=now)
                    )
                case "pair":
                    session.add_all(_pairs(link, item, now))


def _pairs(link: dict[str, Any], item: Sent, now: datetime) -> list[MessageLink]:
    """A copy's links: a user's messages and their desk copies, or an agent's and the
    user's, in order. copyMessages skips what it cannot copy without saying which: then
    nothing is paired rather than the wrong messages (a split text's parts: its first).
    A user's text merged as a line of one desk message is linked with origin ``MERGED``."""
    if link["origin"] == "user":
        user_ids, desk_chat, desk_ids = link["messages"], item.chat_id, item.message_ids
    else:
        user_ids, desk_chat, desk_ids = item.message_ids, link["desk_chat"], link["messages"]
    if link.get("merged") and link["origin"] == "user" and len(user_ids) > 1 and desk_ids:
        # Held texts as lines of one desk message (its first part, if it was split).
        desk_ids = desk_ids[:1] * len(user_ids)
    if len(user_ids) != len(desk_ids):
        if 1 not in (len(user_ids), len(desk_ids)) or not user_ids or not desk_ids:
            return []
        user_ids, desk_ids = user_ids[:1], desk_ids[:1]
    return [
        MessageLink(
            ticket_id=link["ticket"],
            user_id=link["user"],
            user_message_id=user_message,
            desk_chat_id=desk_chat,
            desk_message_id=desk_message,
            origin=MERGED if link.get("merged") else link["origin"],
            created_at=now,
        )
        for user_message, desk_message in zip(user_ids, desk_ids, strict=True)
    ]
