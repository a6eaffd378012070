"""What the dialogs decide, as data the executor carries out in order.

Every side effect takes this one path: the dialogs decide (return Actions), the executor
applies them (database, then messages into the outbox). An action names where it goes
(:data:`Destination`) and may name its result, so that a later action of the same batch can
use it (:class:`ResultOf`): a ticket's public id in the confirmation, a new topic's thread in
the message that follows it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from dialogs.tickets.report import NewTicket
from dialogs.views import Text, View


@dataclass(frozen=True)
class ResultOf:
    """The result of an earlier action of the same batch, by the name it was given."""

    name: str


# --- where a message goes ------------------------------------------------------------


@dataclass(frozen=True)
class Origin:
    """The chat (and topic) the event came from."""


@dataclass(frozen=True)
class UserChat:
    """A user's private chat with the bot."""

    user_id: int


@dataclass(frozen=True)
class AgentsGroup:
    """The agents' group; in a topic when ``topic`` is set (a thread id, or the result of
    an earlier OpenTopic)."""

    topic: int | ResultOf | None = None


Destination = Origin | UserChat | AgentsGroup
ORIGIN = Origin()


# --- the actions -----------------------------------------------------------------------


@dataclass(frozen=True)
class Send:
    """Send a view. ``result`` names the sent message's id for later actions (the executor
    then waits until Telegram has it)."""

    view: View
    to: Destination = ORIGIN
    reply_to: int | None = None
    result: str | None = None


@dataclass(frozen=True)
class AnswerButton:
    """Acknowledge a button press (Telegram shows a spinner until then)."""

    notice: Text | None = None


@dataclass(frozen=True)
class SetLanguage:
    locale: str


@dataclass(frozen=True)
class KeepDraft:
    """Store the user's report in progress (JSON-able data)."""

    data: dict[str, Any]


@dataclass(frozen=True)
class DropDraft:
    """Forget the user's report in progress."""


@dataclass(frozen=True)
class FileTicket:
    """File a ticket; ``result`` names its public id for later actions."""

    ticket: NewTicket
    result: str = "ticket"


@dataclass(frozen=True)
class OpenTopic:
    """Open a topic in the agents' group; ``result`` names its thread id."""

    name: str
    result: str = "topic"


Action = Send | AnswerButton | SetLanguage | KeepDraft | DropDraft | FileTicket | OpenTopic


def with_results(view: View, results: dict[str, Any]) -> View:
    """``view`` with every ResultOf in its texts' arguments replaced by the result."""
    if not results:
        return view
    parts = tuple(
        replace(p, args={k: _value(v, results) for k, v in p.args.items()})
        if isinstance(p, Text) and any(isinstance(v, ResultOf) for v in p.args.values())
        else p
        for p in view.parts
    )
    return replace(view, parts=parts)


def _value(value: Any, results: dict[str, Any]) -> Any:
    if isinstance(value, ResultOf):
        return results[value.name]
    return value
