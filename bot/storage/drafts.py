"""Where dialog state (a report in progress) lives: the database by default, Redis if set.

Both survive a restart of kefu, and both are shared by several instances, so a user who
comes back finds their draft wherever their next update lands.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.models import DraftRow
from bot.support.clock import Clock


class SqlDraftStore:
    """Drafts as rows of the ``drafts`` table."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def get(self, user_id: int) -> dict[str, Any] | None:
        async with self._sessions() as session:
            row = await session.get(DraftRow, user_id)
            return dict(row.data) if row else None

    async def put(self, user_id: int, data: dict[str, Any]) -> None:
        async with self._sessions.begin() as session:
            row = await session.get(DraftRow, user_id)
            if row is None:
                session.add(DraftRow(user_id=user_id, data=data, updated_at=self._clock.now()))
            else:
                row.data = data
                row.updated_at = self._clock.now()

    async def delete(self, user_id: int) -> None:
        async with self._sessions.begin() as session:
            row = await session.get(DraftRow, user_id)
            if row is not None:
                await session.delete(row)


class RedisDraftStore:
    """Drafts as JSON under ``kefu:draft:<user>``, forgotten after ``ttl`` of silence."""

    def __init__(
        self, redis: Redis, prefix: str = "kefu:draft:", ttl: timedelta = timedelta(days=7)
    ) -> None:
        self._redis = redis
        self._prefix = prefix
        self._ttl = ttl

    async def get(self, user_id: int) -> dict[str, Any] | None:
        raw = await self._redis.get(f"{self._prefix}{user_id}")
        return json.loads(raw) if raw else None

    async def put(self, user_id: int, data: dict[str, Any]) -> None:
        await self._redis.set(f"{self._prefix}{user_id}", json.dumps(data), ex=self._ttl)

    async def delete(self, user_id: int) -> None:
        await self._redis.delete(f"{self._prefix}{user_id}")
