"""Applies what the dialogs decided, in order, inside one update's unit of work: domain
effects (tickets, drafts, language) and messages as outbox rows, each to the destination
its action names. Nothing here waits for Telegram: the rows are sent once the unit commits.

An action may name its result for later actions of the same batch (``ResultOf``): a
ticket's public id is known at once; a new topic's thread or a message's id is known only
once Telegram has sent it, so a later message of the same chat that needs it names the
earlier row, and the sender fills the field in just before sending (see bot.app.sender).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from bot.app.desk_card import CardMaker, DeskPlace
from bot.app.desk_changes import DeskChanges
from bot.app.desk_effects import DeskEffects
from bot.app.desk_topics import TopicPoster
from bot.app.notify import Notify
from bot.app.render import Renderer
from bot.app.unit_of_work import UnitOfWork
from bot.storage.desk import DeskStore
from bot.storage.drafts import SqlDraftStore
from bot.storage.models import OutboxMessage
from bot.storage.outbox_rows import OutboxRows
from bot.storage.tickets import TicketStore
from bot.storage.users import UserStore
from bot.telegram import op_codec
from bot.telegram.ops import AnswerCallback, CreateTopic, Op, SendText
from bot.telegram.outbox import Priority
from dialogs.actions import (
    Action,
    AgentsGroup,
    AnswerButton,
    ChangeTicket,
    Destination,
    DropDraft,
    FileTicket,
    KeepDraft,
    OpenTopic,
    Origin,
    Relay,
    RelayEdit,
    ResultOf,
    Send,
    SetAlias,
    SetBan,
    SetLanguage,
    ToDesk,
    Unheard,
    UserChat,
    check_results,
    with_results,
)
from dialogs.content import Content
from dialogs.events import Inbound
from dialogs.views import View

log = logging.getLogger(__name__)


class NoAgentsGroup(RuntimeError):
    """An action wants the agents' group, and none is configured (KEFU_AGENT_CHAT_ID)."""


@dataclass(frozen=True)
class Later:
    """A result Telegram gives only once it has sent a row: a topic's thread or a message."""

    row: OutboxMessage
    kind: str  # "topic" (a later row's thread) | "message"

    @property
    def chat_id(self) -> int | None:
        return self.row.chat_id


@dataclass(frozen=True)
class Address:
    """A destination made concrete: a chat, maybe a topic, the language and the lane."""

    chat_id: int
    thread: int | Later | None
    locale: str
    priority: Priority
    notify: str
    ticket_id: int | None = None  # an agent's word to a user: its failure told in the topic


@dataclass(frozen=True)
class Stores:
    """The stores the executor writes to."""

    users: UserStore
    tickets: TicketStore
    drafts: SqlDraftStore
    desk: DeskStore


