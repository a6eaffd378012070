"""Satisfaction: a resolved ticket's user rates it 1-5 with a button and may add a comment
by writing within a few minutes after; a low rating is shown to the agents in the topic.
"""

from __future__ import annotations

from dialogs.actions import Action, CommentTicket, RateTicket, Send
from dialogs.events import Inbound, Kind
from dialogs.ports.desk import DeskLookup
from dialogs.views import ButtonView, Label, Literal, Text, View

PREFIX = "rt"  # rt:<public id>:<1-5>
SCORES = range(1, 6)
LOW = 2  # a rating this low or lower is flagged to the agents
LOW_RATING = "low-rating"  # the tag a flagged ticket gets


def rating_buttons(public_id: str) -> tuple[tuple[ButtonView, ...], ...]:
    return (tuple(ButtonView(Literal(f"{n} ⭐"), f"{PREFIX}:{public_id}:{n}") for n in SCORES),)


def resolved_view(told: Label, public_id: str) -> View:
    """What the user hears when their ticket is resolved: ``told``, and the rating asked."""
    return View(parts=(told, Text.of("csat-ask")), buttons=rating_buttons(public_id))


def is_low(score: int) -> bool:
    return score <= LOW


class Rating:
    """The user's rating presses and comments."""

    def __init__(self, lookup: DeskLookup) -> None:
        self.lookup = lookup

    async def press(self, event: Inbound) -> list[Action] | None:
        """A rating button; None if the data is not one. A ticket not the user's, not
        resolved or rated already is refused politely (a forged or second press)."""
        parts = (event.button_data or "").split(":")
        if len(parts) != 3 or parts[0] != PREFIX or not parts[2].isdigit():
            return None
        public_id, score = parts[1], int(parts[2])
        if score not in SCORES:
            return None
        state = await self.lookup.rating_state(event.user_id, public_id)
        if state != "open":
            key = "csat-already" if state == "rated" else "button-expired"
            return [Send(View(parts=(Text.of(key),)))]
        thanks = Text.of("csat-thanks", score=score, id=public_id)
        return [RateTicket(public_id, score), Send(View(parts=(thanks,)))]

    async def comment(self, event: Inbound) -> list[Action] | None:
        """A text written soon after rating: the rating's comment. None otherwise."""
        if event.kind is not Kind.MESSAGE or not event.text:
            return None
        public_id = await self.lookup.awaiting_comment(event.user_id)
        if public_id is None:
            return None
        told = View(parts=(Text.of("csat-comment-kept", id=public_id),))
        return [CommentTicket(public_id, event.text[:2000]), Send(told)]
