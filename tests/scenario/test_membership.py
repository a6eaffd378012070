"""Telegram's my_chat_member, on both runtimes, by polling and by webhook: a user who
blocks the bot is marked blocked in kefu's users (so broadcasts leave them out), and
unmarked when they unblock it; the bot removed from some other group changes nothing, and
the update is confirmed all the same (it does not come back)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from bot.app.handling import Handling
from bot.telegram.double import BotApiDouble
from bot.telegram.double.group import GROUP_OWNER_ID
from dialogs.events import Inbound, Kind
from tests.scenario.harness import Running, eventually


def recorded(kefu: Running) -> list[tuple[Inbound, Handling]]:
    """Every event the runtime hands kefu from now on, with its handling (the real
    dispatch still runs)."""
    seen: list[tuple[Inbound, Handling]] = []
    dispatch: Callable[[Inbound], Handling] = kefu.app.dispatch

    def spy(event: Inbound) -> Handling:
        handling = dispatch(event)
        seen.append((event, handling))
        return handling

    kefu.app.dispatch = spy  # type: ignore[method-assign]
    return seen


def membership(seen: list[tuple[Inbound, Handling]]) -> list[Inbound]:
    return [event for event, _ in seen if event.kind is Kind.MEMBERSHIP]


async def is_blocked(kefu: Running, user_id: int) -> bool | None:
    user = await kefu.app.users.get(user_id)
    return None if user is None else user.blocked


async def test_blocking_and_unblocking_the_bot_marks_the_user(
    double: BotApiDouble, kefu: Running
) -> None:
    seen = recorded(kefu)
    user = double.driver.private_user(901, "Ivy", username="ivy", language_code="en")
    await user.send_command("start")
    await user.next_message(timeout=10)
    assert await is_blocked(kefu, 901) is False

    user.block()
    blocked_update = double.updates.history[-1]
    await eventually(lambda: _is(kefu, 901, True))
    user.unblock()
    await eventually(lambda: _is(kefu, 901, False))

    kicked, member = membership(seen)
    assert (kicked.user_id, kicked.chat_id, kicked.chat_type) == (901, 901, "private")
    assert (kicked.first_name, kicked.username) == ("Ivy", "ivy")
    assert (kicked.bot_status, member.bot_status) == ("kicked", "member")
    assert kicked.update_ids == (blocked_update["update_id"],)
    when = datetime.fromtimestamp(blocked_update["my_chat_member"]["date"], UTC)
    assert kicked.date == when and kicked.date.tzinfo is UTC
    assert len(user.messages) == 1  # nothing is said to a user for blocking or unblocking
    await eventually(lambda: _confirmed(double))


async def test_the_bot_removed_from_another_group_changes_nothing_and_is_confirmed(
    double: BotApiDouble, kefu: Running
) -> None:
    seen = recorded(kefu)
    user = double.driver.private_user(902, "Jon", language_code="en")
    await user.send_command("start")
    await user.next_message(timeout=10)
    elsewhere = double.driver.supergroup(-1009020000001, "Somewhere else")

    elsewhere.kick_bot()
    update_id = double.updates.history[-1]["update_id"]
    await eventually(lambda: _handled(seen, update_id))
    await eventually(lambda: _confirmed(double))
    # Another update after it: by polling, the next getUpdates would bring it back had it
    # not been confirmed.
    await user.send_command("help")
    await user.next_message(timeout=10)
    await eventually(lambda: _confirmed(double))

    (removed,) = membership(seen)
    assert (removed.chat_id, removed.chat_type, removed.bot_status) == (
        -1009020000001,
        "supergroup",
        "kicked",
    )
    assert removed.user_id == GROUP_OWNER_ID
    assert [event.update_ids for event, _ in seen].count((update_id,)) == 1
    assert await kefu.app.users.get(GROUP_OWNER_ID) is None  # not a user of kefu's
    assert await is_blocked(kefu, 902) is False
    assert double.log.calls(chat_id=-1009020000001) == []  # nothing asked of that group
    if kefu.settings.webhook_url is not None:
        posts = [a for a in double.webhook.attempts if a.update_id == update_id]
        assert [a.status for a in posts] == [200]


async def _is(kefu: Running, user_id: int, blocked: bool) -> bool:
    return await is_blocked(kefu, user_id) is blocked


async def _handled(seen: list[tuple[Inbound, Handling]], update_id: int) -> bool:
    return any(e.update_ids == (update_id,) and h.done.done() for e, h in seen)


async def _confirmed(double: BotApiDouble) -> bool:
    return double.updates.pending_count == 0
