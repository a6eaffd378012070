"""Random interleavings, as hypothesis chooses them, of a user's messages, an agent's
messages, kefu restarting and the ticket's topic deleted by hand: every message reaches the
other side exactly once (a copy in a topic deleted later was delivered, and is counted).
A topic is deleted only once the agents' messages in it have gone out: a message deleted
with its topic before kefu copied it is gone from Telegram itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.telegram.double import BotApiDouble
from bot.telegram.double.driver import Group
from tests.scenario.desk_harness import AGENT, DESK, DESK_LIMITS, DESK_TUNING, hand_off
from tests.scenario.harness import running_kefu

STEPS = st.lists(st.sampled_from(["user", "agent", "restart", "delete"]), min_size=2, max_size=9)


def _live_topic(desk: Group, public_id: str) -> int | None:
    return next((t.thread_id for t in desk.topics.values() if public_id in t.name), None)


def _copies(double: BotApiDouble, chat_id: int, text: str) -> int:
    """The bot's messages with ``text`` in a chat, deleted ones (with their topic) too."""
    return sum(
        1 for m in double.world.chat_messages(chat_id) if m.by_bot and (m.text or "") == text
    )


async def _card_in(double: BotApiDouble, desk: Group, public_id: str) -> int:
    """The ticket's live topic, once its card is there (kefu knows the topic by then)."""
    found = await double.world.changed.wait_until(
        lambda: (lambda t: t if t and desk.messages(thread_id=t) else None)(
            _live_topic(desk, public_id)
        ),
        15,
    )
    assert found is not None, "the ticket has no topic with a card"
    return found


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
async def test_no_message_is_lost_or_doubled_whatever_happens_between(
    tmp_path_factory: Any, steps: list[str]
) -> None:
    db_dir: Path = tmp_path_factory.mktemp("desk")
    async with BotApiDouble(limits=DESK_LIMITS) as double:
        desk = double.driver.forum_group(DESK, "Support desk")
        agent = desk.member(AGENT, "Ann")
        contexts: list[Any] = []  # the kefu running now (running_kefu's context)

        async def start() -> None:
            context = running_kefu(double, db_dir, agent_chat_id=DESK, tuning=DESK_TUNING)
            await context.__aenter__()
            contexts.append(context)

        await start()
        try:
            public_id, _ = await hand_off(double, desk, 530)
            user = double.driver.private_user(530)
            said: list[str] = []
            answered: list[str] = []
            for n, step in enumerate(steps):
                if step == "user":
                    said.append(f"user says {n}")
                    await user.send_text(said[-1])
                elif step == "agent" and _live_topic(desk, public_id) is not None:
                    thread = await _card_in(double, desk, public_id)
                    answered.append(f"agent says {n}")
                    await agent.send_text(answered[-1], thread_id=thread)
                elif step == "restart":
                    await contexts.pop().__aexit__(None, None, None)
                    await start()
                elif step == "delete" and (thread := _live_topic(desk, public_id)):
                    # An agent's message deleted with its topic before kefu copied it is
                    # gone from Telegram: agents delete topics they are done with.
                    assert await double.world.changed.wait_until(
                        lambda: all(_copies(double, user.id, t) for t in answered), 20
                    )
                    await desk.delete_topic(thread)

            def all_there() -> bool:
                return all(_copies(double, DESK, t) >= 1 for t in said) and all(
                    _copies(double, user.id, t) >= 1 for t in answered
                )

            assert await double.world.changed.wait_until(all_there, 20), (
                steps,
                [t for t in said if not _copies(double, DESK, t)],
                [t for t in answered if not _copies(double, user.id, t)],
            )
            assert [_copies(double, DESK, t) for t in said] == [1] * len(said), steps
            assert [_copies(double, user.id, t) for t in answered] == [1] * len(answered), steps
        finally:
            while contexts:
                await contexts.pop().__aexit__(None, None, None)
