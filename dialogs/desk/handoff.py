"""A user's case handed to a person: a ticket filed (with whatever the user has said so far)
or the one in hand, put before the agents, and the user told a person will answer here."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from dialogs.actions import (
    Action,
    AnswerButton,
    ChangeTicket,
    FileTicket,
    Relay,
    RelayEdit,
    ResultOf,
    Send,
    SetBan,
    ToDesk,
    Unheard,
)
from dialogs.content import Content
from dialogs.desk.flood import FloodState, flooding, hold
from dialogs.desk.queue import wait_line
from dialogs.desk.urgency import burst_reason, raised, urgent_reason
from dialogs.events import Inbound, Kind
from dialogs.ports.desk import DeskLookup, DeskTicket
from dialogs.report.draft import ORDER_HINT, QUESTION, Draft
from dialogs.report.engine import Step
from dialogs.tickets.priority import TicketPriority
from dialogs.tickets.report import NewTicket, ticket_from_report
from dialogs.tickets.status import ACTIVE, TicketStatus, agents_turn
from dialogs.views import Text, View

# The category of a ticket filed without a report: the user asked for a person straight away.
CONVERSATION = "conversation"
# How far back a hand-off carries what the user said that nobody read.
UNHEARD_FOR = timedelta(days=1)


class HandOff:
    """Decides the hand-off of a user's case; see the module."""

    def __init__(self, content: Content, lookup: DeskLookup) -> None:
        self.content = content
        self.lookup = lookup

    async def active(self, user_id: int) -> DeskTicket | None:
        return await self.lookup.active_ticket(user_id)

    async def relay(self, event: Inbound, ticket: DeskTicket) -> list[Action]:
        """The user's message to their ticket's agents. A resolved ticket is reopened by
        it (the problem is evidently still there); urgent words or a burst of messages
        raise its priority."""
        if event.kind is Kind.EDITED:
            return [RelayEdit(ticket.public_id)]
        reopen = agents_turn(ticket.claimed) if ticket.status == TicketStatus.RESOLVED else None
        limit, burst = self.content.desk.flood, self.content.desk.burst
        relayed = await self.lookup.recent_from_user(ticket.public_id, limit.seconds)
        state = FloodState(relayed, ticket.held)
        wanted, reason = TicketPriority.URGENT, urgent_reason(self.content, event.text)
        if reason is None:
            recent = state.relayed  # the same count when the windows agree (as shipped)
            if burst.seconds != limit.seconds:
                recent = await self.lookup.recent_from_user(ticket.public_id, burst.seconds)
            wanted, reason = TicketPriority.HIGH, burst_reason(self.content, recent + 1)
        raise_to = wanted if reason is not None and raised(ticket.priority, wanted) else None
        actions: list[Action] = []
        if reopen is not None or raise_to is not None:
            why = reason if raise_to is not None else None
            actions.append(
                _by_user(event, ticket, status=reopen, priority=raise_to, priority_reason=why)
            )
        if flooding(state, limit):
            return [*actions, *hold(event, ticket.public_id, state)]
        actions.append(Relay(ticket.public_id))
        return actions

    async def banned(self, event: Inbound) -> list[Action] | None:
        """For a user the agents banned: one polite notice, then silence (a press is still
        answered, so no spinner hangs). None for anyone else."""
        ban = await self.lookup.ban_of(event.user_id)
        if ban is None:
            return None
        pressed: list[Action] = [AnswerButton()] if event.kind is Kind.BUTTON else []
        if ban.told:
            return pressed
        notice = Send(View(parts=(Text.of("banned-notice"),)))
        return [*pressed, SetBan(event.user_id, reason=ban.reason, told=True), notice]

    def asks_for_person(self, event: Inbound, draft: Draft | None, *, in_form: bool) -> bool:
        """Free text asking for a person, checked ``in_form`` (only while a report is under
        way: a message that is nothing but a hand-off word, since an answer may well
        mention "customer service") or outside one (a message holding one)."""
        if event.kind is not Kind.MESSAGE or not event.text:
            return False
        under_way = draft is not None and draft.under_way
        if under_way != in_form:
            return False
        return self.content.desk.asks_for_person(event.text, whole=in_form)

    async def to_person(
        self, event: Inbound, draft: Draft | None, reason: str, buttons: View
    ) -> Step:
        """Hand the user's case over. The message that asked goes along (not a command or a
        button: those carry nothing to read); ``buttons`` is the menu shown after."""
        carries = event.kind is Kind.MESSAGE
        ticket = await self.active(event.user_id)
        if ticket is not None:
            told = Text.of("handoff-existing", id=ticket.public_id)
            actions: list[Action] = [ToDesk(ticket.public_id, reason)]
            if carries:
                actions.extend(await self.relay(event, ticket))  # reopens a resolved one
            elif ticket.status == TicketStatus.RESOLVED:  # asked again: not solved after all
                actions.append(_by_user(event, ticket, status=agents_turn(ticket.claimed)))
            actions.append(Send(View(parts=(told,), buttons=buttons.buttons)))
            return Step(draft, await self.with_wait(actions, ticket.public_id))
        told = Text.of("handoff-filed", id=ResultOf("ticket"))
        new = self._ticket(event.user_id, draft)
        urgent = urgent_reason(self.content, event.text)
        if urgent is not None:
            new.priority, new.priority_reason = TicketPriority.URGENT, urgent
        actions = [FileTicket(new), ToDesk(ResultOf("ticket"), reason)]
        earlier = await self.lookup.unheard(event.user_id, event.date - UNHEARD_FOR)
        if earlier:  # what the user said before asking, that nobody read
            actions += [Relay(ResultOf("ticket"), earlier), Unheard(())]
        if carries:
            actions.append(Relay(ResultOf("ticket")))
        actions.append(Send(View(parts=(told,), buttons=buttons.buttons)))
        # A report under way went into the ticket.
        return Step(None, await self.with_wait(actions, None))

    async def with_wait(self, actions: list[Action], public_id: str | None) -> list[Action]:
        """``actions`` with the user's place in the queue and the wait added to their
        last message (the hand-off's or the report's confirmation). ``public_id``: the
        ticket, or None for one being filed in this batch."""
        facts = await self.lookup.queue(public_id)
        if not facts.waiting:
            return actions
        for i in range(len(actions) - 1, -1, -1):
            found = actions[i]
            if isinstance(found, Send):
                view = replace(found.view, parts=(*found.view.parts, wait_line(facts)))
                actions[i] = replace(found, view=view)
                break
        return actions

    async def queue_view(self, event: Inbound) -> View:
        """/queue: the user's place and wait, or that an agent has their ticket already."""
        ticket = await self.active(event.user_id)
        if ticket is None or ticket.status not in ACTIVE:
            return View(parts=(Text.of("queue-no-ticket"),))
        facts = await self.lookup.queue(ticket.public_id)
        if not facts.waiting:
            return View(parts=(Text.of("queue-taken", id=ticket.public_id),))
        return View(parts=(Text.of("queue-ticket", id=ticket.public_id), wait_line(facts)))

    def _ticket(self, user_id: int, draft: Draft | None) -> NewTicket:
        """The ticket of a hand-off: the report's answers so far, if one was under way."""
        if draft is None or not draft.category or self.content.category(draft.category) is None:
            answers = draft.answers if draft is not None else {}
            asked = {QUESTION: answers[QUESTION]} if answers.get(QUESTION) else {}
            order = answers.get(ORDER_HINT)
            return NewTicket(user_id, CONVERSATION, order_number=order, fields=asked)
        return ticket_from_report(
            user_id,
            draft.category,
            self.content.form(draft.category),
            draft.answers,
            linked_order=draft.answers.get(ORDER_HINT),
            question=draft.answers.get(QUESTION),
        )


def _by_user(event: Inbound, ticket: DeskTicket, **change: Any) -> ChangeTicket:
    """A change the user's own message makes to their ticket."""
    return ChangeTicket(
        ticket.public_id, event.user_id, actor_kind="user", actor_name=event.first_name, **change
    )
