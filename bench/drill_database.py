"""A fresh PostgreSQL database for one multi-instance crash drill, dropped afterwards."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg

ADMIN_URL = "postgresql://127.0.0.1:5432/test"  # the server's address, any database on it


@asynccontextmanager
async def fresh_database(admin_url: str = ADMIN_URL) -> AsyncIterator[str]:
    """An empty database on ``admin_url``'s server; its SQLAlchemy URL."""
    name = f"kefu_drill_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(admin_url, timeout=5)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    base = admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    try:
        yield f"{base}/{name}"
    finally:
        conn = await asyncpg.connect(admin_url, timeout=5)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()
