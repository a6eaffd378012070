"""The desk's tables: a ticket's topic, message links across the two sides, bans, agents'
settings, the desk's own settings and its daily tallies.

Timestamps have no column defaults: the caller passes the injected clock's time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base


class DeskTopic(Base):
    """A ticket's place in the agents' group: its topic (or, in a group without topics, its
    card, which the ticket's messages answer). One row per ticket, so one topic per ticket.

    ``thread_id`` and ``card_message_id`` are known once Telegram has made them;
    ``generation`` counts the topics made for the ticket (one more each time one was
    deleted by hand), so a late answer about an old topic changes nothing.
    """

    __tablename__ = "desk_topics"
    __table_args__ = (Index("ix_desk_topics_chat_thread", "chat_id", "thread_id"),)

    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("tickets.id"), primary_key=True, autoincrement=False
    )
    chat_id: Mapped[int] = mapped_column(BigInteger)
    thread_id: Mapped[int | None] = mapped_column(BigInteger)
    card_message_id: Mapped[int | None] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(String(128))  # as last set: a rename only if it differs
    reason: Mapped[str] = mapped_column(String(32))  # why it came to the desk (a locale key)
    generation: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class MessageLink(Base):
    """A message and its copy on the other side: a user's message and its copy in the desk,
    or an agent's and its copy in the user's chat. Replies and edits find their way by it."""

    __tablename__ = "message_links"
    __table_args__ = (
        Index("ix_message_links_desk", "desk_chat_id", "desk_message_id"),
        Index("ix_message_links_user", "user_id", "user_message_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    user_id: Mapped[int] = mapped_column(BigInteger)
    user_message_id: Mapped[int] = mapped_column(BigInteger)
    desk_chat_id: Mapped[int] = mapped_column(BigInteger)
    desk_message_id: Mapped[int] = mapped_column(BigInteger)
    origin: Mapped[str] = mapped_column(String(8))  # user | agent: whose message it was
    created_at: Mapped[datetime]


class Ban(Base):
    """A user the agents banned: told once, then nothing they send reaches the desk."""

    __tablename__ = "bans"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    reason: Mapped[str | None] = mapped_column(Text)
    banned_by: Mapped[int | None] = mapped_column(BigInteger)
    banned_at: Mapped[datetime]
    told: Mapped[bool] = mapped_column(default=False)


class Agent(Base):
    """An agent's desk settings: the alias line their replies carry (None: no line), and
    whether they are on duty (reminders and after-hours alerts mention them)."""

    __tablename__ = "agents"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    alias: Mapped[str | None] = mapped_column(String(64))
    on_duty: Mapped[bool] = mapped_column(default=False)
    name: Mapped[str | None] = mapped_column(String(64))  # as Telegram showed it, to mention
    updated_at: Mapped[datetime]


class DeskSetting(Base):
    """One of the desk's own facts kept across restarts and instances: the spam topic's
    thread, the group new tickets go to after ``kefu desk move``..."""

    __tablename__ = "desk_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime]


class DeskTally(Base):
    """A count per day of what leaves no ticket behind (spam held, floods merged, checks
    failed), for /stats."""

    __tablename__ = "desk_tallies"

    day: Mapped[str] = mapped_column(String(10), primary_key=True)  # YYYY-MM-DD, UTC
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
