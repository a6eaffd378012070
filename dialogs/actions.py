"""What the dialogs decide, as data the executor carries out in order.

Every side effect takes this one path: the dialogs decide (return Actions), the executor
applies them (database, then messages into the outbox). An action names where it goes
(:data:`Destination`) and may name its result, so that a later action of the same batch can
use it (:class:`ResultOf`): a filed ticket's public id in the confirmation, in the desk's
actions.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from dialogs.kb.actions import RecordKb
from dialogs.notices.actions import NoticeAction
from dialogs.orders.actions import OrderAction
from dialogs.tickets.priority import TicketPriority
from dialogs.tickets.report import NewTicket
from dialogs.tickets.status import TicketStatus
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
    """A user's private chat with the bot; ``ticket``: sent by an agent about that ticket,
    whose topic hears if it cannot be delivered."""

    user_id: int
    ticket: str | None = None


Destination = Origin | UserChat
ORIGIN = Origin()


# --- the actions -----------------------------------------------------------------------


@dataclass(frozen=True)
class Send:
    """Send a view (to the agents' group: the desk's actions, see ToDesk and Relay)."""

    view: View
    to: Destination = ORIGIN
    reply_to: int | None = None


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
class ToDesk:
    """Put a ticket before the agents: its topic made and its card posted, once (a ticket
    already there is left as it is). ``ticket``: a public id, or FileTicket's result.
    ``reason`` says on the card why it came (a locale key: a report, a request...)."""

    ticket: str | ResultOf
    reason: str = "desk-reason-report"


@dataclass(frozen=True)
class Relay:
    """Copy the event's message (an album: all of it) to the other side of ``ticket``: a
    user's into the ticket's topic, an agent's to the ticket's user, as the bot's own.
    ``message_ids``: the user's earlier messages instead (what nobody had read yet);
    ``user_chat``: whose private chat they are in, when the event is not theirs (an agent
    releasing a held user)."""

    ticket: str | ResultOf
    message_ids: tuple[int, ...] = ()
    user_chat: int | None = None


@dataclass(frozen=True)
class Unheard:
    """The user's messages nobody read (kefu did not understand them): kept, so that a
    hand-off carries them to the agents; ``()`` forgets them (they went along).
    ``user_id``: whose (None: the event's user)."""

    message_ids: tuple[int, ...]
    user_id: int | None = None


@dataclass(frozen=True)
class RelayEdit:
    """The event is an edit of a message relayed for ``ticket``: edit its copy on the
    other side (or, where it cannot be, quote the new text there)."""

    ticket: str


@dataclass(frozen=True)
class ChangeTicket:
    """A change to a ticket by an agent (or its user): recorded in its trail, and its card
    and topic name brought up to date. A status move the lifecycle forbids is skipped."""

    ticket: str
    actor_id: int
    actor_kind: str = "agent"
    actor_name: str | None = None
    claim: bool = False
    priority: TicketPriority | None = None
    priority_reason: str | None = None
    add_tags: tuple[str, ...] = ()
    status: TicketStatus | None = None
    note: str | None = None


@dataclass(frozen=True)
class SetBan:
    """Ban a user from the desk (``banned``) or lift the ban; ``told``: the banned user has
    had their one notice."""

    user_id: int
    banned: bool = True
    reason: str | None = None
    by: int | None = None
    told: bool = False


@dataclass(frozen=True)
class SetAlias:
    """The line an agent's replies carry to users (None: none)."""

    agent_id: int
    alias: str | None


@dataclass(frozen=True)
class Hold:
    """A flooding user's message held back for ``ticket`` (dialogs.desk.flood): it reaches
    the topic with the others as one relay when the flood's window ends. ``text``: the
    message's text, when it is a plain text (held texts travel as one message)."""

    ticket: str
    message_ids: tuple[int, ...]
    text: str | None = None


@dataclass(frozen=True)
class RateTicket:
    """The user's 1-5 rating of their resolved ticket (a low one is shown to its agents)."""

    ticket: str
    score: int


@dataclass(frozen=True)
class CommentTicket:
    """The comment the user added to their rating, shown to the ticket's agents."""

    ticket: str
    text: str


@dataclass(frozen=True)
class SetDuty:
    """An agent goes on duty (reminders and after-hours alerts mention them) or off."""

    agent_id: int
    on: bool
    name: str | None = None


@dataclass(frozen=True)
class Screen:
    """A user's first-contact screening becomes ``state`` ("checking", "held", "clear":
    dialogs.desk.screening); ``tally``: the /stats count it adds one to."""

    user_id: int
    state: str
    tally: str | None = None


@dataclass(frozen=True)
class ToSpam:
    """Copy the event's message(s) into the agents' shared spam topic, after ``header``
    (who sent it, and its Release button)."""

    header: View


Action = (
    Send
    | AnswerButton
    | SetLanguage
    | KeepDraft
    | DropDraft
    | FileTicket
    | ToDesk
    | Relay
    | Unheard
    | RelayEdit
    | ChangeTicket
    | SetBan
    | SetAlias
    | Hold
    | RateTicket
    | CommentTicket
    | SetDuty
    | Screen
    | ToSpam
    | OrderAction
    | RecordKb
    | NoticeAction
)


def check_results(actions: list[Action]) -> None:
    """ValueError unless every result name is given once and every ResultOf names a result
    of an earlier action: checked before anything is applied, so a mistake in a batch
    never leaves half of it done."""
    named: set[str] = set()
    for action in actions:
        for ref in _refs(action):
            if ref.name not in named:
                raise ValueError(f"{type(action).__name__} uses result {ref.name!r} before it")
        name = getattr(action, "result", None)
        if name is not None:
            if name in named:
                raise ValueError(f"result {name!r} is named twice")
            named.add(name)


def _refs(action: Action) -> list[ResultOf]:
    refs: list[ResultOf] = []
    if isinstance(action, ToDesk | Relay) and isinstance(action.ticket, ResultOf):
        refs.append(action.ticket)
    if isinstance(action, Send):
        for part in action.view.parts:
            refs.extend(_text_refs(part))
    return refs


def _text_refs(label: object) -> list[ResultOf]:
    if not isinstance(label, Text):
        return []
    found: list[ResultOf] = []
    for value in label.args.values():
        found.extend([value] if isinstance(value, ResultOf) else _text_refs(value))
    return found


def with_results(view: View, results: dict[str, Any]) -> View:
    """``view`` with every ResultOf in its texts' arguments (at any depth) replaced."""
    return replace(view, parts=tuple(_filled(p, results) for p in view.parts))


def _filled(value: Any, results: dict[str, Any]) -> Any:
    if isinstance(value, ResultOf):
        return results[value.name]
    if isinstance(value, Text):
        return replace(value, args={k: _filled(v, results) for k, v in value.args.items()})
    return value
