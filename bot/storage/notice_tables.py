"""The notices' tables (issue 15): broadcasts, a row per recipient, and what users asked to
be told about.

A recipient row goes pending -> sent | blocked | failed once, in the transaction that
records Telegram's answer, so a restart resumes with the rows still pending.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base


class BroadcastRow(Base):
    """One broadcast: what it says, to whom (the spec), when, and who is sending it."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime]
    created_by: Mapped[int | None] = mapped_column(BigInteger)  # an admin; None: a script
    state: Mapped[str] = mapped_column(String(12), index=True)
    audience: Mapped[str] = mapped_column(String(160))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    at: Mapped[datetime]  # not sent before
    paid: Mapped[bool] = mapped_column(default=False)  # allow_paid_broadcast
    total: Mapped[int] = mapped_column(Integer, default=0)
    # Why kefu sent it itself ("window:3:restored"), None for an admin's.
    purpose: Mapped[str | None] = mapped_column(String(64))
    # The admin's progress message, edited as it goes.
    progress_chat: Mapped[int | None] = mapped_column(BigInteger)
    progress_message: Mapped[int | None] = mapped_column(Integer)
    locale: Mapped[str] = mapped_column(String(8), default="en")  # the admin's, for progress
    # The instance sending it, until when (a lease renewed as it goes; a killed one's
    # broadcast is taken over once it runs out).
    owner: Mapped[str | None] = mapped_column(String(80))
    lease_until: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class RecipientRow(Base):
    """One user of a broadcast's audience, as it was when the broadcast was made."""

    __tablename__ = "broadcast_recipients"
    # The sender pages through a broadcast's pending rows by user id.
    __table_args__ = (Index("ix_broadcast_recipients_state", "broadcast_id", "state", "user_id"),)

    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcasts.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    locale: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str | None] = mapped_column(String(200))
    done_at: Mapped[datetime | None]


class NoticeWishRow(Base):
    """A user asked to be told when something is over: ``topic`` is ``channel:ID`` or
    ``window:ID`` (dialogs.notices.broadcast's ``asked:`` audiences)."""

    __tablename__ = "notice_wishes"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    topic: Mapped[str] = mapped_column(String(80), primary_key=True, index=True)
    at: Mapped[datetime]
