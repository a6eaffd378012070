"""Applies what the dialogs decided, in order, inside one update's unit of work: domain
effects (tickets, drafts, language) and messages as outbox rows, each to the destination
its action names. Nothing here waits for Telegram (but the spam topic's making, once per
desk: bot.app.desk_spam): the rows are sent once the unit commits.

A filed ticket's public id is a result later actions of the batch use (``ResultOf``). What
Telegram gives only once it has sent something (a topic's thread, a message's id) is never
waited for: a row for a ticket's topic finds the thread as it is sent (bot.app.topic_fill),
and the desk records the rest with the row's outcome (bot.storage.desk).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from bot.app.desk_card import CardMaker, DeskPlace
from bot.app.desk_changes import DeskChanges
from bot.app.desk_effects import DeskEffects
from bot.app.desk_groups import DeskGroups
from bot.app.desk_spam import DeskSpam
from bot.app.desk_topics import TopicPoster
from bot.app.notice_effects import NoticeEffects
from bot.app.notify import Notify
from bot.app.order_checks import SqlOrderChecks
from bot.app.order_effects import OrderEffects
from bot.app.render import Renderer
from bot.app.unit_of_work import UnitOfWork
from bot.storage import kb_log
from bot.storage.desk import DeskStore
from bot.storage.drafts import SqlDraftStore
from bot.storage.models import OutboxMessage
from bot.storage.outbox_rows import OutboxRows
from bot.storage.tickets import TicketStore
from bot.storage.users import UserStore
from bot.telegram import op_codec
from bot.telegram.ops import AnswerCallback, Op, SendText
from bot.telegram.outbox import Priority, Transport
from dialogs.actions import (
    Action,
    AnswerButton,
    ChangeTicket,
    CommentTicket,
    Destination,
    DropDraft,
    FileTicket,
    Hold,
    KeepDraft,
    Origin,
    RateTicket,
    Relay,
    RelayEdit,
    ResultOf,
    Screen,
    Send,
    SetAlias,
    SetBan,
    SetDuty,
    SetLanguage,
    ToDesk,
    ToSpam,
    Unheard,
    UserChat,
    check_results,
    with_results,
)
from dialogs.content import Content
from dialogs.events import Inbound
from dialogs.kb.actions import RecordKb
from dialogs.notices.actions import NoticeAction
from dialogs.orders.actions import KeepCheck, RecordLookup, SetSnapshot, WatchChannel
from dialogs.tickets.tags import auto_tags
from dialogs.views import View

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Address:
    """A destination made concrete: a chat, maybe a topic, the language and the lane."""

    chat_id: int
    thread: int | None
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
    order_checks: SqlOrderChecks


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
        transport: Transport | None = None,
        notices: NoticeEffects | None = None,
    ) -> None:
        """``transport``: Telegram, for the one thing awaited here (the spam topic made);
        ``notices``: broadcasts and users' notice choices (bot.app.notice_effects)."""
        self.renderer = renderer
        self.notices = notices
        self.stores = stores
        self.agent_chat_id = agent_chat_id
        self.desk_locale = desk_locale
        place = DeskPlace(agent_chat_id, desk_locale, tz or ZoneInfo("UTC"))
        cards = CardMaker(renderer, stores.users, stores.tickets, content, place)
        self.groups = DeskGroups(place, content.desk.groups, stores.users)
        self.topics = TopicPoster(cards, stores.desk, place, self.groups, self.queue)
        self.changes = DeskChanges(stores.tickets, stores.desk, cards, self.topics, place,
                                   self.queue)  # fmt: skip
        self.desk = DeskEffects(renderer, stores.users, stores.tickets, stores.desk, self.topics,
                                place, self.queue, self.changes.refresh)  # fmt: skip
        self.place = place
        self.spam = DeskSpam(renderer, stores.users, place, self.queue, transport)
        self.tag_rules = content.desk.tag_rules
        self.orders = OrderEffects(stores.tickets, stores.order_checks, self.changes.refresh)

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
                    at = unit.now.astimezone(self.place.tz)  # time-of-day tags: operator's zone
                    tags = auto_tags(ticket.category, ticket.fields, at, self.tag_rules)
                    filed = await self.stores.tickets.create(ticket, session, tags=tags)
                    results[name] = filed.public_id
                case ToDesk(ticket=ticket, reason=reason):
                    await self.desk.to_desk(unit, _public_id(ticket, results), reason)
                case Relay(ticket=ticket, message_ids=earlier, user_chat=source):
                    public_id = _public_id(ticket, results)
                    await self.desk.relay(unit, event, public_id, earlier, source)
                case Unheard(message_ids=ids, user_id=whose):
                    await self.stores.users.note_unheard(
                        whose or event.user_id, ids, event.date, unit.session
                    )
                case Screen():
                    await self.spam.screen(unit, action)
                case ToSpam(header=header):
                    await self.spam.copy(unit, event, header)
                case RelayEdit(ticket=ticket):
                    await self.desk.relay_edit(unit, event, ticket)
                case ChangeTicket():
                    await self.changes.change(unit, action)
                case SetBan():
                    await self.changes.ban(unit, action)
                case SetAlias():
                    await self.changes.alias(unit, action)
                case Hold():
                    await self.desk.hold(unit, event, action)
                case RateTicket():
                    await self.changes.rate(unit, action)
                case CommentTicket():
                    await self.changes.comment(unit, action)
                case SetDuty():
                    await self.changes.duty(unit, action)
                case RecordLookup() | KeepCheck() | WatchChannel() | SetSnapshot():
                    await self.orders.apply(unit, event, action)
                case RecordKb():
                    kb_log.record(unit.session, event.user_id, action, unit.now)
                case _ if isinstance(action, NoticeAction) and self.notices is not None:
                    await self.notices.apply(unit, event, locale, action)
                case Send(view=view, to=to, reply_to=reply_to):
                    where = await self._address(unit, to, event, locale)
                    await self.send(
                        unit,
                        where.chat_id,
                        with_results(view, results),
                        where.locale,
                        reply_to=reply_to,
                        thread=where.thread,
                        priority=where.priority,
                        notify=where.notify,
                        ticket_id=where.ticket_id,
                    )
        return results

    async def _address(
        self, unit: UnitOfWork, to: Destination, event: Inbound, locale: str
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
        raise TypeError(f"not a destination: {to!r}")

    async def send(
        self,
        unit: UnitOfWork,
        chat_id: int,
        view: View,
        locale: str,
        *,
        reply_to: int | None = None,
        thread: int | None = None,
        priority: Priority = Priority.ANSWER,
        notify: str = Notify.USER,
        ticket_id: int | None = None,
    ) -> OutboxMessage:
        """A message with ``view`` for ``chat_id``, as a row of ``unit``."""
        op = SendText(
            chat_id=chat_id,
            text=self.renderer.text(view, locale),
            buttons=self.renderer.keyboard(view.buttons, locale),
            thread_id=thread,
            reply_to=reply_to,
        )
        return self.queue(unit, op, priority, notify, locale, ticket_id=ticket_id)

    @staticmethod
    def queue(
        unit: UnitOfWork,
        op: Op,
        priority: Priority,
        notify: str,
        locale: str | None = None,
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
            fill=fill,
            ticket_id=ticket_id,
            link=link,
            notify=notify,
            locale=locale,
            created_at=unit.now,
            owner=unit.owner,
        )
        unit.rows.append((row, op))
        return row


def _public_id(ticket: str | ResultOf, results: dict[str, Any]) -> str:
    return str(results[ticket.name]) if isinstance(ticket, ResultOf) else ticket
