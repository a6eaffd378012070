"""The demo shop as an `OrderBackend` (dialogs/ports/orders.py), over its tables in
kefu's database (bot/storage/demo_orders.py) and its rules (integrations/demo).

Every call seeds the shop first if it never was: a fresh database has orders to ask
about without a step of its own. The extra methods (`everything`, `link`,
`set_channel`) are for `kefu demo ...`, not part of the contract.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage import demo_orders as store
from bot.storage.demo_tables import DemoChannelRow, DemoOrderRow
from bot.support.clock import Clock
from dialogs.ports.orders import (
    Capability,
    ChallengeFact,
    ChannelHealth,
    ChannelState,
    Order,
)
from integrations.demo import rules


class DemoOrderBackend:
    """The embedded demo shop: it can re-deliver, knows linked accounts, and challenges."""

    capabilities: frozenset[Capability] = frozenset(Capability)

    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def _session(self) -> AsyncSession:
        session = self._sessions()
        if await store.ensure_seeded(session, self._clock.now()):
            await session.commit()
        return session

    def _order(self, row: DemoOrderRow) -> Order:
        return Order(
            number=row.number,
            account=row.account,
            status=rules.status_of(row.raw_status),
            channel=row.channel,
            amount=Decimal(row.amount),
            currency=row.currency,
            product=row.product,
            kind=row.kind,
            created_at=row.created_at,
            paid_at=row.paid_at,
            delivered_at=row.delivered_at,
            fetched_at=self._clock.now(),
        )

    def _health(self, row: DemoChannelRow) -> ChannelHealth:
        return ChannelHealth(
            channel=row.channel,
            state=ChannelState(row.state),
            average_arrival_seconds=row.average_arrival_seconds,
            queue_length=row.queue_length,
            share_delayed=row.share_delayed_bp / 10_000,
            expected_recovery=row.expected_recovery,
            fetched_at=self._clock.now(),
        )

    async def find(self, number: str, telegram_user_id: int) -> Order | None:
        async with await self._session() as session:
            row = await store.order(session, number)
            return self._order(row) if row is not None else None

    async def recent(self, telegram_user_id: int, limit: int) -> list[Order]:
        async with await self._session() as session:
            account = await store.linked_account(session, telegram_user_id)
            if account is None:
                return []
            return [self._order(r) for r in await store.orders_of(session, account, limit)]

    async def channels(self) -> list[ChannelHealth]:
        async with await self._session() as session:
            return [self._health(r) for r in await store.channels(session)]

    async def redeliver(self, number: str) -> bool:
        async with await self._session() as session:
            row = await store.order(session, number)
            if row is None or not rules.redeliverable(row.raw_status):
                return False
            await store.mark_delivered(session, row.number, self._clock.now())
            await session.commit()
            return True

    async def linked_account(self, telegram_user_id: int) -> str | None:
        async with await self._session() as session:
            return await store.linked_account(session, telegram_user_id)

    async def challenge(self, number: str) -> list[ChallengeFact]:
        # The same facts whether or not the order exists: the question tells nothing.
        return list(rules.CHALLENGE_FACTS)

    async def check(self, number: str, answers: Mapping[ChallengeFact, str]) -> bool:
        async with await self._session() as session:
            row = await store.order(session, number)
        if row is None:
            return False
        facts = rules.OwnerFacts(row.phone_last4, Decimal(row.amount), row.email)
        return rules.answers_match(facts, answers)

    # For `kefu demo ...`: beyond the contract.

    async def everything(self) -> list[Order]:
        """Every order of the demo shop, by number."""
        async with await self._session() as session:
            return [self._order(r) for r in await store.all_orders(session)]

    async def accounts(self) -> list[str]:
        async with await self._session() as session:
            return await store.accounts(session)

    async def link(self, telegram_user_id: int, account: str) -> None:
        """Link a user to an account; store.UnknownAccount if it has no order."""
        async with await self._session() as session:
            await store.link(session, telegram_user_id, account, self._clock.now())
            await session.commit()

    async def set_channel(
        self, channel: str, state: ChannelState, eta: timedelta | None = None
    ) -> ChannelHealth:
        """Put a channel in a state, with figures to match and, when it is not ok, its
        expected recovery ``eta`` from now; store.UnknownChannel if there is no such
        channel."""
        if channel not in rules.USUAL_ARRIVAL:
            raise store.UnknownChannel(channel)
        figures = rules.figures_for(channel, state)
        now = self._clock.now()
        recovery = now + eta if eta is not None and state is not ChannelState.OK else None
        async with await self._session() as session:
            await store.set_channel(
                session,
                channel,
                state.value,
                (
                    figures.average_arrival_seconds,
                    figures.queue_length,
                    round(figures.share_delayed * 10_000),
                ),
                recovery,
                now,
            )
            await session.commit()
            row = await session.get(DemoChannelRow, channel)
            assert row is not None
            return self._health(row)
