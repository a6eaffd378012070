"""Applies what the dialogs decided, in order: domain effects (tickets, drafts, language)
and messages into the outbox, each to the destination its action names.

An action may name its result (a ticket's public id, a message's id, a new topic's thread);
later actions of the same batch use it through ``ResultOf``. Delivery failures come back
here as the outbox's futures finish: a 400 on an answer to the user is logged with its
method and reason and the user is told, once.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

from bot.app.render import Renderer
from bot.storage.tickets import TicketStore
from bot.storage.users import UserStore
from bot.support.clock import Clock
from bot.support.waiting import first_done
from bot.telegram.errors import BadRequest, Forbidden, TelegramError
from bot.telegram.ops import AnswerCallback, CreateTopic, OpResult, SendText
from bot.telegram.outbox import Outbox, OutboxClosed, Priority
from dialogs.actions import (
    Action,
    AgentsGroup,
    AnswerButton,
    Destination,
    DropDraft,
    FileTicket,
    KeepDraft,
    OpenTopic,
    Origin,
    ResultOf,
    Send,
    SetLanguage,
    UserChat,
    check_results,
    with_results,
)
from dialogs.events import Inbound
from dialogs.ports.drafts import DraftStore
from dialogs.views import Text, View

log = logging.getLogger(__name__)


class NoAgentsGroup(RuntimeError):
    """An action wants the agents' group, and none is configured (KEFU_AGENT_CHAT_ID)."""


class SendFailed(RuntimeError):
    """A message whose result a later action needed failed; its chat was already told (see
    ``Executor._watch``), so the batch stops without a second apology."""


class ResultLate(TimeoutError):
    """A result a later action needs (a message or topic id) did not come within the wait."""


@dataclass(frozen=True)
class Address:
    """A destination made concrete: a chat, maybe a topic, the language and the lane."""

    chat_id: int
    thread_id: int | None
    locale: str
    priority: Priority


@dataclass
class Applied:
    """What applying a batch gave: the messages queued (an update is confirmed once they
    are out) and the named results."""

    sent: list[asyncio.Future[OpResult]] = field(default_factory=list)
    results: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Stores:
    """The stores the executor writes to."""

    users: UserStore
    tickets: TicketStore
    drafts: DraftStore


