"""The users, drafts and order challenges served from memory (bot.storage.read_cache) stay
what the database holds: every write through the stores, committed or rolled back, is seen
by the next read."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.app.order_checks import SqlOrderChecks
from bot.storage.database import make_sessionmaker
from bot.storage.drafts import SqlDraftStore
from bot.storage.models import DraftRow
from bot.storage.read_cache import MISSING, ReadCache
from bot.storage.users import UserStore
from bot.support.clock import ManualClock

Write = Callable[[AsyncSession], Awaitable[None]]


class Rollback(Exception):
    pass


async def rolled_back(sessions: async_sessionmaker[AsyncSession], write: Write) -> None:
    """``write`` in a transaction that then rolls back."""
    async with sessions.begin() as session:
        await write(session)
        raise Rollback


async def test_a_known_user_is_served_from_memory_until_a_write(
    engine: AsyncEngine, clock: ManualClock
) -> None:
    sessions = make_sessionmaker(engine)
    users = UserStore(sessions, clock, cached=True)
    await users.seen(42, "en", "Ann")
    await users.set_language(42, "zh-Hans")  # in a transaction of its own
    assert (await users.seen(42, "en", "Ann")).language == "zh-Hans"
    await users.mark_blocked(42)
    again = await users.seen(42, "en", "Ann")
    assert not again.blocked, "writing again clears blocked, as without the cache"
    assert not (await users.get(42)).blocked  # type: ignore[union-attr]
    async with sessions.begin() as session:  # a unit of work's transaction, committed
        await users.set_language(42, "zh-Hant", session)
    assert (await users.seen(42, "en", "Ann")).language == "zh-Hant"
    with pytest.raises(Rollback):
        await rolled_back(sessions, lambda session: users.set_language(42, "en", session))
    assert (await users.seen(42, "en", "Ann")).language == "zh-Hant", "rolled back"


async def test_no_draft_is_remembered_until_one_is_kept(
    engine: AsyncEngine, clock: ManualClock
) -> None:
    sessions = make_sessionmaker(engine)
    drafts = SqlDraftStore(sessions, clock, cached=True)
    assert await drafts.get(7) is None
    assert await drafts.get(7) is None  # from memory now
    async with sessions.begin() as session:
        await drafts.put(7, {"category": "recharge"}, session)
    assert await drafts.get(7) == {"category": "recharge"}
    await drafts.delete(7)
    assert await drafts.get(7) is None
    with pytest.raises(Rollback):
        await rolled_back(sessions, lambda s: drafts.put(7, {"category": "withdrawal"}, s))
    assert await drafts.get(7) is None
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(DraftRow)) == 0


async def test_no_order_challenge_is_remembered_until_one_is_kept(
    engine: AsyncEngine, clock: ManualClock
) -> None:
    sessions = make_sessionmaker(engine)
    checks = SqlOrderChecks(sessions, clock, cached=True)
    challenge = {"number": "DM240003", "tries": 0}
    assert await checks.pending(9) is None
    assert await checks.pending(9) is None  # from memory now
    async with sessions.begin() as session:  # the unit of work of the lookup that asks
        await checks.keep(session, 9, challenge, clock.now())
    assert await checks.pending(9) == challenge
    with pytest.raises(Rollback):
        await rolled_back(sessions, lambda s: checks.keep(s, 9, None, clock.now()))
    assert await checks.pending(9) == challenge, "rolled back: still under way"
    async with sessions.begin() as session:  # answered: none any more
        await checks.keep(session, 9, None, clock.now())
    assert await checks.pending(9) is None
    with pytest.raises(Rollback):
        await rolled_back(sessions, lambda s: checks.keep(s, 9, challenge, clock.now()))
    assert await checks.pending(9) is None
    async with sessions.begin() as session:
        await checks.keep(session, 9, challenge, clock.now())
    assert await checks.pending(9) == challenge, "a challenge after a remembered none"


def test_a_read_overlapping_a_write_is_not_kept() -> None:
    cache: ReadCache[int, str] = ReadCache(enabled=True, limit=2)
    token = cache.token()
    cache.forget(1)  # a write while the read was in flight
    cache.fill(1, "old", token)
    assert cache.get(1) is MISSING
    for key in (1, 2, 3):
        cache.fill(key, str(key), cache.token())
    assert [cache.get(k) for k in (1, 2, 3)] == [MISSING, "2", "3"], "the oldest goes first"
    off: ReadCache[int, str] = ReadCache(enabled=False)
    off.fill(1, "x", off.token())
    assert off.get(1) is MISSING
