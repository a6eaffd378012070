"""Alembic migrations, run from kefu itself (no alembic.ini to find).

``kefu migrate`` upgrades any database; ``kefu run`` upgrades a SQLite file itself but
refuses a PostgreSQL schema that is behind, since several instances may share it and the
operator should choose when it changes.

Alembic (with Mako and Pygments, 9 MiB of a process) is imported only to migrate: a start
on a schema already at ``HEAD`` reads the version table itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import column, inspect, select, table
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# The newest revision in MIGRATIONS_DIR (tests/test_cli.py checks it against Alembic's head).
HEAD = "0012"
VERSION_TABLE = "alembic_version"


@dataclass(frozen=True)
class SchemaStatus:
    """Where the database's schema is against the newest migration kefu ships."""

    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


async def upgrade(engine: AsyncEngine) -> SchemaStatus:
    """Bring the schema to the newest revision and say where it now is."""
    status = await schema_status(engine)
    if status.up_to_date:
        return status
    from alembic import command

    async with engine.begin() as conn:
        await conn.run_sync(lambda sync: command.upgrade(alembic_config(sync), "head"))
    return await schema_status(engine)


async def schema_status(engine: AsyncEngine) -> SchemaStatus:
    async with engine.connect() as conn:
        current = await conn.run_sync(_current_revision)
    return SchemaStatus(current=current, head=HEAD)


def _current_revision(connection: Connection) -> str | None:
    """The revision Alembic recorded, as its MigrationContext reads it (None before any)."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    version = select(column("version_num")).select_from(table(VERSION_TABLE))
    return connection.execute(version).scalar()


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
