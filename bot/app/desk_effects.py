"""The desk's effects inside an update's unit of work: a ticket's topic made once and its
card posted, and messages copied between a user's chat and the ticket's topic.

Nothing waits for Telegram. A ticket's messages name the ticket, and the sender looks its
topic up as each is sent, so they follow a topic made earlier in the same queue, or one
made again. What Telegram answers (the thread, the card's and each copy's message id) is
recorded with the row's outcome (bot.storage.desk), which is how replies and edits later
find their way across.
"""

from __future__ import annotations

from bot.app import relay_ops
from bot.app.desk_card import DeskPlace
from bot.app.desk_topics import TopicPoster
from bot.app.notify import Notify
from bot.app.render import Renderer
from bot.app.unit_of_work import Queue, UnitOfWork
from bot.storage.desk import DeskStore
from bot.storage.models import Ticket, TicketEvent
from bot.storage.tickets import TicketStore
from bot.storage.users import UserStore
from bot.telegram.ops import Op, SendText
from bot.telegram.outbox import Priority
from dialogs.events import Inbound
from dialogs.tickets.status import after_message
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
    ) -> None:
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
        if await self._desk.topic_of(ticket.id, unit.session) is None:
            await self._topics.open(unit, ticket, reason)

    async def relay(
        self, unit: UnitOfWork, event: Inbound, public_id: str, earlier: tuple[int, ...] = ()
    ) -> None:
        """Copy the event's message(s) across: a user's into the topic (made first if the
        ticket has none yet), an agent's to the user; ``earlier``: the user's messages
        nobody read, instead of the event's."""
        chat = self._place.chat_id
        if chat is None:
            return
        ticket = await self._ticket(unit, public_id)
        if event.is_private:
            if await self._desk.topic_of(ticket.id, unit.session) is None:
                await self._topics.open(unit, ticket, "desk-reason-report")
            reply = None
            if event.reply_to is not None and not earlier:
                link = await self._desk.by_user_message(event.user_id, event.reply_to)
                # Only within this ticket: an old ticket's message is in another topic.
                if link is not None and link.ticket_id == ticket.id:
                    reply = link.desk_message_id
            ids = earlier or event.message_ids
            op = relay_ops.copy(chat, event.chat_id, ids, reply)
            self._add(
                unit,
                op,
                Priority.DESK,
                Notify.DESK,
                ticket,
                fill=self._place.fill,
                link=_pair(ticket, "user", ids),
            )
            _waits(unit, ticket, "user", event.user_id)
            return
        reply = None
        if event.reply_to is not None:
            link = await self._desk.by_desk_message(chat, event.reply_to)
            reply = link.user_message_id if link is not None else None
        alias = await self._desk.alias_of(event.user_id, unit.session)
        op = relay_ops.agent_copy(ticket.user_id, chat, event, reply, alias)
        pair = _pair(ticket, "agent", event.message_ids) | {"desk_chat": chat}
        self._add(unit, op, Priority.ANSWER, Notify.DESK, ticket, link=pair)
        _waits(unit, ticket, "agent", event.user_id)

    async def relay_edit(self, unit: UnitOfWork, event: Inbound, public_id: str) -> None:
        """An edit follows to the copy: its text or caption edited in place. A message kefu
        has no copy of (not sent yet, or never linked) gets a new message on the other
        side quoting the new text."""
        chat, text = self._place.chat_id, event.text
        if chat is None or not text or event.message_id is None:
            return
        ticket = await self._ticket(unit, public_id)
        if event.is_private:
            link = await self._desk.by_user_message(event.user_id, event.message_id)
            to, copy = chat, (link.desk_message_id if link else None)
            priority, notify, fill = Priority.DESK, Notify.ADMINS, self._place.fill
        else:
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


def _waits(unit: UnitOfWork, ticket: Ticket, actor: str, actor_id: int) -> None:
    """Who waits on whom now (dialogs.tickets.status.after_message), in the ticket's
    trail."""
    wanted = after_message(ticket.status, from_agent=actor == "agent")
    if wanted is None:
        return
    unit.session.add(
        TicketEvent(
            ticket_id=ticket.id,
            at=unit.now,
            actor_kind=actor,
            actor_id=actor_id,
            kind="status",
            data={"from": ticket.status, "to": wanted},
        )
    )
    ticket.status = wanted
    ticket.updated_at = unit.now
