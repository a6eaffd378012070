"""Where the tests find PostgreSQL and Redis, and what happens when they are not there.

CI sets KEFU_REQUIRE_SERVICES=1: a service test that cannot reach its server fails there.
On a laptop without the server it is skipped, with the reason.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator

import asyncpg
import pytest
from redis.asyncio import Redis
from redis.exceptions import RedisError

REQUIRE = os.environ.get("KEFU_REQUIRE_SERVICES") == "1"
POSTGRES_ADMIN_URL = os.environ.get(
    "KEFU_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("KEFU_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def unavailable(service: str, reason: str) -> None:
    """A service test without its server: fails in CI (KEFU_REQUIRE_SERVICES=1), skips with
    the reason only on a machine that has no such server."""
    if REQUIRE:
        pytest.fail(f"{service} is required (KEFU_REQUIRE_SERVICES=1) but {reason}")
    else:
        pytest.skip(reason=f"{service} unreachable ({reason}); set KEFU_REQUIRE_SERVICES=1 to fail")


async def _create_database(name: str) -> None:
    conn = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=5)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def _drop_database(name: str) -> None:
    conn = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=5)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def postgres_database() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test; dropped afterwards."""
    name = f"kefu_test_{uuid.uuid4().hex[:12]}"
    try:
        asyncio.run(_create_database(name))
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        unavailable("PostgreSQL", f"{POSTGRES_ADMIN_URL.split('@')[-1]}: {exc}")
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}".replace("postgresql://", "postgresql+asyncpg://", 1)
    finally:
        asyncio.run(_drop_database(name))


async def redis_client() -> Redis:
    client = Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        await client.ping()
    except (OSError, RedisError) as exc:
        await client.aclose()
        unavailable("Redis", f"{REDIS_URL}: {exc}")
    return client
