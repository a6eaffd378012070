"""A user flooding their ticket, on each runtime: past the limit they are told once, what
they send on is held, and it reaches the topic as one relay when the window ends, every
message in it, in order; nothing is dropped, and the flood is counted for /stats."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.storage.database import make_sessionmaker
from bot.storage.models import DeskTally
from bot.support.clock import JumpClock
from bot.telegram.double import BotApiDouble
from bot.telegram.double.driver import Group
from tests.scenario.desk_harness import (
    AGENT,
    DESK,
    DESK_TUNING,
    clock,
    desk,
    double,
    hand_off,
    operator_content,
)
from tests.scenario.harness import Running, eventually, running_kefu

__all__ = ["clock", "desk", "double"]  # fixtures

FLOOD = "flood:\n  messages: 20\n  seconds: 60\n"


@pytest.fixture
async def kefu(
    double: BotApiDouble, desk: Group, tmp_path: Path, clock: JumpClock
) -> AsyncIterator[Running]:
    content = operator_content(
        tmp_path / "content", replace=((FLOOD, FLOOD.replace("20", "3")),)
    )  # three messages a minute, then held
    async with running_kefu(
        double, tmp_path, agent_chat_id=DESK, tuning=DESK_TUNING, clock=clock, content_dir=content
    ) as running:
        yield running


async def test_a_flood_is_held_then_relayed_as_one(
    double: BotApiDouble, desk: Group, kefu: Running, clock: JumpClock
) -> None:
    public_id, thread = await hand_off(double, desk, 951)
    user = double.driver.private_user(951)
    said = [f"hello {n} <b>?</b>" for n in range(1, 8)]
    for text in said[:3]:
        await user.send_text(text)
        await desk.wait_for(lambda m, t=text: m.text == t, thread_id=thread, timeout=10)
    await user.send_text(said[3])
    notice = await user.wait_for(lambda m: "We have all your messages" in m.text, timeout=10)
    assert public_id in notice.text
    await user.send_photo(caption="the receipt")
    for text in said[4:]:
        await user.send_text(text)
    # Held: nothing more reaches the topic, and the user is told only once.
    await eventually(lambda: holds(kefu, public_id, 5))
    await kefu.kefu.app.jobs.run_due()
    assert [m.text for m in desk.messages(thread_id=thread)][-1] == said[2]
    assert sum("We have all your messages" in m.text for m in user.messages) == 1
    # An agent answers meanwhile; the user's answer, held, is an answer all the same.
    await desk.member(AGENT).send_text("Checking.", thread_id=thread)
    await user.wait_for(lambda m: m.text == "Checking.", timeout=10)
    await eventually(lambda: status_is(kefu, public_id, "waiting_user"))
    await user.send_text("ok")
    await eventually(lambda: holds(kefu, public_id, 6))
    assert await status_is(kefu, public_id, "claimed"), "their turn is over: the agent's"
    clock.jump(timedelta(seconds=125))  # the window ended; the clock's next look
    await kefu.kefu.app.jobs.run_due()
    merged = await desk.wait_for(lambda m: m.text.startswith("📨"), thread_id=thread, timeout=10)
    assert merged.text.splitlines()[0].startswith("📨 6 messages")
    assert merged.text.splitlines()[1].endswith(said[3]), "exact words, HTML escaped"
    photo = await desk.wait_for(lambda m: m.text == "the receipt", thread_id=thread, timeout=10)
    rest = await desk.wait_for(
        lambda m: m.message_id > photo.message_id and said[4] in m.text,
        thread_id=thread,
        timeout=10,
    )
    assert [line.split(" ", 1)[1] for line in rest.text.splitlines()] == [*said[4:], "ok"]
    assert merged.message_id < photo.message_id < rest.message_id, "in the order sent"
    # An agent's reply to the merged message reaches the user.
    await desk.member(AGENT).send_text("Got them all.", thread_id=thread, reply_to=rest.message_id)
    await user.wait_for(lambda m: m.text == "Got them all.", timeout=10)
    async with make_sessionmaker(kefu.kefu.engine)() as session:
        counted = await session.scalar(
            select(DeskTally.count).where(DeskTally.kind == "flood_merged")
        )
    assert counted == 6


async def holds(kefu: Running, public_id: str, count: int) -> bool:
    found = await kefu.kefu.app.tickets.by_public_id(public_id)
    return found is not None and len(found.held) == count


async def status_is(kefu: Running, public_id: str, status: str) -> bool:
    found = await kefu.kefu.app.tickets.by_public_id(public_id)
    return found is not None and found.status == status
