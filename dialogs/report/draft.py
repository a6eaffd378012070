"""A report in progress, as plain JSON-able data, and the compact ids of its buttons.

Every prompt the engine sends carries a fresh short token in its buttons' data; a press
whose token is not the draft's current one comes from an older message (or is forged) and
is refused, so an old button can never change a newer draft.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass, field
from typing import Any

from dialogs.tickets.report import QUESTION as TICKET_QUESTION

PREFIX = "r"
CHOOSE = "~choose"  # a deep link opened a report: the category is still to be chosen
SUMMARY = "~summary"
RESUME = "~resume"  # the user came back: continue or start over?
ORDER_HINT = "~order"  # a deep link's order number, until the form's order field takes it
# The order as looked up when its number was given (dialogs.orders.snapshot), for the card.
SNAPSHOT = "~snapshot"
# The question typed at the menu that led here (dialogs.kb), for the agents.
QUESTION = TICKET_QUESTION
OFFERED = "~offered"  # the knowledge base's "These may help" was shown at the summary
_NONCE_CHARS = "abcdefghijkmnopqrstuvwxyz23456789"


def new_token() -> str:
    return "".join(secrets.choice(_NONCE_CHARS) for _ in range(4))


@dataclass
class Draft:
    """What the user has entered so far and where they are.

    ``answers`` maps field ids to stored values; a skipped optional field maps to None, so a
    field missing from ``answers`` is one never asked (e.g. added to the form meanwhile).
    """

    category: str
    answers: dict[str, Any] = field(default_factory=dict)
    step: str = ""
    editing: bool = False
    token: str = field(default_factory=new_token)
    resume_to: str = ""  # the step a RESUME offer returns to

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def answered(self) -> int:
        """How many fields the user answered (what kefu keeps beside them, "~"-named, is
        not one)."""
        return sum(1 for k, v in self.answers.items() if v is not None and not k.startswith("~"))

    @property
    def under_way(self) -> bool:
        """A report's form is being answered (not a menu's draft: a deep link's order, a
        question asked at the menu)."""
        return bool(self.category) and self.step != CHOOSE

    @property
    def holds_report(self) -> bool:
        """More than a question asked at the menu: something /cancel would cancel."""
        return bool(self.category) or any(k != QUESTION for k in self.answers)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Draft | None:
        """The draft, or None for anything that is not one (a store never breaks a chat)."""
        if not isinstance(data, dict):
            return None
        try:
            draft = cls(**data)
        except TypeError:
            return None
        if not isinstance(draft.answers, dict) or not isinstance(draft.category, str):
            return None
        return draft

    def button(self, action: str, arg: str = "") -> str:
        """Callback data for a button of the current prompt: ``r:<token>:<action>[:<arg>]``."""
        return f"{PREFIX}:{self.token}:{action}" + (f":{arg}" if arg else "")

    def renew(self) -> None:
        """A new prompt is going out: earlier buttons stop working."""
        self.token = new_token()


@dataclass(frozen=True)
class Press:
    """A decoded report button."""

    token: str
    action: str
    arg: str


def decode(data: str) -> Press | None:
    parts = data.split(":", 3)
    if len(parts) < 3 or parts[0] != PREFIX:
        return None
    return Press(parts[1], parts[2], parts[3] if len(parts) > 3 else "")
