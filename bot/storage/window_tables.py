"""The maintenance windows' table (issue 15): each window as an admin gave it, and what kefu
has said about it so far, one mark per kind of word.

The marks are the start of the occurrence they were said for (or, for the reminder, when it
went), written by a compare-and-set in the transaction that queues the word: a restart, a
second instance or a job run twice says nothing twice, and a recurring window's next night
is told afresh because its start is later.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base


class WindowRow(Base):
    """One maintenance window (dialogs.notices.windows.Window) and its marks."""

    __tablename__ = "maintenance_windows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(16))  # service | category | channel
    target: Mapped[str | None] = mapped_column(String(64))  # the category or channel id
    messages: Mapped[dict[str, str]] = mapped_column(JSON)  # locale -> the admin's text
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime | None]  # a one-off's expected end
    rule: Mapped[str | None] = mapped_column(String(500))  # RFC 5545 RRULE (recurring)
    duration_seconds: Mapped[int | None] = mapped_column(Integer)  # each occurrence's length
    tz: Mapped[str] = mapped_column(String(64))  # the zone a rule's wall-clock hours are in
    # An admin's end (a recurring window: of the occurrence it falls in).
    ended_at: Mapped[datetime | None]
    announce: Mapped[bool] = mapped_column(default=False)  # tell its scope's users
    # How long before an occurrence its users are told (None: the watch's own default).
    lead_seconds: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime]
    created_by: Mapped[int | None] = mapped_column(BigInteger)  # an admin; None: the CLI
    # The start of the occurrence whose announcement was queued.
    announced_for: Mapped[datetime | None]
    # When the admins were reminded of an overdue occurrence (later than its start: done).
    reminded_at: Mapped[datetime | None]
    # The start of the occurrence whose "service restored" was queued (or found needless:
    # a one-off ended before it began).
    restored_for: Mapped[datetime | None]
