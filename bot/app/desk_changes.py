"""Agents' changes to tickets and to the desk, in an update's unit of work: claim, priority,
tags, status, notes; bans; aliases. Each change is a line of the ticket's trail, and the
ticket's card and topic name are brought up to date (edited in place, never posted anew).
"""

from __future__ import annotations

from bot.app import ticket_life as life
from bot.app.desk_card import CardMaker, DeskPlace
from bot.app.desk_effects import Queue
from bot.app.desk_topics import TopicPoster
from bot.app.notify import Notify
from bot.app.unit_of_work import UnitOfWork
from bot.storage.desk import DeskStore
from bot.storage.models import Agent, Ban, Ticket
from bot.storage.tickets import TicketStore
from bot.telegram.ops import EditText, EditTopic, SendText
from bot.telegram.outbox import Priority
from dialogs.actions import ChangeTicket, CommentTicket, RateTicket, SetAlias, SetBan, SetDuty
from dialogs.desk import reminders
from dialogs.desk.rating import LOW_RATING, is_low
from dialogs.views import Label, Literal, Text, View


class DeskChanges:
    """Applies ChangeTicket, SetBan and SetAlias."""

    def __init__(
        self,
        tickets: TicketStore,
        desk: DeskStore,
        cards: CardMaker,
        topics: TopicPoster,
        place: DeskPlace,
        queue: Queue,
    ) -> None:
        self._tickets = tickets
        self._desk = desk
        self._cards = cards
        self._topics = topics
        self._place = place
        self._locale = place.locale
        self._queue = queue

    async def change(self, unit: UnitOfWork, change: ChangeTicket) -> None:
        ticket = await self._tickets.by_public_id(change.ticket, unit.session)
        if ticket is None:
            raise LookupError(f"no ticket {change.ticket}")
        session, now = unit.session, unit.now
        who = (change.actor_kind, change.actor_id)
        changed = False
        if change.claim:
            changed |= life.claim(session, ticket, change.actor_id, change.actor_name, now)
        if change.priority is not None and change.priority != ticket.priority:
            life.record(
                session,
                ticket,
                now,
                "priority",
                {"from": ticket.priority, "to": change.priority},
                *who,
            )
            ticket.priority, ticket.priority_reason = change.priority, change.priority_reason
            changed = True
        new_tags = [t for t in change.add_tags if t not in ticket.tags]
        if new_tags:
            ticket.tags = [*ticket.tags, *new_tags]  # a new list: JSON columns see no mutation
            life.record(session, ticket, now, "tagged", {"tags": new_tags}, *who)
            changed = True
        moved = change.status is not None and life.move(session, ticket, change.status, now, *who)
        if change.note:
            life.record(session, ticket, now, "note", {"text": change.note}, *who)
        if changed or moved:
            ticket.updated_at = now
            await self.refresh(unit, ticket)
        if change.actor_kind == "user" and moved:
            await self.tell_topic(
                unit, ticket, Text.of("desk-user-" + ticket.status, id=ticket.public_id)
            )

    async def refresh(self, unit: UnitOfWork, ticket: Ticket) -> None:
        """Edit the card to the ticket as it is now, and rename its topic if the name
        changed (its priority or status shows there)."""
        topic = await self._desk.topic_of(ticket.id, unit.session)
        if topic is None:
            return
        chat = await self._topics.groups.chat_for(unit, ticket)
        if chat is None:
            return
        if topic.chat_id != chat:  # its group moved: a new topic there, with the card as now
            await self._topics.remake(unit, ticket, topic, chat)
            return
        card = await self._cards.card(unit, ticket, topic.reason)
        edit = EditText(chat, 0, card.text, buttons=card.buttons)
        # A failed card edit is not worth an alert: the next change edits it again.
        self._queue(
            unit, edit, Priority.DESK, Notify.NOBODY, self._locale, fill="card", ticket_id=ticket.id
        )
        if self._place.is_forum(chat) and card.topic_name != topic.name:
            topic.name = card.topic_name
            rename = EditTopic(chat, 0, card.topic_name)
            self._queue(
                unit,
                rename,
                Priority.DESK,
                Notify.NOBODY,
                self._locale,
                fill="topic",
                ticket_id=ticket.id,
            )

    async def tell_topic(
        self, unit: UnitOfWork, ticket: Ticket, *parts: Label, notify: str = Notify.ADMINS
    ) -> None:
        """One of kefu's own lines in the ticket's topic (agents hear what the user or the
        clock did)."""
        if await self._desk.topic_of(ticket.id, unit.session) is None:
            return  # never at the desk: nothing to tell there
        topic = await self._topics.here(unit, ticket, "desk-reason-report")
        if topic is None:
            return
        text = self._cards.renderer.text(View(parts=parts, separator="\n"), self._locale)
        self._queue(
            unit,
            SendText(topic.chat_id, text),
            Priority.DESK,
            notify,
            self._locale,
            fill=self._place.fill_for(topic.chat_id),
            ticket_id=ticket.id,
        )

    async def rate(self, unit: UnitOfWork, action: RateTicket) -> None:
        """The user's rating, once (a second press finds it rated); a low one is shown in
        the topic and tagged, so the agents look at it again."""
        ticket = await self._tickets.by_public_id(action.ticket, unit.session)
        if ticket is None or ticket.rating is not None:
            return
        ticket.rating, ticket.rated_at = action.score, unit.now
        life.record(
            unit.session, ticket, unit.now, "rated", {"score": action.score}, "user", ticket.user_id
        )
        if is_low(action.score):
            if LOW_RATING not in ticket.tags:
                ticket.tags = [*ticket.tags, LOW_RATING]
                life.record(unit.session, ticket, unit.now, "tagged", {"tags": [LOW_RATING]})
                await self.refresh(unit, ticket)  # the card shows the tag
            await self.tell_topic(
                unit, ticket, *reminders.low_rating(ticket.public_id, action.score, None)
            )

    async def comment(self, unit: UnitOfWork, action: CommentTicket) -> None:
        """The rating's comment, kept and shown in the topic."""
        ticket = await self._tickets.by_public_id(action.ticket, unit.session)
        if ticket is None or ticket.rating_comment is not None:
            return
        ticket.rating_comment = action.text
        life.record(unit.session, ticket, unit.now, "commented", {}, "user", ticket.user_id)
        score = ticket.rating or 0
        if is_low(score):
            parts = reminders.low_rating(ticket.public_id, score, action.text)
        else:
            parts = (
                Text.of("desk-rating-comment", id=ticket.public_id, score=score),
                Literal(action.text),
            )
        await self.tell_topic(unit, ticket, *parts)

    @staticmethod
    async def duty(unit: UnitOfWork, action: SetDuty) -> None:
        found = await unit.session.get(Agent, action.agent_id)
        if found is None:
            found = Agent(user_id=action.agent_id, alias=None, updated_at=unit.now)
            unit.session.add(found)
        found.on_duty, found.name, found.updated_at = action.on, action.name, unit.now

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
