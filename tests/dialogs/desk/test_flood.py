"""When a user's messages are held back (dialogs.desk.flood), and what holding says."""

from __future__ import annotations

from datetime import UTC, datetime

from dialogs.actions import Hold, Send
from dialogs.content.desk_model import Burst
from dialogs.desk.flood import FloodState, flooding, hold
from dialogs.events import Inbound, Kind

LIMIT = Burst(messages=20, seconds=60)


def message(text: str | None = "hi", ids: tuple[int, ...] = (5,)) -> Inbound:
    return Inbound(
        kind=Kind.MESSAGE,
        user_id=7,
        chat_id=7,
        chat_type="private",
        date=datetime(2026, 11, 30, tzinfo=UTC),
        text=text,
        message_id=ids[0],
        message_ids=ids,
    )


def test_held_past_the_limit_and_while_a_hold_runs() -> None:
    assert not flooding(FloodState(relayed=19, held=0), LIMIT)
    assert flooding(FloodState(relayed=20, held=0), LIMIT)
    # The window moved on but earlier messages wait: later ones wait behind them.
    assert flooding(FloodState(relayed=0, held=2), LIMIT)


def test_the_user_is_told_once_and_only_plain_texts_carry_their_words() -> None:
    first = hold(message("where is my money"), "K-7F3Q2", FloodState(20, 0))
    assert first[0] == Hold("K-7F3Q2", (5,), "where is my money")
    assert isinstance(first[1], Send) and first[1].view.parts[0].key == "flood-notice"
    later = hold(message("??"), "K-7F3Q2", FloodState(20, 1))
    assert later == [Hold("K-7F3Q2", (5,), "??")]
    album = hold(message("caption", ids=(5, 6)), "K-7F3Q2", FloodState(20, 1))
    assert album == [Hold("K-7F3Q2", (5, 6), None)], "an album is copied, not written out"
