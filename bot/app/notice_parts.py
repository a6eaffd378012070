"""The notices' parts of an app (issue 15): the broadcasts' store, audiences, the effects of
the notice actions and, once the app exists, the broadcasts' sender."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app.notice_effects import NoticeEffects
from bot.storage.audiences import Audiences
from bot.storage.broadcasts import BroadcastStore
from bot.storage.users import UserStore
from bot.support.clock import Clock
from dialogs.content import Content


@dataclass
class NoticeParts:
    """What the executor and the broadcasts' sender share."""

    broadcasts: BroadcastStore
    audiences: Audiences
    effects: NoticeEffects

    @classmethod
    def build(
        cls,
        content: Content,
        sessions: async_sessionmaker[AsyncSession],
        reads: async_sessionmaker[AsyncSession] | None,
        clock: Clock,
        users: UserStore,
    ) -> NoticeParts:
        broadcasts = BroadcastStore(sessions, clock, reads)
        audiences = Audiences(reads or sessions, content.desk.tags.channel_field)
        return cls(broadcasts, audiences, NoticeEffects(users, broadcasts, audiences))
