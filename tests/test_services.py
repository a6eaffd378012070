"""Reaching the real Redis and PostgreSQL, and clear failures when they are not there."""

from __future__ import annotations

import pytest
from redis.asyncio import Redis

from bot.services import ServiceUnavailable, ping_database, ping_redis
from bot.storage.database import make_engine
from tests.services import REDIS_URL


async def test_real_redis_answers(redis: Redis) -> None:
    await ping_redis(REDIS_URL)
    key = "kefu:test:roundtrip"
    await redis.set(key, "客服", ex=10)
    assert (await redis.get(key)).decode() == "客服"
    await redis.delete(key)


async def test_unreachable_redis_is_named() -> None:
    with pytest.raises(ServiceUnavailable, match=r"cannot reach Redis at redis://127\.0\.0\.1:1"):
        await ping_redis("redis://127.0.0.1:1/0", wait=1)


async def test_real_postgres_answers(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    await ping_database(engine)
    await engine.dispose()


async def test_unreachable_database_hides_the_password() -> None:
    engine = make_engine("postgresql+asyncpg://kefu:s3cret@127.0.0.1:1/kefu")
    with pytest.raises(ServiceUnavailable) as err:
        await ping_database(engine, wait=2)
    await engine.dispose()
    assert "s3cret" not in str(err.value) and "127.0.0.1:1" in str(err.value)
