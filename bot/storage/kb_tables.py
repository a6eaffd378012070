"""The knowledge base's table: each question asked, each answer opened, and whether it
solved the problem (dialogs.kb.actions), for /stats."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base


class KbEventRow(Base):
    """One step of a user with the knowledge base (dialogs.kb.actions.KbOutcome)."""

    __tablename__ = "kb_events"
    __table_args__ = (Index("ix_kb_events_at", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime]
    user_id: Mapped[int] = mapped_column(BigInteger)
    outcome: Mapped[str] = mapped_column(String(16))
    article: Mapped[str | None] = mapped_column(String(24))
    question: Mapped[str | None] = mapped_column(String(500))
