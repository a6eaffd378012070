"""Alembic migrations, run from kefu itself (no alembic.ini to find).

``kefu migrate`` upgrades any database; ``kefu run`` upgrades a SQLite file itself but
refuses a PostgreSQL schema that is behind, since several instances may share it and the
operator should choose when it changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


@dataclass(frozen=True)
class SchemaStatus:
    """Where the database's schema is against the newest migration kefu ships."""

    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


async def upgrade(engine: AsyncEngine) -> SchemaStatus:
    """Bring the schema to the newest revision and say where it now is."""
    async with engine.begin() as conn:
        await conn.run_sync(lambda sync: command.upgrade(alembic_config(sync), "head"))
    return await schema_status(engine)


async def schema_status(engine: AsyncEngine) -> SchemaStatus:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    async with engine.connect() as conn:
        current = await conn.run_sync(
            lambda sync: MigrationContext.configure(sync).get_current_revision()
        )
    return SchemaStatus(current=current, head=head)


class SchemaBehind(Exception):
    """The database's schema is older than this kefu needs."""


async def require_current(engine: AsyncEngine) -> SchemaStatus:
    """Refuse a schema that is behind, saying what to run."""
    status = await schema_status(engine)
    if not status.up_to_date:
        raise SchemaBehind(
            f"the database schema is at {status.current or 'nothing'}, kefu needs "
            f"{status.head}: run `kefu migrate` first"
        )
    return status
