"""Who a broadcast's audience is, read from the users and their tickets.

Users who blocked the bot are never in an audience; users who opted out of notices
(``/notices``) are left out unless the broadcast is essential. Each user comes with the
language kefu speaks to them in, so the sender picks their variant without another read.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.models import ChannelWatchRow, NoticeWishRow, Ticket, User
from dialogs.notices.broadcast import Audience, AudienceKind
from dialogs.tickets.status import TicketStatus

# Statuses of a ticket still in hand (users with an open ticket).
_OPEN = (TicketStatus.NEW, TicketStatus.OPEN, TicketStatus.CLAIMED, TicketStatus.WAITING_USER)

Recipient = tuple[int, str]  # user id, locale


class Audiences:
    """Resolves an :class:`Audience` into user ids and their locales, by user id."""

    def __init__(self, reads: async_sessionmaker[AsyncSession], channel_field: str) -> None:
        """``channel_field``: the report forms' payment-channel field (desk.yaml's tags)."""
        self._reads = reads
        self.channel_field = channel_field

    async def resolve(
        self, audience: Audience, now: datetime, essential: bool = False
    ) -> list[Recipient]:
        query = select(User.id, User.language).where(User.blocked.is_(False))
        if not essential:
            query = query.where(User.notices_off.is_(False))
        async with self._reads() as session:
            if audience.kind is AudienceKind.CHANNEL:
                # Filtered here: PostgreSQL takes at most 32,767 parameters in a query.
                ids = await self._channel_users(session, audience, now)
                rows = await session.execute(query.order_by(User.id)) if ids else []
                return [(user_id, locale) for user_id, locale in rows if user_id in ids]
            rows = await session.execute(self._narrowed(query, audience, now).order_by(User.id))
            return [(user_id, locale) for user_id, locale in rows]

    def _narrowed(self, query: Select, audience: Audience, now: datetime) -> Select:  # type: ignore[type-arg]
        match audience.kind:
            case AudienceKind.LOCALE:
                return query.where(User.language == audience.value)
            case AudienceKind.OPEN_TICKETS:
                open_ = select(Ticket.user_id).where(Ticket.status.in_(_OPEN))
                return query.where(User.id.in_(open_))
            case AudienceKind.CATEGORY:
                since = now - audience.since  # type: ignore[operator]
                reported = select(Ticket.user_id).where(
                    Ticket.category == audience.value, Ticket.created_at >= since
                )
                return query.where(User.id.in_(reported))
            case AudienceKind.ASKED:
                kind, _, target = (audience.value or "").partition(":")
                # A channel's watchers are the order dialogs' (bot.storage.order_log).
                asked = (
                    select(ChannelWatchRow.user_id).where(ChannelWatchRow.channel == target)
                    if kind == "channel"
                    else select(NoticeWishRow.user_id).where(NoticeWishRow.topic == audience.value)
                )
                return query.where(User.id.in_(asked))
        return query

    async def _channel_users(
        self, session: AsyncSession, audience: Audience, now: datetime
    ) -> set[int]:
        # The channel is a field of the report (JSON), read in Python rather than through
        # each database's own JSON operators: a period's tickets are a desk's volumes.
        since = now - audience.since  # type: ignore[operator]
        rows = await session.execute(
            select(Ticket.user_id, Ticket.fields).where(Ticket.created_at >= since)
        )
        field = self.channel_field
        return {user_id for user_id, fields in rows if (fields or {}).get(field) == audience.value}
