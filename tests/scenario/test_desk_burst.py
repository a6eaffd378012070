"""A burst of hand-offs against Telegram's real 20 messages a minute into the agents'
group (bench.desk_burst, small): no 429 from the group, every report's card posted, every
ticket's messages in order, urgent tickets' cards first, and the texts that queued merged
into one message under a header the agents see, which costs less than copying them. The
clock runs 25x real time: seconds, not minutes, and slow enough that a loaded machine
still queues the copies (at 150x, a CI run five times slower than usual did not).

Then one user's flood of texts, through the real runtimes against the double, with the
group paced at one a second: the topic gets fewer messages than the user wrote, every text
there; an agent's reply to the merged message reaches the user, and an edit of a merged
text is told as such rather than written over the merged message.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from bench.desk_burst import Burst, run_burst
from bot.telegram.double import BotApiDouble, Limits
from bot.telegram.double.driver import Group
from tests.scenario import harness
from tests.scenario.desk_harness import AGENT, DESK, DESK_TUNING, hand_off, linked
from tests.scenario.harness import Running, eventually, running_kefu

HEADER = re.compile(r"^📨 (\d+) messages, \d\d:\d\d(–\d\d:\d\d)?$")


async def test_a_burst_of_hand_offs_keeps_the_groups_limit_order_and_every_card() -> None:
    burst = Burst(
        reports=8, follow_ups=3, urgent_every=4, speed=25, runtime=harness.current_runtime,
        timeout=60,
    )  # fmt: skip
    (figures,) = await run_burst(burst)
    assert figures.rejected == 0, "the group never answered 429"
    assert figures.cards == 8, "every report reached its card"
    assert figures.in_order == 8, "every ticket's messages arrived, in order"
    assert figures.merged > 0 and figures.headers, "queued copies went merged"
    assert all(HEADER.match(line) for line in figures.headers), figures.headers
    assert max(figures.card_waits["urgent"]) < min(figures.card_waits["other"]) + 60, (
        "urgent tickets' cards are not kept behind the others"
    )
    written = sum(burst.messages_of(i) for i in range(8))
    assert figures.by_kind["merged"] > 0, "queued texts went as one message"
    assert figures.by_kind["copies"] + figures.by_kind["merged"] < written, "and cost less"


# About one message a second into the group, three at once: a flood of texts queues behind
# the topic and its card, and the budget is short. kefu keeps a little under the double's
# rate, as under Telegram's: a limit met to the millisecond is a race with the clock.
PACED = Limits(private_per_second=50, private_burst=50, group_per_minute=60, group_burst=3)
PACED_TUNING = replace(
    DESK_TUNING,
    outbox=replace(DESK_TUNING.outbox, group_per_minute=50, group_burst=3),
)
FLOOD = ["I paid 100", "still nothing <b>", "order K & 77", "hello??", "anyone", "please"]


@pytest.fixture
async def paced() -> AsyncIterator[BotApiDouble]:
    async with BotApiDouble(limits=PACED) as double:
        yield double


@pytest.fixture
def paced_desk(paced: BotApiDouble) -> Group:
    group = paced.driver.forum_group(DESK, "Support desk")
    group.member(AGENT, "Ann")
    return group


@pytest.fixture
async def paced_kefu(
    paced: BotApiDouble, paced_desk: Group, tmp_path: Path
) -> AsyncIterator[Running]:
    async with running_kefu(paced, tmp_path, agent_chat_id=DESK, tuning=PACED_TUNING) as kefu:
        yield kefu


async def test_a_flood_of_texts_reaches_the_topic_as_fewer_messages_and_stays_answerable(
    paced: BotApiDouble, paced_desk: Group, paced_kefu: Running
) -> None:
    desk = paced_desk
    _, thread = await hand_off(paced, desk, 701)
    user = paced.driver.private_user(701)
    before = len(desk.messages(thread_id=thread))  # the card
    sent = [await user.send_text(text) for text in FLOOD]

    def arrived() -> bool:
        seen = "\n".join(m.text for m in desk.messages(thread_id=thread))
        return all(text in seen for text in FLOOD)

    assert await paced.world.changed.wait_until(arrived, 20), "every text is in the topic"
    posted = desk.messages(thread_id=thread)[before:]
    assert len(posted) < len(FLOOD), [m.text for m in posted]
    said: list[str] = []  # the texts as the agents see them: copied, or merged lines
    for message in posted:
        header, *lines = message.text.split("\n")
        if not header.startswith("📨"):
            said.append(message.text)
            continue
        assert re.match(r"^📨 \d+ messages, \d\d:\d\d(–\d\d:\d\d)?$", header), header
        assert all(re.match(r"^\d\d:\d\d ", line) for line in lines), "each with its time"
        said += [line[6:] for line in lines]
    assert said == FLOOD, "every text exact (escaped, not read as markup), in order"
    merged = next(m for m in posted if m.text.startswith("📨"))
    in_merged = [FLOOD.index(line[6:]) for line in merged.text.split("\n")[1:]]
    assert not paced.log.calls(chat_id=DESK, status=429), "the group never answered 429"

    await eventually(lambda: linked(paced_kefu, len(FLOOD)))  # every text linked
    agent = desk.member(AGENT)
    await agent.send_text("checking your payment", thread_id=thread, reply_to=merged.message_id)
    answer = await user.wait_for(lambda m: m.text == "checking your payment", timeout=10)
    assert answer.reply_to == sent[in_merged[-1]].message_id, "it answers their latest text"

    await user.edit(sent[in_merged[0]], "anyone at all?")
    told = await desk.wait_for(
        lambda m: m.text == "✏️ Edited: anyone at all?", thread_id=thread, timeout=10
    )
    assert told.message_id != merged.message_id
    assert not merged.edited, "the merged message keeps every line as it was"
