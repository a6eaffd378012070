"""Reaching the services kefu depends on: the database and Redis, with clear failures."""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine


class ServiceUnavailable(Exception):
    """A service could not be reached; the message says which and why (no passwords)."""


def display_url(url: str) -> str:
    """A URL safe to print: the password masked."""
    return make_url(url).render_as_string(hide_password=True) if "://" in url else url


async def ping_database(engine: AsyncEngine, wait: float = 5.0) -> None:
    try:
        async with asyncio.timeout(wait):
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError, TimeoutError) as exc:
        url = engine.url.render_as_string(hide_password=True)
        raise ServiceUnavailable(f"cannot reach the database at {url}: {_reason(exc)}") from None


async def ping_redis(url: str, wait: float = 5.0) -> None:
    from redis.asyncio import Redis  # only when configured: its import costs memory
    from redis.exceptions import RedisError

    client = Redis.from_url(url, socket_connect_timeout=wait, socket_timeout=wait)
    try:
        if not await client.ping():
            raise ServiceUnavailable(f"Redis at {display_url(url)} did not answer PING")
    except (RedisError, OSError) as exc:
        raise ServiceUnavailable(f"cannot reach Redis at {display_url(url)}: {exc}") from None
    finally:
        await client.aclose()


def _reason(exc: BaseException) -> str:
    if isinstance(exc, SQLAlchemyError) and getattr(exc, "orig", None) is not None:
        return str(exc.orig).splitlines()[0]
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
