"""The desk's effects inside an update's unit of work: a ticket's topic made once and its
card posted, and messages copied between a user's chat and the ticket's topic.

Nothing waits for Telegram. A ticket's messages name the ticket, and the sender looks its
topic up as each is sent, so they follow a topic made earlier in the same queue, or one
made again. What Telegram answers (the thread, the card's and each copy's message id) is
recorded with the row's outcome (bot.storage.desk), which is how replies and edits later
find their way across.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from bot.app import relay_ops
from bot.app import ticket_life as life
from bot.app.desk_budget import merged_header
from bot.app.desk_card import DeskPlace
from bot.app.desk_topics import TopicPoster
from bot.app.notify import Notify
from bot.app.render import Renderer
from bot.app.unit_of_work import Queue, UnitOfWork
from bot.observe.logs import note_in_logs
from bot.storage.desk import MERGED, DeskStore
from bot.storage.models import Ticket
from bot.storage.tickets import TicketStore
from bot.storage.users import UserStore
from bot.telegram.entities_html import to_html
from bot.telegram.ops import Op, SendText
from bot.telegram.outbox import Priority
from dialogs.actions import Hold
from dialogs.desk.commands import agent_name
from dialogs.events import Inbound, Kind
from dialogs.tickets.status import TicketStatus, after_message
from dialogs.views import Text, View


class DeskEffects:
    """Applies ToDesk, Relay and RelayEdit; ``queue`` adds a row to the unit
    (Executor.queue)."""

    def __init__(
        self,
        renderer: Renderer,
        users: UserStore,
        tickets: TicketStore,
        desk: DeskStore,
        topics: TopicPoster,
        place: DeskPlace,
        queue: Queue,
        refresh: Callable[[UnitOfWork, Ticket], Awaitable[None]],
    ) -> None:
        """``refresh``: brings a ticket's card up to date (DeskChanges.refresh)."""
        self._words = merged_header(renderer, place.tz, place.locale)
        self._refresh = refresh
        self._renderer = renderer
        self._users = users
        self._tickets = tickets
        self._desk = desk
        self._topics = topics
        self._place = place
        self._queue = queue

    async def to_desk(self, unit: UnitOfWork, public_id: str, reason: str) -> None:
        """The ticket's topic and card, unless the ticket has them already."""
        if self._place.chat_id is None:
            return
        ticket = await self._ticket(unit, public_id)
        if ticket.status == TicketStatus.NEW:  # before the agents now: in the queue
            life.move(unit.session, ticket, TicketStatus.OPEN, unit.now)
        await self._topics.here(unit, ticket, reason)

    async def relay(
        self,
        unit: UnitOfWork,
        event: Inbound,
        public_id: str,
        earlier: tuple[int, ...] = (),
        user_chat: int | None = None,
    ) -> None:
        """Copy the event's message(s) across: a user's into the topic (made first if the
        ticket has none yet), an agent's to the user; ``earlier``: the user's messages
        nobody read, instead of the event's, from ``user_chat`` if the event is not the
        user's (an agent released them from the spam topic)."""
        if self._place.chat_id is None:
            return
        ticket = await self._ticket(unit, public_id)
        if event.is_private or user_chat is not None:
            topic = await self._topics.here(unit, ticket, "desk-reason-report")
            assert topic is not None
            chat = topic.chat_id
            reply = None
            if event.reply_to is not None and not earlier:
                link = await self._desk.by_user_message(event.user_id, event.reply_to)
                # Only within this ticket's topic: an old ticket's message (or one in a
                # group the desk moved away from) is elsewhere.
                if link is not None and (link.ticket_id, link.desk_chat_id) == (ticket.id, chat):
                    reply = link.desk_message_id
            ids = earlier or event.message_ids
            op = relay_ops.copy(chat, user_chat or event.chat_id, ids, reply)
            self._add(
                unit,
                op,
                Priority.DESK,
                Notify.DESK,
                ticket,
                fill=self._place.fill_for(chat),
                link=_pair(ticket, "user", ids) | _words(event, earlier),
            )
            _waits(unit, ticket, "user", user_chat or event.user_id)
            return
        if life.answered(unit.session, ticket, event.user_id, agent_name(event), unit.now):
            await self._refresh(unit, ticket)  # the card shows who has it now
        chat = event.chat_id  # the agent's group
        reply = None
        if event.reply_to is not None:
            link = await self._desk.by_desk_message(chat, event.reply_to)
            reply = link.user_message_id if link is not None else None
        alias = await self._desk.alias_of(event.user_id, unit.session)
        op = relay_ops.agent_copy(ticket.user_id, chat, event, reply, alias)
        pair = _pair(ticket, "agent", event.message_ids) | {"desk_chat": chat}
        self._add(unit, op, Priority.ANSWER, Notify.DESK, ticket, link=pair)
        _waits(unit, ticket, "agent", event.user_id)

    async def hold(self, unit: UnitOfWork, event: Inbound, action: Hold) -> None:
        """A flooding user's message(s) held on the ticket; the desk's clock relays them
        as one when the flood's window ends (bot.app.desk_clock)."""
        ticket = await self._ticket(unit, action.ticket)
        at = int(event.date.timestamp())
        texts = [action.text] if len(action.message_ids) == 1 else [None] * len(action.message_ids)
        held = [[m, at, text] for m, text in zip(action.message_ids, texts, strict=True)]
        ticket.held = [*ticket.held, *held]  # a new list: JSON columns see no mutation
        _waits(unit, ticket, "user", event.user_id)  # they answered, held or not

    async def relay_held(self, unit: UnitOfWork, ticket: Ticket) -> int:
        """What a flooding user sent meanwhile, to the topic as one relay: texts as lines
        of one message under a header ("📨 12 messages, 14:02–14:03"), anything else
        copied in between, in order. How many messages went (the ticket holds none now)."""
        held, ticket.held = ticket.held, []
        topic = await self._topics.here(unit, ticket, "desk-reason-report")
        if topic is None or not held:
            return 0
        chat, fill = topic.chat_id, self._place.fill_for(topic.chat_id)
        times = [datetime.fromtimestamp(at, UTC) for _, at, _ in held]
        header = self._words(times, self._place.locale)
        for texts, group in itertools.groupby(held, key=lambda h: h[2] is not None):
            run = list(group)
            ids = tuple(m for m, _, _ in run)
            if texts:
                lines = [self._words.line(datetime.fromtimestamp(at, UTC), html.escape(t))
                         for _, at, t in run]  # fmt: skip
                op: Op = SendText(chat, "\n".join([header, *lines]) if header else "\n".join(lines))
                link = _pair(ticket, "user", ids) | {"merged": True}
                self._add(unit, op, Priority.DESK, Notify.DESK, ticket, fill=fill, link=link)
            else:
                if header:  # the header goes first, on its own before copies
                    self._add(unit, SendText(chat, header), Priority.DESK, Notify.DESK, ticket,
                              fill=fill)  # fmt: skip
                for start in range(0, len(ids), relay_ops.MAX_COPIES):
                    part = ids[start : start + relay_ops.MAX_COPIES]
                    op = relay_ops.copy(chat, ticket.user_id, part, None)
                    link = _pair(ticket, "user", part)
                    self._add(unit, op, Priority.DESK, Notify.DESK, ticket, fill=fill, link=link)
            header = ""
        return len(held)

    async def relay_edit(self, unit: UnitOfWork, event: Inbound, public_id: str) -> None:
        """An edit follows to the copy: its text or caption edited in place. A message kefu
        has no copy of (not sent yet, or never linked) gets a new message on the other
        side quoting the new text."""
        text = event.text
        if self._place.chat_id is None or not text or event.message_id is None:
            return
        ticket = await self._ticket(unit, public_id)
        if event.is_private:
            topic = await self._topics.here(unit, ticket, "desk-reason-report")
            assert topic is not None
            chat = topic.chat_id
            link = await self._desk.by_user_message(event.user_id, event.message_id)
            if link is not None and link.desk_chat_id != chat:
                link = None  # its copy is in a group the desk moved away from
            # A merged text holds other messages too: the edit is told, not written over.
            to, copy = chat, (link.desk_message_id if link and link.origin != MERGED else None)
            priority, notify, fill = Priority.DESK, Notify.ADMINS, self._place.fill_for(chat)
        else:
            chat = event.chat_id
            link = await self._desk.by_desk_message(chat, event.message_id)
            to, copy = ticket.user_id, (link.user_message_id if link else None)
            priority, notify, fill = Priority.ANSWER, Notify.DESK, None
        if copy is not None:
            alias = None
            if not event.is_private:  # an agent's alias line stays under the edited text
                alias = await self._desk.alias_of(event.user_id, unit.session)
            self._add(unit, relay_ops.edited(to, copy, event, alias), priority, notify, ticket)
            return
        locale = self._place.locale
        if not event.is_private:
            user = await self._users.get(ticket.user_id, unit.session)
            locale = user.language if user is not None else locale
        view = View(parts=(Text.of("desk-edited", text=text),))
        self._add(
            unit,
            SendText(to, self._renderer.text(view, locale)),
            priority,
            notify,
            ticket,
            fill=fill,
        )

    async def _ticket(self, unit: UnitOfWork, public_id: str) -> Ticket:
        note_in_logs(ticket=public_id)  # the update's later lines name its ticket
        ticket = await self._tickets.by_public_id(public_id, unit.session)
        if ticket is None:
            raise LookupError(f"no ticket {public_id}")
        return ticket

    def _add(
        self,
        unit: UnitOfWork,
        op: Op,
        priority: Priority,
        notify: str,
        ticket: Ticket,
        *,
        fill: str | None = None,
        link: dict[str, object] | None = None,
    ) -> None:
        self._queue(
            unit,
            op,
            priority,
            notify,
            self._place.locale,
            fill=fill,
            ticket_id=ticket.id,
            link=link,
        )


def _pair(ticket: Ticket, origin: str, messages: tuple[int, ...]) -> dict[str, object]:
    return {
        "kind": "pair",
        "ticket": ticket.id,
        "user": ticket.user_id,
        "origin": origin,
        "messages": list(messages),
    }


def _words(event: Inbound, earlier: tuple[int, ...]) -> dict[str, object]:
    """A single plain text's words (Telegram HTML), so that queued behind others it can be
    merged as one line of one desk message (bot.app.desk_budget) rather than copied."""
    if earlier or event.media or not event.text or len(event.message_ids) != 1:
        return {}
    if event.kind != Kind.MESSAGE:
        return {}
    return {"text": to_html(event.text, event.entities)}


def _waits(unit: UnitOfWork, ticket: Ticket, actor: str, actor_id: int) -> None:
    """Who waits on whom now (dialogs.tickets.status.after_message), in the ticket's
    trail."""
    claimed = ticket.assignee_id is not None
    wanted = after_message(ticket.status, from_agent=actor == "agent", claimed=claimed)
    if wanted is not None:
        life.move(unit.session, ticket, wanted, unit.now, actor, actor_id)
