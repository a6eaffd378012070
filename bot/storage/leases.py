"""Leases: a name held by one kefu process until a time (bot.app.fleet renews them).

Taking a lease is a compare-and-set that any database does alike: insert the name, or
update it where it is free (expired, released, ours already, or its owner known gone);
the statement changes one row or none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.models import Lease

INSTANCE = "instance:"  # the name of a running process's lease: INSTANCE + its owner id
POLLER = "poller"


class LeaseStore:
    """Takes, renews, reads and releases leases."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def take(
        self,
        name: str,
        owner: str,
        until: datetime,
        now: datetime,
        dead: Callable[[str], bool] = lambda _: False,
    ) -> Lease | None:
        """Hold ``name`` for ``owner`` until ``until``; None if so, else the lease that
        another live owner holds."""
        for _ in range(3):  # a lease released or inserted between the read and the write
            holder = await self.holder(name)
            free = [Lease.until <= now, Lease.owner == owner]
            if holder is not None and holder.owner != owner and dead(holder.owner):
                free.append(Lease.owner == holder.owner)
            try:
                async with self._sessions.begin() as session:
                    if holder is None:
                        session.add(Lease(name=name, owner=owner, until=until))
                        return None
                    done = await session.execute(
                        update(Lease)
                        .where(Lease.name == name, or_(*free))
                        .values(owner=owner, until=until)
                    )
                    if done.rowcount == 1:  # type: ignore[attr-defined]
                        return None
            except IntegrityError:  # another process inserted it first: look again
                continue
            holder = await self.holder(name)
            if holder is not None:
                return holder
        return await self.holder(name)

    async def renew(
        self, names: Sequence[str], owner: str, until: datetime, now: datetime, strict: bool
    ) -> list[str]:
        """Push ``owner``'s leases on ``names`` to ``until``; the names it no longer holds.
        ``strict``: a lease that ran out is not brought back (another may have acted on
        its end); else it is, if nobody took it."""
        mine = (Lease.name.in_(names), Lease.owner == owner)
        live = (Lease.until > now,) if strict else ()
        async with self._sessions.begin() as session:
            await session.execute(update(Lease).where(*mine, *live).values(until=until))
            kept = set(await session.scalars(select(Lease.name).where(*mine, Lease.until == until)))
        return [n for n in names if n not in kept]

    async def release(self, names: Sequence[str], owner: str) -> None:
        async with self._sessions.begin() as session:
            await session.execute(delete(Lease).where(Lease.name.in_(names), Lease.owner == owner))

    async def holder(self, name: str) -> Lease | None:
        async with self._sessions() as session:
            return await session.get(Lease, name)
