"""The tables: users, tickets and their audit trail, drafts, jobs, the recorded update
ledger and the durable outbox; the desk's own (topics, message links, bans, agents, its
settings and tallies) are in bot.storage.desk_tables, the demo shop's in
bot.storage.demo_tables, the order dialogs' in bot.storage.order_tables, the maintenance
windows' in bot.storage.window_tables, and named here too.

Timestamps have no column defaults: the caller passes the injected clock's time, so tests
that move the clock see it in the rows.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.storage.base import Base

# The desk's and the demo shop's tables are kept in their own modules; named here, where
# every table is (Alembic's comparison sees them through this module).
from bot.storage.demo_tables import DemoChannelRow, DemoLink, DemoOrderRow
from bot.storage.desk_tables import Agent, Ban, DeskSetting, DeskTally, DeskTopic, MessageLink
from bot.storage.kb_tables import KbEventRow
from bot.storage.notice_tables import BroadcastRow, NoticeWishRow, RecipientRow
from bot.storage.order_tables import (
    ChannelMarkRow,
    ChannelWatchRow,
    OrderCheckRow,
    OrderLookupRow,
    RedeliveryRow,
)
from bot.storage.window_tables import WindowRow
from dialogs.tickets.priority import TicketPriority
from dialogs.tickets.status import TicketStatus


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
    # First contact: None (nothing decided yet), "checking" (asked to press the button),
    # "held" (spam words: in the spam topic), "clear" (a person; tickets open normally).
    screening: Mapped[str | None] = mapped_column(String(8))
    # Asked (/notices) not to get broadcasts that are not essential (dialogs.notices).
    notices_off: Mapped[bool] = mapped_column(default=False)

    tickets: Mapped[list[Ticket]] = relationship(back_populates="user")


class Ticket(Base):
    """A problem report and its life: every field the report form took, status, priority."""

    __tablename__ = "tickets"
    # The desk's clock and queue ask "which tickets are in status S since before T".
    __table_args__ = (Index("ix_tickets_status_at", "status", "status_at"),)

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
    # When the present status began: the queue's order, and every timer of the desk's
    # clock (first-response SLA, the wait for the user) counts from it.
    status_at: Mapped[datetime | None]
    # The last reminder the clock sent in this status (None, or before status_at: none yet).
    reminded_at: Mapped[datetime | None]
    claimed_at: Mapped[datetime | None]  # first claimed (an agent's reply claims too)
    first_response_at: Mapped[datetime | None]  # an agent's first message to the user
    resolved_at: Mapped[datetime | None]  # last resolved
    closed_at: Mapped[datetime | None]  # closed for good
    rating: Mapped[int | None] = mapped_column(Integer)  # the user's 1-5, once resolved
    rating_comment: Mapped[str | None] = mapped_column(Text)
    rated_at: Mapped[datetime | None]
    # The agents' group the ticket belongs to (several groups route by category or
    # language; a move sends new tickets elsewhere): None before it reached the desk.
    desk_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    # A flooding user's messages held back, to reach the topic as one relay when the
    # flood's window ends: [message id, unix time, text or None], oldest first.
    held: Mapped[list[Any]] = mapped_column(default=list)
    # The order as last looked up for the ticket (dialogs.orders.snapshot), for its card.
    order_snapshot: Mapped[dict[str, Any] | None]

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
        # Several instances: a chat's earlier rows held by another instance, and orphans.
        Index("ix_outbox_messages_state_chat_id", "state", "chat_id", "id"),
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
    # The instance that sends it (bot.app.fleet): rows of an instance whose lease ran out
    # are taken over by a live one. None: written before instances had names.
    owner: Mapped[str | None] = mapped_column(String(96))


class Lease(Base):
    """A name held by one kefu process until ``until``: ``instance:<owner>`` while that
    process runs (its outbox rows are its own), ``poller`` for the one that long-polls."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    owner: Mapped[str] = mapped_column(String(96))
    until: Mapped[datetime]


__all__ = [
    "Agent",
    "Ban",
    "Base",
    "BroadcastRow",
    "ChannelMarkRow",
    "ChannelWatchRow",
    "DemoChannelRow",
    "DemoLink",
    "DemoOrderRow",
    "DeskSetting",
    "DeskTally",
    "DeskTopic",
    "DraftRow",
    "HandledUpdate",
    "Job",
    "JobState",
    "KbEventRow",
    "Lease",
    "MessageLink",
    "NoticeWishRow",
    "OrderCheckRow",
    "OrderLookupRow",
    "OutboxMessage",
    "OutboxState",
    "RecipientRow",
    "RedeliveryRow",
    "Ticket",
    "TicketEvent",
    "User",
    "WindowRow",
]
