"""Migration 0006 on a desk with tickets in it: the old statuses mapped to the new
lifecycle, and the clock started at the upgrade for tickets still in hand, so no burst of
reminders or resolutions follows it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import select, text

from bot.storage import migrate
from bot.storage.database import make_engine, make_sessionmaker
from bot.storage.models import Ticket

LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)
ROWS = {  # public id: (old status, assignee)
    "K-AAAA1": ("open", None),
    "K-AAAA2": ("open", 7001),
    "K-AAAA3": ("waiting_agent", None),
    "K-AAAA4": ("waiting_agent", 7001),
    "K-AAAA5": ("waiting_user", 7001),
    "K-AAAA6": ("resolved", 7001),
}


async def test_old_tickets_take_the_new_lifecycle(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(lambda s: command.upgrade(migrate.alembic_config(s), "0005"))
            await conn.execute(
                text(
                    "INSERT INTO users (id, language, first_seen, last_seen, blocked) "
                    "VALUES (1, 'en', :t, :t, false)"
                ),
                {"t": LONG_AGO},
            )
            for public_id, (status, assignee) in ROWS.items():
                await conn.execute(
                    text(
                        "INSERT INTO tickets (public_id, user_id, category, fields, attachments,"
                        " status, priority, assignee_id, tags, created_at, updated_at,"
                        " closed_at) VALUES (:p, 1, 'other', '{}', '[]', :s, 'normal', :a,"
                        " '[]', :t, :t, :c)"
                    ),
                    {
                        "p": public_id,
                        "s": status,
                        "a": assignee,
                        "t": LONG_AGO,
                        "c": LONG_AGO if status == "resolved" else None,
                    },
                )
        before = datetime.now(UTC) - timedelta(minutes=1)
        await migrate.upgrade(engine)
        async with make_sessionmaker(engine)() as session:
            found = {t.public_id: t for t in await session.scalars(select(Ticket))}
        statuses = {p: t.status for p, t in found.items()}
        assert statuses == {
            "K-AAAA1": "open",
            "K-AAAA2": "claimed",
            "K-AAAA3": "open",
            "K-AAAA4": "claimed",
            "K-AAAA5": "waiting_user",
            "K-AAAA6": "resolved",
        }
        for public_id, ticket in found.items():
            if ticket.status == "resolved":
                assert ticket.resolved_at == LONG_AGO and ticket.closed_at is None
                assert ticket.status_at == LONG_AGO
            else:
                assert ticket.status_at is not None and ticket.status_at >= before, public_id
    finally:
        await engine.dispose()
