"""What the desk's scenario tests share: an agents' forum with one agent, kefu serving it,
and waits for the bot's topics and messages there."""

from __future__ import annotations

import re
import shutil
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.app.kefu_app import Tuning
from bot.storage.database import make_sessionmaker
from bot.storage.models import MessageLink
from bot.support.clock import JumpClock
from bot.telegram.double import BotApiDouble, Limits
from bot.telegram.double.driver import Group
from bot.telegram.double.inbox import MessageView
from bot.telegram.outbox import OutboxLimits
from dialogs.content import shipped_dir
from tests.scenario.harness import ROOMY_OUTBOX, Running, running_kefu

DESK = -1001000000555
AGENT = 7001
TICKET_ID = re.compile(r"K-[0-9A-HJKMNP-TV-Z]{5}")
# A desk conversation sends many messages into one group: the group limit is not the point.
DESK_LIMITS = Limits(
    private_per_second=50, private_burst=50, group_per_minute=1200, group_burst=100
)
DESK_TUNING: Tuning = replace(
    ROOMY_OUTBOX,
    outbox=OutboxLimits(
        private_per_second=50,
        private_burst=20,
        group_per_minute=1200,
        group_burst=50,
        backoff_base=0.02,
    ),
)


@pytest.fixture
async def double() -> AsyncIterator[BotApiDouble]:
    async with BotApiDouble(limits=DESK_LIMITS) as d:
        yield d


@pytest.fixture
def clock() -> JumpClock:
    """Real time whose wall clock a test moves forward (the desk's hours-long timers)."""
    return JumpClock()


@pytest.fixture
def desk(double: BotApiDouble) -> Group:
    group = double.driver.forum_group(DESK, "Support desk")
    group.member(AGENT, "Ann")
    return group


@pytest.fixture
async def kefu(double: BotApiDouble, desk: Group, tmp_path: Path) -> AsyncIterator[Running]:
    async with running_kefu(double, tmp_path, agent_chat_id=DESK, tuning=DESK_TUNING) as running:
        yield running


def operator_content(
    folder: Path, *, replace: tuple[tuple[str, str], ...] = (), append: str = ""
) -> Path:
    """The shipped operator content copied to ``folder``, its desk.yaml changed: each
    (old, new) of ``replace`` swapped, ``append`` added at the end."""
    shutil.copytree(shipped_dir(), folder, ignore=shutil.ignore_patterns("*.py", "__*"))
    desk_yaml = folder / "desk.yaml"
    text = desk_yaml.read_text(encoding="utf-8")
    for old, new in replace:
        assert old in text, old
        text = text.replace(old, new)
    desk_yaml.write_text(text + append, encoding="utf-8")
    return folder


async def topic_of(desk: Group, public_id: str, timeout: float = 10) -> int:  # noqa: ASYNC109
    """The thread of the ticket's topic, once the bot has made it."""
    found = await desk.double.world.changed.wait_until(
        lambda: next((t for t in desk.topics.values() if public_id in t.name), None),
        timeout,
    )
    assert found is not None, f"no topic for {public_id}: {[t.name for t in desk.topics.values()]}"
    return found.thread_id


async def in_topic(desk: Group, thread: int, count: int, timeout: float = 10) -> list[MessageView]:  # noqa: ASYNC109
    """The bot's first ``count`` messages in the topic, once they are there."""
    messages = await desk.double.world.changed.wait_until(
        lambda: (lambda m: m if len(m) >= count else None)(desk.messages(thread_id=thread)),
        timeout,
    )
    assert messages, f"{len(desk.messages(thread_id=thread))} of {count} bot messages in topic"
    return messages[:count]


async def hand_off(double: BotApiDouble, desk: Group, user_id: int = 501) -> tuple[str, int]:
    """A user asks for a person with /human: (ticket id, topic thread), once the card is
    in the topic (kefu has recorded the topic by then: agents may write in it)."""
    user = double.driver.private_user(user_id, "Wei", username="wei_l", language_code="en")
    await user.send_command("human")
    told = await user.next_message(timeout=10)
    (public_id,) = TICKET_ID.findall(told.text)
    assert "A person will answer you here" in told.text
    thread = await topic_of(desk, public_id)
    await in_topic(desk, thread, 1)
    return public_id, thread


async def linked(kefu: Running, count: int) -> bool:
    """Whether kefu has recorded ``count`` message links (a copy is linked once Telegram
    has answered, a moment after the other side sees it)."""
    async with make_sessionmaker(kefu.kefu.engine)() as session:
        return await session.scalar(select(func.count()).select_from(MessageLink)) >= count
