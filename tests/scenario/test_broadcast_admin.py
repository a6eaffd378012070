"""An admin's /broadcast on the real kefu (each runtime, polling) against the Bot API double:
composed with a version for English, previewed with its recipients counted, confirmed,
and made with the audience as it is; a user's /notices off leaves them out of the next
broadcast that is not essential; the admins' own command menu."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.storage.broadcasts import BroadcastInfo
from bot.telegram.double import BotApiDouble, PrivateUser
from dialogs.notices.broadcast import BroadcastState, Message
from tests.scenario.harness import ROOMY, ROOMY_OUTBOX, Running, eventually, running_kefu
from tests.scenario.kb_steps import WAIT, press, said, type_

ADMIN = 900


@pytest.fixture
async def double() -> AsyncIterator[BotApiDouble]:
    """A previewed broadcast is a few messages at once: Telegram's pace is not the point."""
    async with BotApiDouble(limits=ROOMY) as d:
        yield d


async def _known(double: BotApiDouble, user_id: int, name: str, code: str) -> PrivateUser:
    """A user who has talked to kefu once (/start), so kefu knows them and their language."""
    user = double.driver.private_user(user_id, name, language_code=code)
    await user.send_command("start")
    await said(user, name)  # the greeting
    return user


async def _newest(kefu: Running) -> BroadcastInfo:
    (newest, *_) = await kefu.app.notice_parts.broadcasts.recent(1)
    return newest


async def test_an_admin_broadcasts_to_english_users_with_an_english_version(
    double: BotApiDouble, tmp_path: Path
) -> None:
    async with running_kefu(double, tmp_path, admin_ids=[ADMIN], tuning=ROOMY_OUTBOX) as kefu:
        ann = await _known(double, 1001, "Ann", "en")
        bo = await _known(double, 1002, "Bo", "en")
        chen = await _known(double, 1003, "Chen", "zh-hans")
        admin = await _known(double, ADMIN, "Ada", "en")
        await admin.send_command("broadcast")
        await said(admin, "Send the message users will get")
        # Formatted, as a Telegram client sends it: the text and its entities.
        admin._post(
            text="维护通知: tonight 02:00",
            entities=[{"type": "bold", "offset": 0, "length": 4}],
        )
        await said(admin, "Versions for other languages so far: —")
        await press(admin, "Add English version", "Send the English version")
        await admin.send_text("Maintenance tonight, 02:00–04:00")
        await said(admin, "so far: English.")
        await press(admin, "Continue ▶", "Who should get it?")
        await type_(admin, "locale:fr", "the language must be en, zh-Hans or zh-Hant")
        await type_(admin, "locale:en", "When should it go?")
        await (await admin.press("Now", timeout=WAIT)).answer(timeout=WAIT)
        # The preview: the main message, its English version, then the summary.
        main = await said(admin, "维护通知")
        assert main.html == "<b>维护通知</b>: tonight 02:00"
        await said(admin, "Maintenance tonight, 02:00–04:00")
        summary = await said(admin, "Ready to send")
        # Ann, Bo and the admin speak English; Chen does not.
        assert "Recipients now: 3" in summary.text and "When: now" in summary.text
        await press(admin, "✅ Confirm", "Broadcast queued")

        made = await _newest(kefu)
        assert made.row.audience == "locale:en" and made.row.total == 3
        assert made.row.created_by == ADMIN and made.row.progress_chat == ADMIN
        assert made.content.default == Message("<b>维护通知</b>: tonight 02:00")
        assert made.content.variants == {"en": Message("Maintenance tonight, 02:00–04:00")}
        # Sent in their language; Chen is not in the audience.
        for user in (ann, bo):
            got = await said(user, "Maintenance tonight")
            assert got.html == "Maintenance tonight, 02:00–04:00"
        assert not any("维护通知" in m.text for m in chen.messages)
        # The admin's progress message (one, edited as it goes) ends done, with no buttons.
        shown = await said(admin, f"Broadcast #{made.id} to locale:en")

        async def finished() -> bool:
            return ": done" in shown.text and not shown.buttons

        await eventually(finished, timeout=WAIT)
        assert "Sent 3 · blocked 0 · failed 0 · remaining 0" in shown.text


async def test_notices_off_leaves_a_user_out_of_the_next_broadcast(
    double: BotApiDouble, tmp_path: Path
) -> None:
    async with running_kefu(double, tmp_path, admin_ids=[ADMIN], tuning=ROOMY_OUTBOX) as kefu:
        ann = await _known(double, 1001, "Ann", "en")
        bo = await _known(double, 1002, "Bo", "en")
        admin = await _known(double, ADMIN, "Ada", "en")
        await bo.send_command("notices")
        shown = await said(bo, "You get our notices")
        assert "Answers about your own tickets always reach you" in shown.text
        await press(bo, "Turn notices off", "Notices are off")

        await admin.send_command("broadcast")
        await said(admin, "Send the message users will get")
        await type_(admin, "Our new opening hours", "Versions for other languages")
        await press(admin, "Continue ▶", "Who should get it?")
        await press(admin, "Everyone", "When should it go?")
        await type_(admin, "+2h", "Ready to send")
        summary = admin.messages[-1]
        assert "Recipients now: 2" in summary.text  # Ann and the admin; Bo said no
        await press(admin, "✅ Confirm", "Broadcast queued")

        made = await _newest(kefu)
        assert made.state is BroadcastState.SCHEDULED and made.row.total == 2
        assert made.row.at - kefu.app.clock.now() > timedelta(hours=1, minutes=59)
        waiting = await kefu.app.notice_parts.broadcasts.pending(made.id, 0, 10)
        assert sorted(user_id for user_id, _ in waiting) == sorted([ann.user.id, ADMIN])

        # Bo turns them on again: the next one reaches Bo too.
        await bo.send_command("notices")
        await press(bo, "Turn notices on", "Notices are on again")
        assert await kefu.app.notice_parts.lookup.count("all") == 3


async def test_the_admins_menu_has_broadcast_and_everyone_has_notices(
    double: BotApiDouble, tmp_path: Path
) -> None:
    async with running_kefu(double, tmp_path, admin_ids=[ADMIN], tuning=ROOMY_OUTBOX):
        await double.log.wait_for("setMyCommands", count=6, timeout=WAIT)
        menus = double.commands
        users = [c["command"] for c in menus[("default", "en")]]
        assert "notices" in users and "broadcast" not in users
        admins = [c["command"] for c in menus[(f"chat:chat_id={ADMIN}", "en")]]
        assert admins[-1] == "broadcast" and "notices" in admins
        chinese = menus[(f"chat:chat_id={ADMIN}", "zh")]
        assert chinese[-1] == {"command": "broadcast", "description": "发送群发消息（管理员）"}
        someone = double.driver.private_user(1001, "Ann", language_code="en")
        await someone.send_command("broadcast")
        await said(someone, "I do not know that command")