class Executor:
    """Carries out Actions for one event, in order, in the user's (possibly new) locale."""

    def __init__(
        self,
        renderer: Renderer,
        outbox: Outbox,
        stores: Stores,
        clock: Clock,
        *,
        agent_chat_id: int | None = None,
        desk_locale: str = "en",
        result_wait: float = 10.0,
    ) -> None:
        """``result_wait``: clock seconds to wait for a result a later action needs; a chat
        is held meanwhile, so the wait is bounded."""
        self.renderer = renderer
        self.outbox = outbox
        self.stores = stores
        self.clock = clock
        self.agent_chat_id = agent_chat_id
        self.desk_locale = desk_locale
        self.result_wait = result_wait

    async def apply(self, event: Inbound, locale: str, actions: list[Action]) -> Applied:
        """Carry out the actions; an exception stops the batch where it happened (and a
        batch whose results do not add up is refused before anything is done)."""
        check_results(actions)
        applied = Applied()
        results = applied.results
        for action in actions:
            match action:
                case AnswerButton(notice=notice):
                    await self._answer_button(event, locale, notice)
                case SetLanguage(locale=new):
                    await self.stores.users.set_language(event.user_id, new)
                    locale = new
                case KeepDraft(data=data):
                    await self.stores.drafts.put(event.user_id, data)
                case DropDraft():
                    await self.stores.drafts.delete(event.user_id)
                case FileTicket(ticket=ticket, result=name):
                    results[name] = (await self.stores.tickets.create(ticket)).public_id
                case OpenTopic(name=name, result=result):
                    op = CreateTopic(chat_id=self._agents(), name=name)
                    opened = self.outbox.submit(op, Priority.DESK)
                    results[result] = (await self._result(opened, "a new topic")).thread_id
                case Send(view=view, to=to, reply_to=reply_to, result=result):
                    where = await self._address(to, event, locale, results)
                    future = self.send(
                        where.chat_id,
                        with_results(view, results),
                        where.locale,
                        reply_to=reply_to,
                        thread_id=where.thread_id,
                        priority=where.priority,
                    )
                    applied.sent.append(future)
                    if result is not None:  # a later action needs its id: wait for it
                        try:
                            sent = await self._result(future, "a message")
                        except TelegramError as exc:
                            raise SendFailed(f"{exc.method}: {exc.description}") from exc
                        results[result] = sent.message_ids[0]
        return applied

    async def _result(self, future: asyncio.Future[OpResult], what: str) -> OpResult:
        """``future``'s result within ``result_wait``; the send itself is not withdrawn."""
        await first_done(asyncio.shield(future), self.clock.sleep(self.result_wait))
        if not future.done():
            raise ResultLate(f"{what} was not sent within {self.result_wait:g} s")
        return future.result()

    async def _address(
        self, to: Destination, event: Inbound, locale: str, results: dict[str, Any]
    ) -> Address:
        match to:
            case Origin():
                return Address(event.chat_id, event.thread_id, locale, Priority.ANSWER)
            case UserChat(user_id=user_id):
                user = await self.stores.users.get(user_id)
                theirs = user.language if user is not None else self.desk_locale
                return Address(user_id, None, theirs, Priority.ANSWER)
            case AgentsGroup(topic=topic):
                thread = results[topic.name] if isinstance(topic, ResultOf) else topic
                return Address(self._agents(), thread, self.desk_locale, Priority.DESK)
        raise TypeError(f"not a destination: {to!r}")

    def _agents(self) -> int:
        if self.agent_chat_id is None:
            raise NoAgentsGroup("no agents' group is configured (KEFU_AGENT_CHAT_ID)")
        return self.agent_chat_id

    def send(
        self,
        chat_id: int,
        view: View,
        locale: str,
        *,
        reply_to: int | None = None,
        thread_id: int | None = None,
        priority: Priority = Priority.ANSWER,
    ) -> asyncio.Future[OpResult]:
        op = SendText(
            chat_id=chat_id,
            text=self.renderer.text(view, locale),
            buttons=self.renderer.keyboard(view.buttons, locale),
            thread_id=thread_id,
            reply_to=reply_to,
        )
        future = self.outbox.submit(op, priority)
        self._watch(future, chat_id, locale)
        return future

    async def _answer_button(self, event: Inbound, locale: str, notice: Text | None) -> None:
        if event.callback_id is None:
            return
        text = self.renderer.plain_label(notice, locale) if notice else None
        try:
            await self.outbox.answer_callback(AnswerCallback(event.callback_id, text=text))
        except TelegramError as exc:
            # Telegram forgets a button press after some seconds; the reply still goes.
            log.warning("answerCallbackQuery failed: %s", exc.description)

    def _watch(
        self, future: asyncio.Future[OpResult], chat_id: int, locale: str, apologise: bool = True
    ) -> None:
        def done(f: asyncio.Future[OpResult]) -> None:
            exc = None if f.cancelled() else f.exception()
            if exc is None or isinstance(exc, OutboxClosed):
                return
            if isinstance(exc, BadRequest):
                log.error(
                    "Telegram refused %s to chat %s: %s", exc.method, chat_id, exc.description
                )
                if apologise and chat_id > 0:
                    self.apologise(chat_id, locale)
            elif isinstance(exc, Forbidden):
                log.info("chat %s is closed to the bot: %s", chat_id, exc.description)
            else:
                log.error("sending to chat %s failed for good: %r", chat_id, exc)

        future.add_done_callback(done)

    def apologise(self, chat_id: int, locale: str) -> None:
        """Tell the user something went wrong; if even that fails, it is only logged."""
        view = View(parts=(Text.of("error-try-again"),))
        op = SendText(chat_id=chat_id, text=self.renderer.text(view, locale))
        try:
            self._watch(self.outbox.submit(op, Priority.ANSWER), chat_id, locale, apologise=False)
        except OutboxClosed:
            log.warning("could not tell chat %s about a failed message: outbox closed", chat_id)
