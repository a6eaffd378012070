"""A user flooding their ticket: past ``flood.messages`` in ``flood.seconds`` (desk.yaml),
what they send is held back and reaches the topic as one relay when the window ends, and
they are told once that everything arrives. Nothing is dropped; the agents' group, which
takes about 20 messages a minute in all, is not spent on one user's fifty."""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.actions import Action, Hold, Send
from dialogs.content.desk_model import Burst
from dialogs.events import Inbound
from dialogs.views import Text, View


@dataclass(frozen=True)
class FloodState:
    """How much the user sent lately: copies relayed within the window, and messages held
    back now (waiting for the window's end)."""

    relayed: int
    held: int


def flooding(state: FloodState, limit: Burst) -> bool:
    """Whether the next message is held: the limit reached, or a hold already running
    (so the order of what the agents read is the order it was sent)."""
    return state.held > 0 or state.relayed >= limit.messages


def hold(event: Inbound, public_id: str, state: FloodState) -> list[Action]:
    """The message held for the ticket; the user told once per flood."""
    text = event.text if len(event.message_ids) <= 1 and not event.media else None
    actions: list[Action] = [Hold(public_id, event.message_ids, text)]
    if state.held == 0:
        actions.append(Send(View(parts=(Text.of("flood-notice", id=public_id),))))
    return actions
