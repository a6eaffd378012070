"""Maintenance windows kept on SQLite and on PostgreSQL: the migration, a window read back as
it was given (a recurring one in the operator's zone), an admin's end (a one-off for good,
a recurring window's night only), the marks' compare-and-set, and who is owed "service
restored"."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.database import make_sessionmaker
from bot.storage.models import Base, NoticeWishRow
from bot.storage.tickets import TicketStore
from bot.storage.users import UserStore
from bot.storage.windows import EndOutcome, WindowStore, scope_text
from bot.support.clock import ManualClock
from dialogs.notices.windows import Scope, ScopeKind, Window, WindowState
from dialogs.tickets.report import NewTicket

SHANGHAI = ZoneInfo("Asia/Shanghai")
BANK = Scope(ScopeKind.CHANNEL, "bank_card")
H = timedelta(hours=1)
MONTHLY = "FREQ=MONTHLY;BYMONTHDAY=1"


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc]


def clock_at(when: datetime) -> ManualClock:
    return ManualClock(when)


def monthly(**more: object) -> Window:
    return Window(BANK, {"en": "Bank maintenance", "zh-Hans": "银行维护"}, at(2026, 11, 1, 2),
                  rule=MONTHLY, duration=2 * H, tz=SHANGHAI, **more)  # type: ignore[arg-type]  # fmt: skip


async def test_migration_matches_the_window_model(engine: AsyncEngine) -> None:
    def windows_diff(sync_conn):  # type: ignore[no-untyped-def]
        diff = compare_metadata(MigrationContext.configure(sync_conn), Base.metadata)
        return [d for d in diff if "maintenance_windows" in repr(d)]

    async with engine.connect() as conn:
        assert await conn.run_sync(windows_diff) == []


async def test_a_window_reads_back_as_it_was_given(engine: AsyncEngine) -> None:
    clock = clock_at(at(2026, 11, 30, 12))
    store = WindowStore(make_sessionmaker(engine), clock)
    recurring = await store.add(monthly(), announce=True, lead=3 * H, created_by=7)
    one_off = Window(Scope(ScopeKind.SERVICE), {"en": "Upgrade"}, at(2026, 12, 2, 1),
                     at(2026, 12, 2, 3), tz=SHANGHAI)  # fmt: skip
    plain = await store.add(one_off)
    found = await store.get(recurring)
    assert found is not None and found.window == monthly()  # same instants, zone and rule
    assert (found.announce, found.lead, found.created_by) == (True, 3 * H, 7)
    assert found.created_at == clock.now() and found.topic == f"window:{recurring}"
    assert scope_text(found.window) == "channel:bank_card"
    other = await store.get(plain)
    assert other is not None and other.window == one_off and other.lead is None
    assert scope_text(other.window) == "service"
    assert not other.announce and other.announced_for is None
    assert await store.get(999) is None
    assert [w.id for w in await store.list()] == [recurring, plain]
    # The next occurrence (1 December, 02:00 in Shanghai) keeps its wall-clock time.
    upcoming = found.window.next(clock.now())
    assert upcoming is not None and upcoming.start == at(2026, 12, 1, 2)


async def test_on_now_and_starting_soon(engine: AsyncEngine) -> None:
    clock = clock_at(at(2026, 12, 1, 1))
    store = WindowStore(make_sessionmaker(engine), clock)
    night = await store.add(monthly())
    later = await store.add(Window(BANK, {"en": "x"}, at(2026, 12, 1, 9), at(2026, 12, 1, 10)))
    now = clock.now()
    assert await store.active(now) == []
    soon = await store.starting_within(now, 2 * H)
    assert [w.id for w in soon] == [night]
    assert [w.id for w in await store.starting_within(now, 9 * H)] == [night, later]
    assert [w.id for w in await store.active(at(2026, 12, 1, 3))] == [night]
    # Past its expected end and not ended, a one-off is still on (overdue).
    overdue = await store.active(at(2026, 12, 1, 11))
    assert [w.id for w in overdue] == [later]
    assert overdue[0].window.state(at(2026, 12, 1, 11)) is WindowState.OVERDUE


async def test_an_admins_end_ends_a_one_off_and_a_recurring_windows_night_only(
    engine: AsyncEngine,
) -> None:
    clock = clock_at(at(2026, 12, 1, 2, 30))
    store = WindowStore(make_sessionmaker(engine), clock)
    night = await store.add(monthly())
    one_off = await store.add(Window(BANK, {"en": "x"}, at(2026, 12, 1, 2), at(2026, 12, 1, 4)))
    ahead = await store.add(Window(BANK, {"en": "x"}, at(2026, 12, 5, 2), at(2026, 12, 5, 4)))
    outcome, ended = await store.end(night)
    assert outcome is EndOutcome.ENDED and ended is not None
    assert ended.window.ended_at == clock.now()
    assert ended.window.current(clock.now()) is None
    assert ended.window.state(at(2027, 1, 1, 3)) is WindowState.ACTIVE, "next month still on"
    assert (await store.end(night))[0] is EndOutcome.NOT_ON, "between its nights"
    assert (await store.end(one_off))[0] is EndOutcome.ENDED
    assert (await store.end(one_off))[0] is EndOutcome.ALREADY
    cancelled = await store.end(ahead)  # before it began: it never will
    assert cancelled[0] is EndOutcome.ENDED and cancelled[1] is not None
    assert cancelled[1].window.state(clock.now()) is WindowState.ENDED
    assert (await store.end(404))[0] is EndOutcome.NOT_FOUND
    assert [w.id for w in await store.active(clock.now())] == []


async def test_a_mark_is_set_once_per_occurrence(engine: AsyncEngine) -> None:
    clock = clock_at(at(2026, 12, 1, 2, 30))
    store = WindowStore(make_sessionmaker(engine), clock)
    night = await store.add(monthly())
    first, second = at(2026, 12, 1, 2), at(2027, 1, 1, 2)
    async with store.begin() as s:
        assert await store.mark(s, night, "restored_for", first, first)
        assert not await store.mark(s, night, "restored_for", first, first), "said once"
    async with store.begin() as s:
        assert await store.mark(s, night, "restored_for", second, second), "next month's"
        await store.unmark(s, night, "restored_for", second, first)
    found = await store.get(night)
    assert found is not None and found.restored_for == first
    async with store.begin() as s:
        # The reminder's mark is a time; it counts once it is after the occurrence's start.
        assert await store.mark(s, night, "reminded_at", clock.now(), first)
        assert not await store.mark(s, night, "reminded_at", clock.now(), first)


async def test_owed_restored_is_who_asked_and_who_reported_in_scope_meanwhile(
    engine: AsyncEngine,
) -> None:
    clock = clock_at(at(2026, 12, 1, 1))
    sessions = make_sessionmaker(engine)
    users, tickets = UserStore(sessions, clock), TicketStore(sessions, clock)
    store = WindowStore(sessions, clock)
    for user_id, locale in ((1, "en"), (2, "zh-Hans"), (3, "zh-Hant"), (4, "en"), (5, "en"),
                            (6, "en"), (7, "en")):  # fmt: skip
        await users.seen(user_id, locale)
    night = await store.add(monthly())
    found = await store.get(night)
    assert found is not None

    def bank(user_id: int, channel: str = "bank_card") -> NewTicket:
        return NewTicket(user_id, "recharge", fields={"payment_channel": channel})

    await tickets.create(bank(4))  # 01:00: before the night
    clock.advance(3600 * 1.5)  # 02:30
    await tickets.create(bank(2))
    await tickets.create(bank(5, "alipay"))  # another channel: not in scope
    await tickets.create(bank(6))  # blocked the bot: never told
    await users.mark_blocked(6)
    async with sessions.begin() as s:
        await users.set_notices_off(3, True, s)  # essential: told anyway
        s.add(NoticeWishRow(user_id=3, topic=found.topic, at=clock.now()))
        s.add(NoticeWishRow(user_id=1, topic=found.topic, at=clock.now()))
        s.add(NoticeWishRow(user_id=7, topic="window:999", at=clock.now()))
    clock.advance(3600 * 2)  # 04:30: after the night
    await tickets.create(bank(7))
    start, end = at(2026, 12, 1, 2), at(2026, 12, 1, 4)
    async with store.begin() as s:
        owed = await store.owed_restored(s, found, start, end, "payment_channel")
        await store.forget_wishes(s, found, clock.now())
    assert owed == [(1, "en"), (2, "zh-Hans"), (3, "zh-Hant")]
    async with sessions() as s:
        left = (await s.execute(select(NoticeWishRow.user_id, NoticeWishRow.topic))).all()
    assert [tuple(r) for r in left] == [(7, "window:999")], "only this window's are answered"
    # The whole service: every ticket filed meanwhile, whatever its channel.
    service = await store.add(Window(Scope(ScopeKind.SERVICE), {"en": "x"}, start, end))
    everything = await store.get(service)
    assert everything is not None
    async with store.begin() as s:
        owed = await store.owed_restored(s, everything, start, end, "payment_channel")
    assert owed == [(2, "zh-Hans"), (5, "en")]
