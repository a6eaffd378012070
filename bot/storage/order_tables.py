"""The order dialogs' tables: every lookup (a user's limits count them; an agent's stay on
record), a challenge under way, who waits for a channel's recovery, kefu's last word on
each channel, and the re-deliveries asked (once an order)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base


class OrderLookupRow(Base):
    """One lookup of an order number, by a user or an agent, and what it came to."""

    __tablename__ = "order_lookups"
    __table_args__ = (Index("ix_order_lookups_user_at", "user_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime]
    user_id: Mapped[int] = mapped_column(BigInteger)
    number: Mapped[str] = mapped_column(String(64))
    result: Mapped[str] = mapped_column(String(16))  # dialogs.orders.checks
    ticket: Mapped[str | None] = mapped_column(String(12))


class OrderCheckRow(Base):
    """A user's ownership challenge under way (dialogs.orders.checks.PendingCheck)."""

    __tablename__ = "order_checks"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    data: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


class ChannelWatchRow(Base):
    """A user to be told when a payment channel is well again."""

    __tablename__ = "channel_watches"

    channel: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    since: Mapped[datetime]


class ChannelMarkRow(Base):
    """A channel's state as kefu last told the desk and the admins, so that each change
    is told once (and a restart tells nothing again); while it is in trouble, the desk's
    incident topic (``incident``: its group and thread, once made) and the tickets listed
    there."""

    __tablename__ = "channel_marks"

    channel: Mapped[str] = mapped_column(String(32), primary_key=True)
    state: Mapped[str] = mapped_column(String(8))
    since: Mapped[datetime]
    incident: Mapped[dict[str, Any] | None]
    tickets: Mapped[list[Any]] = mapped_column(default=list)


class RedeliveryRow(Base):
    """A re-delivery kefu asked of the shop: once an order, whatever came of it."""

    __tablename__ = "order_redeliveries"

    number: Mapped[str] = mapped_column(String(64), primary_key=True)
    at: Mapped[datetime]
    ticket: Mapped[str | None] = mapped_column(String(12))
    outcome: Mapped[str] = mapped_column(String(16))  # redelivered | nothing | failed
