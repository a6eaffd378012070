"""Applies what the dialogs decided: domain effects first, then messages into the outbox.

Delivery failures come back here as the outbox's futures finish: a 400 on an answer to
the user is logged with its method and reason and the user is told, once.
"""

from __future__ import annotations

import asyncio
import logging

from bot.app.render import Renderer
from bot.storage.users import UserStore
from bot.telegram.errors import BadRequest, Forbidden, TelegramError
from bot.telegram.ops import AnswerCallback, OpResult, SendText
from bot.telegram.outbox import Outbox, OutboxClosed, Priority
from dialogs.events import Inbound
from dialogs.views import Action, AnswerButton, Reply, SetLanguage, Text, View

log = logging.getLogger(__name__)


class Executor:
    """Carries out Actions for one event, in order, in the user's (possibly new) locale."""

    def __init__(self, renderer: Renderer, outbox: Outbox, users: UserStore) -> None:
        self.renderer = renderer
        self.outbox = outbox
        self.users = users

    async def apply(
        self, event: Inbound, locale: str, actions: list[Action]
    ) -> list[asyncio.Future[OpResult]]:
        """Carry out the actions; returns the futures of the messages queued."""
        sent: list[asyncio.Future[OpResult]] = []
        for action in actions:
            match action:
                case AnswerButton(notice=notice):
                    await self._answer_button(event, locale, notice)
                case SetLanguage(locale=new):
                    await self.users.set_language(event.user_id, new)
                    locale = new
                case Reply(view=view, reply_to=reply_to):
                    sent.append(
                        self.send(
                            event.chat_id,
                            view,
                            locale,
                            reply_to=reply_to,
                            thread_id=event.thread_id,
                        )
                    )
        return sent

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
                    self._apologise(chat_id, locale)
            elif isinstance(exc, Forbidden):
                log.info("chat %s is closed to the bot: %s", chat_id, exc.description)
            else:
                log.error("sending to chat %s failed for good: %r", chat_id, exc)

        future.add_done_callback(done)

    def _apologise(self, chat_id: int, locale: str) -> None:
        """Tell the user something went wrong; if even that fails, it is only logged."""
        view = View(parts=(Text.of("error-try-again"),))
        op = SendText(chat_id=chat_id, text=self.renderer.text(view, locale))
        try:
            self._watch(self.outbox.submit(op, Priority.ANSWER), chat_id, locale, apologise=False)
        except OutboxClosed:
            log.warning("could not tell chat %s about a failed message: outbox closed", chat_id)
