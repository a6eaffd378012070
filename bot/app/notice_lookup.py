"""The dialogs' NoticeLookup port (dialogs/ports/notices.py) over the stores: a user's
choice about notices, an audience counted as it is now, the channels users asked about."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.audiences import Audiences
from bot.storage.models import ChannelWatchRow
from bot.storage.users import UserStore
from bot.support.clock import Clock
from dialogs.notices.broadcast import Audience


class StoreNoticeLookup:
    """What the notices' dialogs read, through the users' store and the audiences."""

    def __init__(
        self,
        users: UserStore,
        audiences: Audiences,
        reads: async_sessionmaker[AsyncSession],
        clock: Clock,
    ) -> None:
        self._users = users
        self._audiences = audiences
        self._reads = reads
        self._clock = clock

    async def notices_off(self, user_id: int) -> bool:
        user = await self._users.get(user_id)
        return user is not None and user.notices_off

    async def count(self, spec: str, essential: bool = False) -> int:
        # The very resolution a confirmed broadcast makes (bot/app/notice_effects.py), so
        # the preview's count is what the broadcast would be made with at this moment.
        found = await self._audiences.resolve(Audience.parse(spec), self._clock.now(), essential)
        return len(found)

    async def asked_channels(self, limit: int) -> list[str]:
        async with self._reads() as session:
            rows = await session.scalars(
                select(ChannelWatchRow.channel)
                .distinct()
                .order_by(ChannelWatchRow.channel)
                .limit(limit)
            )
            return list(rows)
