"""The desk's own facts kept across restarts and instances (``desk_settings``): the spam
topic of a group, and the agents' groups moved to others (``kefu desk move``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.database import upsert_insert
from bot.storage.models import DeskSetting

MOVES = "moves"  # {"<old chat id>": <new chat id>, ...}


async def setting(session: AsyncSession, key: str) -> dict[str, Any] | None:
    """A setting's value, read afresh (another instance, or the CLI, may have written it)."""
    found = await session.scalar(select(DeskSetting.value).where(DeskSetting.key == key))
    return dict(found) if found else None


async def keep(
    session: AsyncSession, key: str, value: dict[str, Any], now: datetime, *, replace: bool
) -> None:
    """Record a setting; with ``replace`` over any earlier value, else only if there is
    none (one statement either way: no read-then-write race between instances)."""
    statement = upsert_insert(session)(DeskSetting).values(key=key, value=value, updated_at=now)
    if replace:
        statement = statement.on_conflict_do_update(
            index_elements=[DeskSetting.key], set_={"value": value, "updated_at": now}
        )
    else:
        statement = statement.on_conflict_do_nothing(index_elements=[DeskSetting.key])
    await session.execute(statement)


async def moves(session: AsyncSession) -> dict[int, int]:
    """Every agents' group moved to another: old chat id -> new chat id."""
    found = await setting(session, MOVES) or {}
    return {int(old): int(new) for old, new in found.items()}


async def add_move(session: AsyncSession, old: int, new: int, now: datetime) -> dict[int, int]:
    """Record that ``old``'s tickets go to ``new`` from now on (a move back to a group
    forgets that group's own move, so no loop is made); the moves as they are now."""
    found = await moves(session)
    found.pop(new, None)
    found[old] = new
    value = {str(k): v for k, v in found.items()}
    await keep(session, MOVES, value, now, replace=True)
    return found
