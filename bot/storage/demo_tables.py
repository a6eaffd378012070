"""The demo shop's tables (integrations/demo): its orders, Telegram users linked to its
accounts, and its payment channels' health. In kefu's database, so `kefu demo ...`
commands change what a running kefu sees.

Amounts are kept as decimal text, not Numeric: SQLite has no exact decimal type (it
would store a float), and money must keep its decimals on both databases. The share of
delayed orders is kept in basis points (1/10000) for the same reason.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base


class DemoOrderRow(Base):
    """One order of the demo shop, with its raw status and its owner's facts."""

    __tablename__ = "demo_orders"

    number: Mapped[str] = mapped_column(String(32), primary_key=True)
    account: Mapped[str] = mapped_column(String(64), index=True)
    raw_status: Mapped[str] = mapped_column(String(24))
    channel: Mapped[str] = mapped_column(String(16))
    amount: Mapped[str] = mapped_column(String(24))
    currency: Mapped[str] = mapped_column(String(8))
    product: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    paid_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    phone_last4: Mapped[str] = mapped_column(String(4))
    email: Mapped[str] = mapped_column(String(128))


class DemoLink(Base):
    """A Telegram user linked to a demo account: that account's orders are theirs."""

    __tablename__ = "demo_links"

    telegram_user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    account: Mapped[str] = mapped_column(String(64))
    linked_at: Mapped[datetime]


class DemoChannelRow(Base):
    """A demo payment channel's health as last set (seeded, or by `kefu demo channel`)."""

    __tablename__ = "demo_channels"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    state: Mapped[str] = mapped_column(String(8))
    average_arrival_seconds: Mapped[int] = mapped_column(Integer)
    queue_length: Mapped[int] = mapped_column(Integer)
    share_delayed_bp: Mapped[int] = mapped_column(Integer)  # basis points: 1200 is 12%
    expected_recovery: Mapped[datetime | None]
    updated_at: Mapped[datetime]