class Executor:
    """Carries out Actions for one event, in order, in the user's (possibly new) locale."""

    def __init__(
        self,
        renderer: Renderer,
        stores: Stores,
        content: Content,
        *,
        agent_chat_id: int | None = None,
        desk_locale: str = "en",
        tz: ZoneInfo | None = None,
    ) -> None:
        self.renderer = renderer
        self.stores = stores
        self.agent_chat_id = agent_chat_id
        self.desk_locale = desk_locale
        place = DeskPlace(agent_chat_id, desk_locale, tz or ZoneInfo("UTC"))
        cards = CardMaker(renderer, stores.users, stores.tickets, content, place)
        self.topics = TopicPoster(cards, place, self.queue)
        self.desk = DeskEffects(
            renderer, stores.users, stores.tickets, stores.desk, self.topics, place, self.queue
        )
        self.place = place
        self.changes = DeskChanges(stores.tickets, stores.desk, cards, place, self.queue)

    async def apply(
        self, unit: UnitOfWork, event: Inbound, locale: str, actions: list[Action]
    ) -> dict[str, Any]:
        """Carry out the actions in ``unit``; returns the named results. An exception stops
        the batch (the unit then rolls back: nothing of it happened), and a batch whose
        results do not add up is refused before anything is done."""
        check_results(actions)
        results: dict[str, Any] = {}
        session = unit.session
        for action in actions:
            match action:
                case AnswerButton(notice=notice):
                    if event.callback_id is not None:
                        text = self.renderer.plain_label(notice, locale) if notice else None
                        unit.answers.append(AnswerCallback(event.callback_id, text=text))
                case SetLanguage(locale=new):
                    await self.stores.users.set_language(event.user_id, new, session)
                    locale = new
                case KeepDraft(data=data):
                    await self.stores.drafts.put(event.user_id, data, session)
                case DropDraft():
                    await self.stores.drafts.delete(event.user_id, session)
                case FileTicket(ticket=ticket, result=name):
                    results[name] = (await self.stores.tickets.create(ticket, session)).public_id
                case ToDesk(ticket=ticket, reason=reason):
                    await self.desk.to_desk(unit, _public_id(ticket, results), reason)
                case Relay(ticket=ticket, message_ids=earlier):
                    public_id = _public_id(ticket, results)
                    await self.desk.relay(unit, event, public_id, earlier)
                case Unheard(message_ids=ids):
                    await self.stores.users.note_unheard(
                        event.user_id, ids, event.date, unit.session
                    )
                case RelayEdit(ticket=ticket):
                    await self.desk.relay_edit(unit, event, ticket)
                case ChangeTicket():
                    await self.changes.change(unit, action)
                case SetBan():
                    await self.changes.ban(unit, action)
                case SetAlias():
                    await self.changes.alias(unit, action)
                case OpenTopic(name=name, result=result):
                    op = CreateTopic(chat_id=self._agents(), name=name)
                    row = self.queue(unit, op, Priority.DESK, Notify.ADMINS)
                    results[result] = Later(row, "topic")
                case Send(view=view, to=to, reply_to=reply_to, result=result):
                    where = await self._address(unit, to, event, locale, results)
                    row = await self.send(
                        unit,
                        where.chat_id,
                        _filled(view, results),
                        where.locale,
                        reply_to=reply_to,
                        thread=where.thread,
                        priority=where.priority,
                        notify=where.notify,
                        ticket_id=where.ticket_id,
                    )
                    if result is not None:
                        results[result] = Later(row, "message")
        return results

    async def _address(
        self,
        unit: UnitOfWork,
        to: Destination,
        event: Inbound,
        locale: str,
        results: dict[str, Any],
    ) -> Address:
        match to:
            case Origin():
                notify = Notify.USER if event.is_private else Notify.ADMINS
                return Address(event.chat_id, event.thread_id, locale, Priority.ANSWER, notify)
            case UserChat(user_id=user_id, ticket=public_id):
                user = await self.stores.users.get(user_id, unit.session)
                theirs = user.language if user is not None else self.desk_locale
                if public_id is None:
                    return Address(user_id, None, theirs, Priority.ANSWER, Notify.USER)
                ticket = await self.stores.tickets.by_public_id(public_id, unit.session)
                ticket_id = ticket.id if ticket is not None else None
                return Address(user_id, None, theirs, Priority.ANSWER, Notify.DESK, ticket_id)
            case AgentsGroup(topic=topic):
                thread = results[topic.name] if isinstance(topic, ResultOf) else topic
                return Address(
                    self._agents(), thread, self.desk_locale, Priority.DESK, Notify.ADMINS
                )
        raise TypeError(f"not a destination: {to!r}")

    def _agents(self) -> int:
        if self.agent_chat_id is None:
            raise NoAgentsGroup("no agents' group is configured (KEFU_AGENT_CHAT_ID)")
        return self.agent_chat_id

    async def send(
        self,
        unit: UnitOfWork,
        chat_id: int,
        view: View,
        locale: str,
        *,
        reply_to: int | None = None,
        thread: int | Later | None = None,
        priority: Priority = Priority.ANSWER,
        notify: str = Notify.USER,
        ticket_id: int | None = None,
    ) -> OutboxMessage:
        """A message with ``view`` for ``chat_id``, as a row of ``unit``."""
        earlier = thread if isinstance(thread, Later) else None
        op = SendText(
            chat_id=chat_id,
            text=self.renderer.text(view, locale),
            buttons=self.renderer.keyboard(view.buttons, locale),
            thread_id=None if isinstance(thread, Later) else thread,
            reply_to=reply_to,
        )
        if earlier is not None:
            if earlier.kind != "topic":
                raise ValueError("a message goes into a topic, not into a message")
            if earlier.chat_id != chat_id:
                # Only a row of the same chat is sure to be settled first (one queue per chat).
                raise ValueError("a message can use a result of its own chat only")
            await unit.session.flush()  # the earlier row's id
        return self.queue(unit, op, priority, notify, locale, earlier, ticket_id=ticket_id)

    @staticmethod
    def queue(
        unit: UnitOfWork,
        op: Op,
        priority: Priority,
        notify: str,
        locale: str | None = None,
        earlier: Later | None = None,
        *,
        fill: str | None = None,
        ticket_id: int | None = None,
        link: dict[str, Any] | None = None,
    ) -> OutboxMessage:
        """Add ``op`` to ``unit`` as an outbox row, sent once the unit commits. A row for a
        ticket's topic names the ticket (``fill="topic"``); ``link`` says what Telegram's
        answer means for the desk (bot.storage.desk)."""
        row = OutboxRows.add(
            unit.session,
            chat_id=getattr(op, "chat_id", None),
            priority=int(priority),
            op=op_codec.dump(op),
            after=earlier.row.id if earlier else None,
            fill="thread" if earlier else fill,
            ticket_id=ticket_id,
            link=link,
            notify=notify,
            locale=locale,
            created_at=unit.now,
        )
        unit.rows.append((row, op))
        return row


def _public_id(ticket: str | ResultOf, results: dict[str, Any]) -> str:
    return str(results[ticket.name]) if isinstance(ticket, ResultOf) else ticket


def _filled(view: View, results: dict[str, Any]) -> View:
    """``view`` with its ResultOf texts filled; a result only Telegram will know (a message
    or topic id) cannot go into a text written now."""
    later = {name for name, value in results.items() if isinstance(value, Later)}
    try:
        return with_results(view, {k: v for k, v in results.items() if k not in later})
    except KeyError as exc:
        raise ValueError(f"result {exc.args[0]!r} is known only once it is sent") from exc
