"""Addressed actions, applied by the real executor of a running kefu against the Bot API
double, in one unit of work: each message reaches the chat its action names, results feed
later actions (a filed ticket's id, the topic it is put in even though Telegram makes it
only once it is sent), and a failed effect leaves nothing of the batch behind."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from bot.telegram.double import BotApiDouble
from bot.telegram.ops import OpResult
from dialogs.actions import (
    DropDraft,
    FileTicket,
    KeepDraft,
    ResultOf,
    Send,
    ToDesk,
    UserChat,
)
from dialogs.events import Inbound, Kind
from dialogs.tickets.priority import TicketPriority
from dialogs.tickets.report import NewTicket
from dialogs.views import Literal, Text, View
from tests.scenario.harness import Running, eventually, running_kefu

GROUP = -1001000000001
USER = 301


def said(text: str) -> View:
    return View(parts=(Literal(text),))


def from_user(user_id: int = USER) -> Inbound:
    return Inbound(
        kind=Kind.MESSAGE,
        user_id=user_id,
        chat_id=user_id,
        chat_type="private",
        date=datetime(2026, 11, 20, tzinfo=UTC),
        message_id=1,
        text="hi",
    )


@pytest.fixture
async def double() -> AsyncIterator[BotApiDouble]:
    async with BotApiDouble() as d:
        yield d


@pytest.fixture
async def kefu(double: BotApiDouble, tmp_path: Path) -> AsyncIterator[Running]:
    double.driver.forum_group(GROUP)
    async with running_kefu(double, tmp_path, agent_chat_id=GROUP) as running:
        await running.app.users.seen(USER, "en")
        yield running


async def test_messages_go_where_their_actions_say(double: BotApiDouble, kefu: Running) -> None:
    asker = double.driver.private_user(USER, "Ann")
    other = double.driver.private_user(302, "Bo")
    await kefu.app.users.seen(302, "zh-Hans")
    group = double.driver.forum_group(GROUP)
    applied = await kefu.app.apply(
        from_user(),
        "en",
        [
            Send(said("to the asker")),
            FileTicket(NewTicket(user_id=USER, category="recharge")),
            ToDesk(ResultOf("ticket")),
            Send(View(parts=(Text.of("nothing-to-cancel"),)), to=UserChat(302)),
        ],
    )
    await delivered(applied.sent)
    assert [m.text for m in asker.messages] == ["to the asker"]
    topic = next(iter(group.topics.values()))
    assert topic.name.startswith(applied.results["ticket"])
    (card,) = group.messages(topic.thread_id)
    assert applied.results["ticket"] in card.text
    # Telegram's ids are recorded for the desk (with each row's outcome, a moment after
    # Telegram answered): the topic's thread, the card's message.
    expected = (topic.thread_id, card.message_id)
    await eventually(lambda: _is(kefu.app.desk.place_of(1), expected))
    # Sent in the other user's own language, not the asker's.
    assert other.messages[0].text == "当前没有可以取消的操作。"


async def test_a_filed_tickets_id_reaches_the_confirmation(
    double: BotApiDouble, kefu: Running
) -> None:
    asker = double.driver.private_user(USER, "Ann")
    ticket = NewTicket(user_id=USER, category="recharge", priority=TicketPriority.URGENT)
    confirm = Text.of("report-filed-no-desk", id=ResultOf("ticket"), category="Top-up")
    applied = await kefu.app.apply(
        from_user(), "en", [FileTicket(ticket), DropDraft(), Send(View(parts=(confirm,)))]
    )
    await delivered(applied.sent)
    public_id = applied.results["ticket"]
    stored = await kefu.app.tickets.by_public_id(public_id)
    assert stored is not None and stored.priority == TicketPriority.URGENT
    assert public_id in asker.messages[0].text


async def test_a_failed_effect_stops_the_batch(double: BotApiDouble, kefu: Running) -> None:
    asker = double.driver.private_user(USER, "Ann")
    await kefu.app.apply(from_user(), "en", [KeepDraft({"category": "recharge"})])
    stranger = NewTicket(user_id=999, category="recharge")  # no such user: the insert fails
    with pytest.raises(IntegrityError):
        await kefu.app.apply(
            from_user(), "en", [FileTicket(stranger), DropDraft(), Send(said("filed"))]
        )
    assert await kefu.app.drafts.get(USER) == {"category": "recharge"}, "the draft is kept"
    assert asker.messages == []


async def test_without_an_agents_group_nothing_goes_to_a_desk(
    double: BotApiDouble, tmp_path: Path
) -> None:
    async with running_kefu(double, tmp_path) as running:
        await running.app.users.seen(USER, "en")
        applied = await running.app.apply(
            from_user(), "en", [FileTicket(NewTicket(USER, "recharge")), ToDesk(ResultOf("ticket"))]
        )
        assert applied.sent == [] and await running.app.desk.place_of(1) is None


async def _is(found: Awaitable[object], expected: object) -> bool:
    return await found == expected


async def delivered(futures: list[asyncio.Future[OpResult]]) -> None:
    await asyncio.wait_for(asyncio.gather(*futures), 10)


async def test_a_batch_whose_results_do_not_add_up_changes_nothing(
    double: BotApiDouble, kefu: Running
) -> None:
    asker = double.driver.private_user(USER, "Ann")
    early = Send(View(parts=(Text.of("report-filed-no-desk", id=ResultOf("ticket")),)))
    with pytest.raises(ValueError, match="before it"):
        await kefu.app.apply(
            from_user(), "en", [KeepDraft({"step": 1}), early, FileTicket(NewTicket(USER, "x"))]
        )
    assert await kefu.app.drafts.get(USER) is None
    assert await kefu.app.tickets.for_user(USER) == []
    assert asker.messages == []


async def test_a_batch_commits_without_waiting_for_telegram(
    double: BotApiDouble, kefu: Running
) -> None:
    """Telegram holds the new topic back (a 429 of a second); the batch commits at once and
    the card still lands in the topic once Telegram has made it."""
    group = double.driver.forum_group(GROUP)
    double.faults.add(method="createForumTopic", status=429, retry_after=1)
    applied = await kefu.app.apply(
        from_user(),
        "en",
        [FileTicket(NewTicket(USER, "recharge")), ToDesk(ResultOf("ticket"))],
    )
    assert double.log.count("sendMessage") == 0  # committed before anything was sent
    await delivered(applied.sent)
    (card,) = group.messages(next(iter(group.topics)))
    assert applied.results["ticket"] in card.text


async def test_a_topic_that_cannot_be_made_alerts_the_admins_once_and_is_made_again(
    double: BotApiDouble, tmp_path: Path
) -> None:
    group = double.driver.forum_group(GROUP)
    admin = double.driver.private_user(900, "Admin")
    double.faults.add(method="createForumTopic", status=400, description="Bad Request: x")
    async with running_kefu(double, tmp_path, agent_chat_id=GROUP, admin_ids=[900]) as running:
        await running.app.users.seen(USER, "en")
        await running.app.apply(
            from_user(), "en", [FileTicket(NewTicket(USER, "recharge")), ToDesk(ResultOf("ticket"))]
        )
        alert = await admin.next_message(timeout=10)
        # The card, which found no topic, is sent again after a topic made anew.
        card = await group.wait_for(lambda m: "K-" in m.text, timeout=10)
    assert "could not be delivered" in alert.text
    assert len(admin.messages) == 1, "one alert"
    assert card.thread_id in group.topics and len(group.topics) == 1
