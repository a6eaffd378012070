"""The desk's figures for /stats (dialogs.ports.stats), over the database's reads."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.storage.desk_stats import DeskStats
from bot.support.clock import Clock


def desk_stats(
    settings: Settings, clock: Clock, reads: async_sessionmaker[AsyncSession]
) -> DeskStats | None:
    """What /stats reads, in the operator's time zone against their first-response SLA;
    None without an agents' desk (no group to ask in)."""
    if settings.agent_chat_id is None:
        return None
    return DeskStats(reads, clock, settings.tz, settings.sla_first_response)
