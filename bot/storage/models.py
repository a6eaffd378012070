"""The tables: users, tickets and their audit trail, the desk's topics and message links,
drafts, jobs, the recorded update ledger and the durable outbox.

Timestamps have no column defaults: the caller passes the injected clock's time, so tests
that move the clock see it in the rows.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.storage.types import UTCDateTime
from dialogs.tickets.priority import TicketPriority
from dialogs.tickets.status import TicketStatus


class Base(DeclarativeBase):
    """Declarative base of every kefu table."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class User(Base):
    """A Telegram user who has written to the bot."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    language: Mapped[str] = mapped_column(String(8))
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    blocked: Mapped[bool] = mapped_column(default=False)
    blocked_at: Mapped[datetime | None]
    # As Telegram last showed them: the desk names the user by them, /find looks them up.
    first_name: Mapped[str | None] = mapped_column(String(64))
    username: Mapped[str | None] = mapped_column(String(32), index=True)
    # What the user wrote that nobody read ([message id, unix time], the last few): a
    # hand-off carries it to the agents.
    unheard: Mapped[list[Any]] = mapped_column(default=list)

    tickets: Mapped[list[Ticket]] = relationship(back_populates="user")


class Ticket(Base):
    """A problem report and its life: every field the report form took, status, priority."""

    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(12), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    category: Mapped[str] = mapped_column(String(64))
    occurred_at: Mapped[datetime | None]
    occurred_text: Mapped[str | None] = mapped_column(Text)
    steps: Mapped[str | None] = mapped_column(Text)
    error_text: Mapped[str | None] = mapped_column(Text)
    order_number: Mapped[str | None] = mapped_column(String(64), index=True)
    fields: Mapped[dict[str, Any]] = mapped_column(default=dict)
    attachments: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[TicketStatus] = mapped_column(String(16), default=TicketStatus.OPEN, index=True)
    priority: Mapped[TicketPriority] = mapped_column(String(8), default=TicketPriority.NORMAL)
    # Why the priority is what it is (urgent words, many messages...), shown on the card.
    priority_reason: Mapped[str | None] = mapped_column(String(64))
    assignee_id: Mapped[int | None] = mapped_column(BigInteger)
    assignee_name: Mapped[str | None] = mapped_column(String(64))
    tags: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="tickets")
    events: Mapped[list[TicketEvent]] = relationship(
        back_populates="ticket", order_by="TicketEvent.id"
    )


class TicketEvent(Base):
    """One line of a ticket's audit trail: who did what, when."""

    __tablename__ = "ticket_events"
    __table_args__ = (Index("ix_ticket_events_ticket_at", "ticket_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    at: Mapped[datetime]
    actor_kind: Mapped[str] = mapped_column(String(16))  # user | agent | admin | system
    actor_id: Mapped[int | None] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)

    ticket: Mapped[Ticket] = relationship(back_populates="events")


class DraftRow(Base):
    """A report in progress: the dialog's state for one user, kept across restarts."""

    __tablename__ = "drafts"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime]


class JobState(enum.StrEnum):
    """Where a job is: waiting (or running, while claimed), ran, or given up on."""

    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


class Job(Base):
    """A durable timer: run handler ``kind`` with ``payload`` at ``run_at`` (see bot.app.jobs).

    ``claimed_by``/``lease_until`` say which runner holds it and until when; ``attempts``
    counts claims since it was last scheduled, and with ``claimed_by`` identifies one claim.
    """

    __tablename__ = "jobs"
    # The runner asks for "pending and due", oldest first: state leads the index.
    __table_args__ = (Index("ix_jobs_state_run_at", "state", "run_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    key: Mapped[str | None] = mapped_column(String(128), unique=True)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    run_at: Mapped[datetime]
    state: Mapped[JobState] = mapped_column(String(16), default=JobState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class HandledUpdate(Base):
    """The recorded update ledger: an update id written in the same transaction as the
    effects it caused, so a redelivery (after a crash, or a webhook retry) finds it and
    does nothing twice. Kept a day (Telegram redelivers for about that long)."""

    __tablename__ = "handled_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    handled_at: Mapped[datetime] = mapped_column(index=True)


class OutboxState(enum.StrEnum):
    """Where a message to send is: waiting to go, accepted by Telegram, or given up on."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(Base):
    """A Bot API call to make, committed with the effect that caused it (the transactional
    outbox): the sender takes pending rows in order, and records Telegram's answer.

    ``op`` is the operation as JSON (bot.telegram.op_codec). A row for a ticket's topic
    names the ticket, and ``fill`` says what is looked up as it is sent ("topic": the
    thread, "card": the card's message, "chain": a reply to the card), so a batch needs
    no answer from Telegram before it commits. ``notify`` says whom a failure is told: the
    user, the ticket's topic, the admins, or nobody.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (
        Index("ix_outbox_messages_state_id", "state", "id"),
        Index("ix_outbox_messages_ticket_at", "ticket_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    priority: Mapped[int] = mapped_column(Integer)
    op: Mapped[dict[str, Any]] = mapped_column(default=dict)
    fill: Mapped[str | None] = mapped_column(String(16))
    # A message for a ticket's topic: the thread is looked up when it is sent (fill
    # "topic"), so a topic made again after it was deleted is found.
    ticket_id: Mapped[int | None] = mapped_column(Integer)
    # What Telegram's answer means for the desk, written with the outcome (bot.storage.desk).
    link: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    notify: Mapped[str] = mapped_column(String(8), default="user")
    locale: Mapped[str | None] = mapped_column(String(8))
    state: Mapped[OutboxState] = mapped_column(String(8), default=OutboxState.PENDING)
    message_ids: Mapped[list[Any]] = mapped_column(default=list)
    thread_id: Mapped[int | None] = mapped_column(BigInteger)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    settled_at: Mapped[datetime | None]


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
    """An agent's desk settings: the alias line their replies carry (None: no line)."""

    __tablename__ = "agents"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    alias: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime]
