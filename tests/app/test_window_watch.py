"""The maintenance windows' watch, run by the real job runner on SQLite and PostgreSQL with
the clock moved: an announced window told to its scope's users once per occurrence (before
it starts, or at once if made on), an overdue one-off reminded to the admins once, and
"service restored" sent once per occurrence, in each user's language, to who asked and who
reported in scope meanwhile: when an admin ends it, or a recurring night at its end."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.app.i18n import Translator
from bot.app.jobs import JobRunner, JobTuning
from bot.app.window_lookup import StoreWindowLookup
from bot.app.window_watch import WINDOW_WATCH, WindowWatch
from bot.storage.audiences import Audiences
from bot.storage.broadcasts import BroadcastInfo, BroadcastStore
from bot.storage.database import make_sessionmaker
from bot.storage.jobs import JobStore
from bot.storage.models import NoticeWishRow
from bot.storage.tickets import TicketStore
from bot.storage.users import UserStore
from bot.storage.windows import WindowStore
from bot.support.clock import ManualClock
from dialogs.notices.windows import Scope, ScopeKind, Window
from dialogs.tickets.report import NewTicket

SHANGHAI = ZoneInfo("Asia/Shanghai")
BANK = Scope(ScopeKind.CHANNEL, "bank_card")
SERVICE = Scope(ScopeKind.SERVICE)
H, MIN = timedelta(hours=1), timedelta(minutes=1)
MESSAGES = {"en": "Bank card payments paused", "zh-Hans": "银行卡支付暂停",
            "zh-Hant": "銀行卡支付暫停"}  # fmt: skip


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc]


@dataclass
class World:
    """kefu's stores on one database, the watch on the real job runner, and what the admins
    were told."""

    sessions: async_sessionmaker[AsyncSession]
    clock: ManualClock
    windows: WindowStore
    broadcasts: BroadcastStore
    watch: WindowWatch
    runner: JobRunner
    alerts: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    woken: list[int] = field(default_factory=list)

    async def look(self, after: timedelta = MIN) -> None:
        """Move the clock on and let the runner run what is due: the watch, once."""
        self.clock.advance(after.total_seconds())
        assert await self.runner.run_due() == 1

    async def user(self, user_id: int, locale: str = "en") -> None:
        await UserStore(self.sessions, self.clock).seen(user_id, locale)

    async def ticket(self, user_id: int, channel: str = "bank_card", category: str = "recharge"):  # type: ignore[no-untyped-def]
        report = NewTicket(user_id, category, fields={"payment_channel": channel})
        return await TicketStore(self.sessions, self.clock).create(report)

    async def wish(self, user_id: int, window_id: int) -> None:
        async with self.sessions.begin() as s:
            s.add(NoticeWishRow(user_id=user_id, topic=f"window:{window_id}", at=self.clock.now()))

    async def sent(self) -> list[tuple[BroadcastInfo, list[tuple[int, str]]]]:
        """Every broadcast made, oldest first, with its recipients."""
        found = sorted(await self.broadcasts.recent(100), key=lambda b: b.id)
        return [(b, await self.broadcasts.pending(b.id, 0, 1000)) for b in found]


@pytest.fixture
async def world(engine: AsyncEngine) -> World:
    clock = ManualClock(at(2026, 12, 1, 0))
    sessions = make_sessionmaker(engine)
    jobs, windows = JobStore(sessions, clock), WindowStore(sessions, clock)
    broadcasts = BroadcastStore(sessions, clock)

    async def alert(key: str, args: dict[str, str]) -> None:
        world.alerts.append((key, args))

    watch = WindowWatch(
        jobs, windows, broadcasts, Audiences(sessions, "payment_channel"), Translator(), alert,
        clock, every=60, lead=3600, tz=SHANGHAI, default_locale="en",
        channel_field="payment_channel", wake=lambda: world.woken.append(1),
    )  # fmt: skip
    runner = JobRunner(jobs, clock, watch.handlers(), JobTuning())
    world = World(sessions, clock, windows, broadcasts, watch, runner)
    await watch.schedule()
    return world


async def test_an_announced_window_is_told_then_overdue_reminded_then_restored_once(
    world: World,
) -> None:
    for user_id, locale in ((1, "en"), (2, "zh-Hans"), (3, "zh-Hant"), (4, "en"), (5, "en")):
        await world.user(user_id, locale)
    await world.ticket(1)  # reported the bank card lately: in the announcement's audience
    await world.ticket(2)
    await world.ticket(4, channel="alipay")  # another channel: not
    async with world.sessions.begin() as s:
        await UserStore.set_notices_off(2, True, s)  # not essential: spared the announcement
    window = Window(BANK, MESSAGES, at(2026, 12, 1, 3), at(2026, 12, 1, 5), tz=SHANGHAI)
    made = await world.windows.add(window, announce=True)
    await world.look()  # 00:01: three hours ahead, beyond the hour's lead
    assert await world.sent() == []
    await world.look(2 * H)  # 02:01: within the lead
    [(announced, recipients)] = await world.sent()
    assert recipients == [(1, "en")]
    assert announced.row.purpose == f"window:{made}:announced"
    assert announced.row.audience == "channel:bank_card:30"
    content = announced.content
    assert not content.essential
    en = content.for_locale("en").text
    assert "Planned maintenance</b> from 2026-12-01 03:00 UTC+8" in en
    assert "Expected to end at 2026-12-01 05:00 UTC+8." in en and en.endswith(MESSAGES["en"])
    assert content.for_locale("zh-Hans").text.endswith("银行卡支付暂停")
    assert "预计 2026-12-01 05:00 UTC+8 结束" in content.for_locale("zh-Hans").text
    assert world.woken == [1]
    await world.look(H)  # 03:01: on now, the same occurrence: told once
    await world.wish(3, made)  # 03:01: "tell me when it is over"
    await world.ticket(5)  # 03:01: reported the bank card while it is down
    await world.look(2 * H)  # 05:01: past its expected end, nobody ended it: overdue
    assert len(await world.sent()) == 1, "overdue is not over: nobody is told it is back"
    assert world.alerts == [("maintenance-overdue-admin",
                             {"id": str(made), "scope": "channel:bank_card",
                              "end": "2026-12-01 05:00 UTC+8"})]  # fmt: skip
    await world.look(H)
    assert len(world.alerts) == 1, "reminded once"
    await world.windows.end(made)  # 06:01, by an admin
    await world.look()
    [_, (restored, owed)] = await world.sent()
    assert restored.row.purpose == f"window:{made}:restored"
    assert restored.content.essential
    # Who asked (notices or not) and who reported it meanwhile; 1 and 2 reported before.
    assert owed == [(3, "zh-Hant"), (5, "en")]
    assert "Service restored." in restored.content.for_locale("en").text
    assert "銀行卡支付暫停" in restored.content.for_locale("zh-Hant").text
    assert "服务已恢复" in restored.content.for_locale("zh-Hans").text
    await world.look()
    await world.look(24 * H)
    assert len(await world.sent()) == 2 and len(world.alerts) == 1, "said once"
    assert await world.windows.live() == [], "nothing more to say about it"


async def test_a_window_made_on_is_announced_at_once_to_the_whole_service(world: World) -> None:
    for user_id in (1, 2, 3):
        await world.user(user_id, "zh-Hans" if user_id == 2 else "en")
    window = Window(SERVICE, {"en": "Upgrade", "zh-Hans": "升级"}, at(2026, 11, 30, 23))
    made = await world.windows.add(window, announce=True)  # began an hour ago, no end said
    await world.look()
    [(announced, recipients)] = await world.sent()
    assert recipients == [(1, "en"), (2, "zh-Hans"), (3, "en")]
    assert announced.row.audience == "all"
    en = announced.content.for_locale("en").text
    assert "Maintenance under way" in en and "No end time yet" in en
    assert announced.content.for_locale("zh-Hans").text.endswith("升级")
    await world.look(H)
    assert len(await world.sent()) == 1
    assert world.alerts == [], "no expected end: never overdue"
    await world.windows.end(made)
    await world.look()
    assert len(await world.sent()) == 1, "nobody asked or reported: no broadcast"
    assert await world.windows.live() == []


async def test_a_recurring_night_is_over_at_its_end_or_an_admins(world: World) -> None:
    for user_id in (1, 2, 3, 4):
        await world.user(user_id, "zh-Hant" if user_id == 3 else "en")
    # Every night 02:00-04:00; made at midnight, its first night (30 Nov) long over.
    nightly = Window(BANK, MESSAGES, at(2026, 11, 30, 2), rule="FREQ=DAILY",
                     duration=2 * H, tz=SHANGHAI)  # fmt: skip
    made = await world.windows.add(nightly)
    await world.look()
    assert await world.sent() == [], "a night over before the window was made is not told"
    await world.look(3 * H)  # 03:01
    await world.ticket(1)
    await world.ticket(2, category="withdrawal", channel="alipay")  # not in scope
    await world.look(H)  # 04:01: the night is over on schedule
    [(restored, owed)] = await world.sent()
    assert owed == [(1, "en")] and restored.content.essential
    assert world.alerts == [], "a recurring night ends on time: never overdue"
    await world.look(H)
    assert len(await world.sent()) == 1
    # The next night: one asks to be told; an admin ends it early.
    await world.look(22 * H)  # 2 December, 03:01
    await world.wish(3, made)
    await world.windows.end(made)
    await world.look()
    [_, (early, owed)] = await world.sent()
    assert owed == [(3, "zh-Hant")], "told at the admin's end, not at 04:00"
    assert "銀行卡支付暫停" in early.content.for_locale("zh-Hant").text
    await world.look(2 * H)  # 05:03: its scheduled end passed: nothing more
    assert len(await world.sent()) == 2
    # The third night nobody asked or reported: marked over, no broadcast.
    await world.look(24 * H)
    assert len(await world.sent()) == 2
    found = await world.windows.get(made)
    assert found is not None and found.restored_for == at(2026, 12, 3, 2)


async def test_a_one_off_cancelled_before_it_began_tells_nobody(world: World) -> None:
    await world.user(1)
    window = Window(SERVICE, MESSAGES, at(2026, 12, 1, 3), at(2026, 12, 1, 5))
    made = await world.windows.add(window)
    await world.wish(1, made)
    await world.windows.end(made)
    await world.look()
    assert await world.sent() == [] and world.alerts == []
    assert await world.windows.live() == []


async def test_the_watch_is_one_recurring_job_a_restart_does_not_push_back(
    world: World,
) -> None:
    assert WINDOW_WATCH in world.watch.handlers()
    world.clock.advance(30)
    await world.watch.schedule()  # kefu restarted half-way: the job keeps its time
    world.clock.advance(30)
    assert await world.runner.run_due() == 1
    jobs = JobStore(world.sessions, world.clock)
    assert await jobs.next_due() == world.clock.now() + timedelta(seconds=60)


async def test_the_dialogs_lookup_sees_windows_on_and_coming_read_once_a_while(
    world: World,
) -> None:
    lookup = StoreWindowLookup(world.windows, world.clock, ttl=10)
    on = Window(BANK, MESSAGES, at(2026, 11, 30, 23), at(2026, 12, 1, 1))
    coming = Window(SERVICE, MESSAGES, at(2026, 12, 1, 2), at(2026, 12, 1, 3))
    on_id, coming_id = await world.windows.add(on), await world.windows.add(coming)
    now = world.clock.now()
    assert await lookup.active(now) == [(on_id, on)]
    assert await lookup.starting_within(now, 3 * H) == [(coming_id, coming)]
    assert await lookup.starting_within(now, H) == []
    # Overdue is still on: the dialogs must not tell users it is over.
    assert await lookup.active(at(2026, 12, 1, 2, 30)) == [(on_id, on), (coming_id, coming)]
    await world.windows.end(on_id)
    assert await lookup.active(now) == [(on_id, on)], "read again only after ttl"
    world.clock.advance(10)
    assert await lookup.active(world.clock.now()) == []
