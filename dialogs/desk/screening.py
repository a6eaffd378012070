"""First contact: who may reach the agents. Spam bots write to support bots too; their
messages must not open tickets or fill the queue.

A user's screening (``DeskLookup.screening``) starts as None, nothing decided:

- a message holding spam words (content ``desk.yaml`` ``spam:``) makes the user **held**:
  no ticket, nothing in the queue; the message is copied into the agents' one spam topic
  with a Release button, and the user hears one neutral "received". A held user's later
  messages go to the spam topic too; their commands (``/human`` included) and presses
  change nothing, so nothing they do bypasses the hold;
- otherwise, with the first-contact check on (``first_contact_check``), the user is asked
  to press a button (**checking**); until they do, what they send is kept unread (a later
  hand-off carries it) and nothing reaches the desk. Pressing makes them **clear**;
- with the check off, the first message that is not spam makes the user **clear** (one
  write, once); commands and presses before it decide nothing (a spam bot's ``/start``
  must not vouch for the spam after it).

An agent's Release (a member of the agents' group) makes a held user clear and files a
conversation ticket carrying what they sent while held.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from dialogs.actions import (
    Action,
    AnswerButton,
    FileTicket,
    Relay,
    ResultOf,
    Screen,
    Send,
    ToDesk,
    ToSpam,
    Unheard,
    UserChat,
)
from dialogs.content import Content
from dialogs.desk.commands import agent_name
from dialogs.desk.handoff import CONVERSATION
from dialogs.events import Inbound, Kind
from dialogs.ports.desk import DeskLookup
from dialogs.tickets.report import NewTicket
from dialogs.views import ButtonView, Text, View

CHECKING, HELD, CLEAR = "checking", "held", "clear"
CHECK_BUTTON = "fc"  # the first-contact check's one button
RELEASE_PREFIX = "sp:"  # sp:<user id>: release a held user (fits 64 bytes for any id)
RELEASED = "desk-reason-released"  # why the ticket came, as its card says
# A release carries everything kept while held, however long ago.
_EVER = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class Verdict:
    """What screening makes of a private event: its ``actions``, and whether the event is
    screening's alone (``done``) or goes on to be routed as usual after them."""

    actions: list[Action] = field(default_factory=list)
    done: bool = True


class Screening:
    """Decides first contacts and releases; see the module."""

    def __init__(self, content: Content, lookup: DeskLookup) -> None:
        self.content = content
        self.lookup = lookup

    async def screen(self, event: Inbound, menu: View) -> Verdict | None:
        """The verdict on a user's private event; None when screening has nothing to say
        (a clear user: the usual case, and one cached read). ``menu``: shown once the
        check is passed."""
        state = await self.lookup.screening(event.user_id)
        if state == CLEAR:
            return None
        if state == HELD:
            return Verdict(self._held(event))
        if event.kind is Kind.BUTTON and event.button_data == CHECK_BUTTON:
            passed = [Screen(event.user_id, CLEAR, "check_passed" if state == CHECKING else None)]
            greeting = Text.of("screening-passed")
            return Verdict([*passed, AnswerButton(), Send(View((greeting,), menu.buttons))])
        word = self._spam(event)
        if word is not None:
            return Verdict(self._hold(event, word))
        if self.lookup.first_contact_check:
            return Verdict(self._ask(event, state))
        if event.kind is Kind.MESSAGE:
            return Verdict([Screen(event.user_id, CLEAR)], done=False)
        return None

    async def release(self, event: Inbound) -> list[Action]:
        """An agent's Release press (``sp:<user id>``): the held user is clear now, and a
        ticket carries what they sent. The caller checked the presser is an agent."""
        raw = (event.button_data or "").removeprefix(RELEASE_PREFIX)
        if not raw.isascii() or not raw.isdigit():
            return [AnswerButton(Text.of("desk-button-expired"))]
        user_id = int(raw)
        if await self.lookup.screening(user_id) != HELD:
            return [AnswerButton(Text.of("desk-spam-not-held"))]
        actions: list[Action] = [
            Screen(user_id, CLEAR, "spam_released"),
            FileTicket(NewTicket(user_id=user_id, category=CONVERSATION)),
            ToDesk(ResultOf("ticket"), RELEASED),
        ]
        held = await self.lookup.unheard(user_id, _EVER)
        if held:
            actions += [Relay(ResultOf("ticket"), held, user_chat=user_id), Unheard((), user_id)]
        told = View((Text.of("handoff-filed", id=ResultOf("ticket")),))
        by = agent_name(event)
        done = View((Text.of("desk-spam-released", name=by, id=ResultOf("ticket")),))
        return [
            *actions,
            Send(told, to=UserChat(user_id)),
            AnswerButton(Text.of("desk-spam-released-short")),
            Send(done, reply_to=event.message_id),
        ]

    def _spam(self, event: Inbound) -> str | None:
        """The spam phrase a message (its text or caption) holds, if any."""
        if event.kind is not Kind.MESSAGE or not event.text:
            return None
        return self.content.desk.spam_words.match(event.text)

    def _hold(self, event: Inbound, word: str) -> list[Action]:
        """Spam words: into the spam topic (first, before any write: see bot.app.desk_spam),
        kept for a release, and one neutral reply."""
        return [
            ToSpam(_header(event, word)),
            Screen(event.user_id, HELD, "spam_held"),
            Unheard(event.message_ids),
            Send(View((Text.of("screening-received"),))),
        ]

    def _held(self, event: Inbound) -> list[Action]:
        """A held user's later messages join the first in the spam topic; nothing else
        they do is answered (a press is only acknowledged, so no spinner hangs)."""
        if event.kind is Kind.MESSAGE:
            return [ToSpam(_header(event, None)), Unheard(event.message_ids)]
        return [AnswerButton()] if event.kind is Kind.BUTTON else []

    def _ask(self, event: Inbound, state: str | None) -> list[Action]:
        """The check's question (again, to anything but its button); a message is kept
        for a later hand-off. Counted once, when first asked."""
        actions: list[Action] = []
        if state is None:
            actions.append(Screen(event.user_id, CHECKING, "check_asked"))
        if event.kind is Kind.EDITED:
            return actions
        if event.kind is Kind.BUTTON:
            actions.append(AnswerButton())
        if event.kind is Kind.MESSAGE:
            actions.append(Unheard(event.message_ids))
        button = ButtonView(Text.of("screening-check-button"), CHECK_BUTTON)
        ask = View((Text.of("screening-check"),), ((button,),))
        reply_to = event.message_id if event.kind is Kind.MESSAGE else None
        return [*actions, Send(ask, reply_to=reply_to)]


def _header(event: Inbound, word: str | None) -> View:
    """The spam topic's line before a held user's message: who (name, @username, id),
    the phrase that held them (the first message), and the Release button."""
    name = event.first_name or str(event.user_id)
    if event.username:
        name = f"{name} @{event.username}"
    line = (
        Text.of("desk-spam-held", name=name, id=str(event.user_id), word=word)
        if word is not None
        else Text.of("desk-spam-more", name=name, id=str(event.user_id))
    )
    release = ButtonView(Text.of("desk-spam-release"), f"{RELEASE_PREFIX}{event.user_id}")
    return View((line,), ((release,),))
