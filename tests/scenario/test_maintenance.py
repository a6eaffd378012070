"""Maintenance windows on the real kefu (each runtime, polling) against the Bot API double:
an admin starts one with /maintenance, the main menu shows its banner, a user reporting in
its scope is told first (Continue, Tell me when it's over, a person at once), the wish is
kept once however often pressed; the admin ends it and, after one pass of the windows'
watch, the user is told the service is back. A window past its expected end is said to be
taking longer, never with the old time; a money report reaches a person in two taps."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app.window_watch import WINDOW_WATCH
from bot.storage.database import make_sessionmaker
from bot.storage.models import NoticeWishRow
from bot.telegram.double import BotApiDouble, PrivateUser
from bot.telegram.double.driver import Group
from dialogs.notices.windows import Scope, ScopeKind, Window
from dialogs.when.display import local_time_text
from tests.scenario.desk_harness import DESK, DESK_LIMITS, DESK_TUNING, TICKET_ID, topic_of
from tests.scenario.harness import Running, running_kefu
from tests.scenario.kb_steps import WAIT, labels, press, said, type_

ADMIN = 900
ZONE = "Asia/Shanghai"
TOLD = "Before you go on: what you are reporting is affected by maintenance."
THREE = ["▶ Continue my report", "🔔 Tell me when it's over", "🙋 Send it to a person now"]
MESSAGES = {"en": "Top-ups are paused while the bank upgrades.",
            "zh-Hans": "银行升级期间暂停充值。", "zh-Hant": "銀行升級期間暫停儲值。"}  # fmt: skip


@pytest.fixture
async def double() -> AsyncIterator[BotApiDouble]:
    async with BotApiDouble(limits=DESK_LIMITS) as d:
        yield d


@pytest.fixture
def desk(double: BotApiDouble) -> Group:
    return double.driver.forum_group(DESK, "Support desk")


@pytest.fixture
async def kefu(double: BotApiDouble, desk: Group, tmp_path: Path) -> AsyncIterator[Running]:
    async with running_kefu(double, tmp_path, agent_chat_id=DESK, admin_ids=[ADMIN],
                            timezone=ZONE, tuning=DESK_TUNING) as running:  # fmt: skip
        yield running


async def _known(double: BotApiDouble, user_id: int, name: str) -> PrivateUser:
    user = double.driver.private_user(user_id, name, language_code="en")
    await user.send_command("start")
    await said(user, name)
    return user


async def _wishes(kefu: Running) -> list[tuple[int, str]]:
    async with make_sessionmaker(kefu.kefu.engine)() as s:
        rows = await s.execute(select(NoticeWishRow.user_id, NoticeWishRow.topic))
        return [(user_id, topic) for user_id, topic in rows]


async def test_a_window_started_told_wished_ended_and_restored(
    double: BotApiDouble, kefu: Running
) -> None:
    ann = await _known(double, 1001, "Ann")
    admin = await _known(double, ADMIN, "Ada")
    # The admin starts one: top-ups, two hours, not announced.
    await admin.send_command("maintenance")
    await said(admin, "No maintenance window is on or planned.")
    await press(admin, "➕ Start a maintenance window", "What does it affect?")
    await press(admin, "Top-up not received", "Send what users are told")
    await type_(admin, MESSAGES["en"], "Versions for other languages so far")
    await press(admin, "Continue ▶", f"Type a time in {ZONE}")
    await type_(admin, "+2h", "Announce it now")
    await press(admin, "Do not announce", "Ready to start")
    await press(admin, "✅ Start it", "Maintenance started.")
    (made,) = await kefu.app.notice_parts.windows.list()
    assert made.window.scope == Scope(ScopeKind.CATEGORY, "recharge") and not made.announce
    assert made.created_by == ADMIN and made.window.end is not None
    ends = f"Expected to end at {local_time_text(made.window.end, kefu.settings.tz)}."
    assert "UTC+8" in ends

    # The menu's banner, at once (the window is seen without waiting for a re-read).
    await ann.send_command("start")
    menu = await said(ann, "Hello, Ann!")
    assert "Maintenance: Top-up not received" in menu.text and ends in menu.text
    assert MESSAGES["en"] in menu.text

    # Told first, with the three buttons; Tell me, twice: one wish kept.
    await (await ann.press("Top-up not received", timeout=WAIT)).answer(timeout=WAIT)
    told = await said(ann, TOLD)
    assert labels(told) == THREE and ends in told.text
    await press(ann, "🔔 Tell me when it's over", "Noted: we will message you here")
    await press(ann, "🔔 Tell me when it's over", "Noted: we will message you here")
    assert await _wishes(kefu) == [(ann.user.id, f"window:{made.id}")]
    await press(ann, "▶ Continue my report", "Step 1 of 5")

    # The admin ends it; one pass of the watch's job: Ann hears the service is back.
    await admin.send_command("maintenance")
    listed = await said(admin, f"#{made.id}")
    assert "on now" in listed.text
    await press(admin, f"⏹ End #{made.id}", f"Maintenance #{made.id} ended")
    (ended,) = await kefu.app.notice_parts.windows.list()
    assert ended.window.ended_at is not None
    await kefu.app.notice_parts.handlers()[WINDOW_WATCH]({})
    restored = await said(ann, "Service restored.")
    assert MESSAGES["en"] in restored.text
    # No banner any more (the report's cancel shows the menu).
    await ann.send_command("cancel")
    after = await said(ann, "Report cancelled")
    assert "Top-up not received" in labels(after) and "Maintenance" not in after.text


async def test_overdue_is_said_plainly_and_money_reaches_a_person_in_two_taps(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    now = kefu.app.clock.now()
    windows = kefu.app.notice_parts.windows
    # Was to end an hour ago; nobody has ended it.
    old_end = now - timedelta(hours=1)
    window = Window(Scope(ScopeKind.SERVICE), MESSAGES, now - timedelta(hours=3), old_end,
                    tz=kefu.settings.tz)  # fmt: skip
    await windows.add(window)
    bo = double.driver.private_user(1002, "Bo", language_code="zh-hans")
    await bo.send_command("start")
    menu = await said(bo, "Bo")
    assert "维护时间比预告的长：仍在进行中" in menu.text and MESSAGES["zh-Hans"] in menu.text
    assert local_time_text(old_end, kefu.settings.tz) not in menu.text  # never the old time

    ann = await _known(double, 1001, "Ann")
    # Tap 1: the category. Tap 2: a person. The report is filed and at the desk.
    taps = 0
    await (await ann.press("Top-up not received", timeout=WAIT)).answer(timeout=WAIT)
    taps += 1
    told = await said(ann, TOLD)
    assert "It is taking longer than announced" in told.text and labels(told) == THREE
    await (await ann.press("🙋 Send it to a person now", timeout=WAIT)).answer(timeout=WAIT)
    taps += 1
    filed = await said(ann, "A person will answer you here")
    (public_id,) = TICKET_ID.findall(filed.text)
    assert taps == 2
    ticket = await kefu.app.tickets.by_public_id(public_id)
    assert ticket is not None and ticket.category == "recharge"
    await topic_of(desk, public_id)
