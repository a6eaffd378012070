"""Broadcasts sent by the real kefu (each runtime, polling) to the Bot API double: everyone
once in their language, Telegram's answers recorded per recipient (403 blocked, 400 failed
with the reason, 429 and 5xx waited out), the admin's progress message, pause, resume,
cancel, and a restart part-way that resumes where it stopped."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta
from pathlib import Path

from bot.app.broadcast_send import BroadcastTuning
from bot.app.tuning import Tuning
from bot.storage.broadcasts import NewBroadcast
from bot.telegram.double import BotApiDouble, PrivateUser
from dialogs.notices.broadcast import (
    Audience,
    BroadcastState,
    Content,
    Message,
    RecipientState,
)
from tests.scenario.harness import FAST_RETRIES, Running, eventually, running_kefu

ADMIN = 900
LOCALES = ("en", "zh-Hans", "zh-Hant")
WORDS = {"en": "Maintenance tonight", "zh-Hans": "今晚维护", "zh-Hant": "今晚維護"}


def _content() -> Content:
    default = Message(f"<b>{WORDS['en']}</b> 02:00–04:00")
    variants = {loc: Message(f"<b>{WORDS[loc]}</b> 02:00–04:00") for loc in LOCALES[1:]}
    return Content(default, variants)


async def _users(double: BotApiDouble, kefu: Running, count: int) -> list[PrivateUser]:
    """``count`` users kefu knows (they wrote to it once), languages in turn."""
    users = []
    for i in range(count):
        user = double.driver.private_user(1000 + i, f"U{i}")
        await kefu.app.users.seen(user.user.id, LOCALES[i % 3], user.user.first_name, None)
        users.append(user)
    return users


async def _queue(kefu: Running, audience: str = "all", **options: object) -> int:
    parts = kefu.app.notice_parts
    now = kefu.app.clock.now()
    recipients = await parts.audiences.resolve(Audience.parse(audience), now)
    options.setdefault("at", now)
    new = NewBroadcast(_content(), audience, **options)  # type: ignore[arg-type]
    made = await parts.broadcasts.create(new, recipients)
    kefu.app.broadcasts.wake()
    return made


async def _state_is(kefu: Running, broadcast_id: int, state: BroadcastState) -> None:
    async def reached() -> bool:
        info = await kefu.app.notice_parts.broadcasts.get(broadcast_id)
        return info is not None and info.state is state and info.row.owner is None

    await eventually(reached, timeout=30)


def _texts(user: PrivateUser) -> list[str]:
    return [m.text or "" for m in user.messages]


async def test_everyone_once_in_their_language_with_each_answer_recorded(
    double: BotApiDouble, tmp_path: Path
) -> None:
    async with running_kefu(double, tmp_path, admin_ids=[ADMIN]) as kefu:
        admin = double.driver.private_user(ADMIN, "Admin")
        users = await _users(double, kefu, 24)
        # Kefu has not heard (no my_chat_member, which would race the queueing): the 403
        # tells it.
        double.block(users[3].user.id, notify=False)
        gone = 1999  # a user kefu knows whom Telegram does not: 400 chat not found
        await kefu.app.users.seen(gone, "en", "Gone", None)
        double.faults.add("sendMessage", status=429, retry_after=1, times=3)
        double.faults.add("sendMessage", chat_id=users[5].user.id, status=502, times=2)
        made = await _queue(kefu, progress_chat=ADMIN)
        await _state_is(kefu, made, BroadcastState.DONE)

        info = await kefu.app.notice_parts.broadcasts.get(made)
        assert info is not None
        assert info.counts == {"sent": 23, "blocked": 1, "failed": 1}
        for i, user in enumerate(users):
            if i == 3:
                assert _texts(user) == []
                continue
            assert _texts(user) == [f"{WORDS[LOCALES[i % 3]]} 02:00–04:00"], i
        marked = await kefu.app.users.get(users[3].user.id)
        assert marked is not None and marked.blocked
        # A later audience leaves the blocked user out.
        later = await kefu.app.notice_parts.audiences.resolve(
            Audience.parse("all"), kefu.app.clock.now()
        )
        assert users[3].user.id not in {u for u, _ in later}

        # The admin's progress: one message, edited to the end (just after the release).
        await admin.wait_for(lambda m: "Sent 23" in (m.text or ""), timeout=10)
        assert len(admin.messages) == 1, "one message, edited"


async def test_pause_resume_and_cancel(double: BotApiDouble, tmp_path: Path) -> None:
    async with running_kefu(double, tmp_path, broadcast_rate=8) as kefu:
        users = await _users(double, kefu, 30)
        store = kefu.app.notice_parts.broadcasts
        made = await _queue(kefu)
        await eventually(lambda: _sent_at_least(store, made, 5), timeout=20)
        assert (await store.move(made, "pause"))[0]
        await _state_is(kefu, made, BroadcastState.PAUSED)
        paused = (await store.counts(made)).get("sent", 0)
        assert 5 <= paused < 30
        assert sum(len(u.messages) for u in users) == paused

        assert (await store.move(made, "resume"))[0]
        kefu.app.broadcasts.wake()
        await _state_is(kefu, made, BroadcastState.DONE)
        assert Counter(len(u.messages) for u in users) == {1: 30}

        again = await _queue(kefu)
        await eventually(lambda: _sent_at_least(store, again, 3), timeout=20)
        assert (await store.move(again, "cancel"))[0]
        await _state_is(kefu, again, BroadcastState.CANCELLED)
        left = await store.counts(again)
        assert left.get("pending", 0) > 0
        assert sum(len(u.messages) for u in users) == 30 + left["sent"]
        # A finished broadcast cannot move again.
        assert await store.move(again, "resume") == (False, BroadcastState.CANCELLED)


async def test_a_restart_resumes_where_it_stopped(double: BotApiDouble, tmp_path: Path) -> None:
    async with running_kefu(double, tmp_path, broadcast_rate=10) as kefu:
        users = await _users(double, kefu, 40)
        made = await _queue(kefu)
        store = kefu.app.notice_parts.broadcasts
        await eventually(lambda: _sent_at_least(store, made, 8), timeout=20)
    # Shut down part-way: what was in flight was recorded, the rest is pending.
    async with running_kefu(double, tmp_path, broadcast_rate=10) as kefu:
        await _state_is(kefu, made, BroadcastState.DONE)
        counts = await kefu.app.notice_parts.broadcasts.counts(made)
    assert counts == {RecipientState.SENT: 40}
    assert Counter(len(u.messages) for u in users) == {1: 40}


async def test_a_scheduled_broadcast_waits_for_its_time(
    double: BotApiDouble, tmp_path: Path
) -> None:
    async with running_kefu(double, tmp_path) as kefu:
        users = await _users(double, kefu, 3)
        at = kefu.app.clock.now() + timedelta(seconds=1.5)
        made = await _queue(kefu, at=at)
        info = await kefu.app.notice_parts.broadcasts.get(made)
        assert info is not None and info.state is BroadcastState.SCHEDULED
        await _state_is(kefu, made, BroadcastState.DONE)
        assert all(len(u.messages) == 1 for u in users)
        sent = double.log.calls("sendMessage")
        assert min(c.at for c in sent) >= at


async def _sent_at_least(store: object, broadcast_id: int, count: int) -> bool:
    counts = await store.counts(broadcast_id)  # type: ignore[attr-defined]
    return counts.get(RecipientState.SENT, 0) >= count


async def test_the_lease_holds_while_every_send_is_failing(
    double: BotApiDouble, tmp_path: Path
) -> None:
    """A window full of 5xx retries (or a long 429) must not let the lease run out: another
    instance would take the broadcast and send the recipients in flight again."""
    tuning = Tuning(
        outbox=FAST_RETRIES, broadcasts=BroadcastTuning(lease=1.0, renew_every=0.2, window=4)
    )
    async with running_kefu(double, tmp_path, tuning=tuning) as kefu:
        users = await _users(double, kefu, 12)
        fault = double.faults.add("sendMessage", status=502, times=None)
        made = await _queue(kefu)
        store = kefu.app.notice_parts.broadcasts
        await eventually(lambda: _owned(store, made), timeout=10)
        for _ in range(5):  # 2.5 s of failures: the 1 s lease, renewed, never runs out
            later = kefu.app.clock.now() + timedelta(seconds=1)
            assert await store.claim("another instance", later) is None
            await asyncio.sleep(0.5)
        double.faults.rules.remove(fault)
        await _state_is(kefu, made, BroadcastState.DONE)
        assert Counter(len(u.messages) for u in users) == {1: 12}


async def test_a_shutdown_takes_back_what_is_queued_and_leaves_it_pending(
    double: BotApiDouble, tmp_path: Path
) -> None:
    tuning = Tuning(outbox=FAST_RETRIES, broadcasts=BroadcastTuning(close_wait=0.5))
    async with running_kefu(double, tmp_path, tuning=tuning) as kefu:
        await _users(double, kefu, 20)
        double.faults.add("sendMessage", status=502, times=None)  # nothing gets through
        made = await _queue(kefu)
        store = kefu.app.notice_parts.broadcasts
        await eventually(lambda: _owned(store, made), timeout=10)
        started = asyncio.get_running_loop().time()
    took = asyncio.get_running_loop().time() - started
    assert took < 15, took  # not the 5 minutes of retries
    async with running_kefu(double, tmp_path, tuning=tuning) as kefu:
        store = kefu.app.notice_parts.broadcasts
        assert await store.counts(made) == {RecipientState.PENDING: 20}  # none failed


async def _owned(store: object, broadcast_id: int) -> bool:
    info = await store.get(broadcast_id)  # type: ignore[attr-defined]
    return info is not None and info.row.owner is not None
