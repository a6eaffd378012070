"""Agents' changes to tickets and to the desk, in an update's unit of work: claim, priority,
tags, status, notes; bans; aliases. Each change is a line of the ticket's trail, and the
ticket's card and topic name are brought up to date (edited in place, never posted anew).
"""

from __future__ import annotations

from typing import Any

from bot.app.desk_card import CardMaker, DeskPlace
from bot.app.desk_effects import Queue
from bot.app.notify import Notify
from bot.app.unit_of_work import UnitOfWork
from bot.storage.desk import DeskStore
from bot.storage.models import Agent, Ban, Ticket, TicketEvent
from bot.storage.tickets import TicketStore
from bot.telegram.ops import EditText, EditTopic, SendText
from bot.telegram.outbox import Priority
from dialogs.actions import ChangeTicket, SetAlias, SetBan
from dialogs.tickets.status import TicketStatus, can_move
from dialogs.views import Text, View

_DONE = (TicketStatus.RESOLVED, TicketStatus.CLOSED)


class DeskChanges:
    """Applies ChangeTicket, SetBan and SetAlias."""

    def __init__(
        self,
        tickets: TicketStore,
        desk: DeskStore,
        cards: CardMaker,
        place: DeskPlace,
        queue: Queue,
    ) -> None:
        self._tickets = tickets
        self._desk = desk
        self._cards = cards
        self._place = place
        self._chat_id = place.chat_id
        self._locale = place.locale
        self._queue = queue

    async def change(self, unit: UnitOfWork, change: ChangeTicket) -> None:
        ticket = await self._tickets.by_public_id(change.ticket, unit.session)
        if ticket is None:
            raise LookupError(f"no ticket {change.ticket}")
        done: list[tuple[str, dict[str, Any]]] = []
        if change.claim and ticket.assignee_id != change.actor_id:
            ticket.assignee_id, ticket.assignee_name = change.actor_id, change.actor_name
            done.append(("claimed", {"by": change.actor_name}))
        if change.priority is not None and change.priority != ticket.priority:
            done.append(("priority", {"from": ticket.priority, "to": change.priority}))
            ticket.priority, ticket.priority_reason = change.priority, change.priority_reason
        new_tags = [t for t in change.add_tags if t not in ticket.tags]
        if new_tags:
            ticket.tags = [*ticket.tags, *new_tags]  # a new list: JSON columns see no mutation
            done.append(("tagged", {"tags": new_tags}))
        if change.status is not None and can_move(ticket.status, change.status):
            done.append(("status", {"from": ticket.status, "to": change.status}))
            ticket.status = change.status
            ticket.closed_at = unit.now if change.status in _DONE else None
        if change.note:
            done.append(("note", {"text": change.note}))
        for kind, data in done:
            unit.session.add(
                TicketEvent(
                    ticket_id=ticket.id,
                    at=unit.now,
                    actor_kind=change.actor_kind,
                    actor_id=change.actor_id,
                    kind=kind,
                    data=data,
                )
            )
        if any(kind != "note" for kind, _ in done):
            ticket.updated_at = unit.now
            await self.refresh(unit, ticket)
        moved = next((data["to"] for kind, data in done if kind == "status"), None)
        if change.actor_kind == "user" and moved is not None:
            await self._tell_topic(unit, ticket, "desk-user-" + moved)

    async def refresh(self, unit: UnitOfWork, ticket: Ticket) -> None:
        """Edit the card to the ticket as it is now, and rename its topic if the name
        changed (its priority or status shows there)."""
        topic = await self._desk.topic_of(ticket.id, unit.session)
        if topic is None or self._chat_id is None:
            return
        card = await self._cards.card(unit, ticket, topic.reason)
        edit = EditText(self._chat_id, 0, card.text, buttons=card.buttons)
        # A failed card edit is not worth an alert: the next change edits it again.
        self._queue(
            unit, edit, Priority.DESK, Notify.NOBODY, self._locale, fill="card", ticket_id=ticket.id
        )
        if self._place.forum and card.topic_name != topic.name:
            topic.name = card.topic_name
            rename = EditTopic(self._chat_id, 0, card.topic_name)
            self._queue(
                unit,
                rename,
                Priority.DESK,
                Notify.NOBODY,
                self._locale,
                fill="topic",
                ticket_id=ticket.id,
            )

    async def _tell_topic(self, unit: UnitOfWork, ticket: Ticket, key: str) -> None:
        """One of kefu's own lines in the ticket's topic (agents hear what the user did)."""
        topic = await self._desk.topic_of(ticket.id, unit.session)
        if topic is None or self._chat_id is None:
            return
        text = self._cards.renderer.text(
            View(parts=(Text.of(key, id=ticket.public_id),)), self._locale
        )
        self._queue(
            unit,
            SendText(self._chat_id, text),
            Priority.DESK,
            Notify.ADMINS,
            self._locale,
            fill=self._place.fill,
            ticket_id=ticket.id,
        )

    @staticmethod
    async def ban(unit: UnitOfWork, action: SetBan) -> None:
        found = await unit.session.get(Ban, action.user_id)
        if not action.banned:
            if found is not None:
                await unit.session.delete(found)
            return
        if action.told:  # the notice went out: a ban lifted meanwhile stays lifted
            if found is not None:
                found.told = True
            return
        if found is None:
            unit.session.add(
                Ban(
                    user_id=action.user_id,
                    reason=action.reason,
                    banned_by=action.by,
                    banned_at=unit.now,
                    told=False,
                )
            )
        else:  # banned again: a new reason, and the user's one notice again
            found.reason, found.banned_by, found.banned_at = action.reason, action.by, unit.now
            found.told = False

    @staticmethod
    async def alias(unit: UnitOfWork, action: SetAlias) -> None:
        found = await unit.session.get(Agent, action.agent_id)
        if found is None:
            unit.session.add(
                Agent(user_id=action.agent_id, alias=action.alias, updated_at=unit.now)
            )
        else:
            found.alias, found.updated_at = action.alias, unit.now
