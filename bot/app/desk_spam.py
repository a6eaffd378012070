"""The agents' spam topic, and a user's screening written (dialogs.desk.screening).

Every held user's messages go into one forum topic ("🚫 Spam"), each after a header line
naming the user with a Release button. The topic is made the first time it is needed and
its thread kept in ``desk_settings``, so every instance, and kefu after a restart, posts
into the same one. A group without topics gets the copies in itself.

Making the topic is the one place the executor waits for Telegram: a copy's row must name
its thread, and the sender can fill in only a ticket's (bot.app.topic_fill). It happens once
per desk, before the batch writes anything (ToSpam comes first in it). Two instances making
it at the same moment make two topics; the first recorded is the one both use from then on.
"""

from __future__ import annotations

import asyncio
import logging

from bot.app.desk_card import DeskPlace
from bot.app.notify import Notify
from bot.app.render import Renderer
from bot.app.unit_of_work import Queue, UnitOfWork
from bot.storage import desk_settings
from bot.storage.desk_stats import tally
from bot.storage.users import UserStore
from bot.telegram.errors import BadRequest
from bot.telegram.ops import CopyMessage, CopyMessages, CreateTopic, Op, SendText
from bot.telegram.outbox import Priority, Transport
from dialogs.actions import Screen
from dialogs.desk.groups import moved
from dialogs.events import Inbound
from dialogs.views import Text, View

log = logging.getLogger(__name__)
KEY = "spam_topic"  # + ":<chat id>": the topic of that group (a moved desk makes its own)
NOT_NOW = -1  # making the topic failed for now: no thread is ever negative


class DeskSpam:
    """Applies Screen and ToSpam; ``queue`` adds a row to the unit (Executor.queue)."""

    def __init__(
        self,
        renderer: Renderer,
        users: UserStore,
        place: DeskPlace,
        queue: Queue,
        transport: Transport | None,
    ) -> None:
        """``transport``: Telegram, to make the topic (None: the copies go into the group
        itself)."""
        self._renderer = renderer
        self._users = users
        self._place = place
        self._queue = queue
        self._transport = transport
        # Topics this process made, by group: made once even if their recording is rolled
        # back with its batch; None: the bot may not make topics there (until a restart).
        self._made: dict[int, int | None] = {}
        self._making = asyncio.Lock()

    async def screen(self, unit: UnitOfWork, action: Screen) -> None:
        """The user's screening, and its tally for /stats, in the update's transaction."""
        await self._users.set_screening(action.user_id, action.state, unit.session)
        if action.tally is not None:
            await tally(unit.session, action.tally, unit.now)

    async def copy(self, unit: UnitOfWork, event: Inbound, header: View) -> None:
        """``header`` (with its Release button), then the event's message(s) copied."""
        default, locale = self._place.chat_id, self._place.locale
        if default is None or not event.message_ids:
            return
        # The default group, or the one it moved to (`kefu desk move`): a topic of its own.
        chat = moved(default, await desk_settings.moves(unit.session))
        thread = await self._thread(unit, chat) if self._place.is_forum(chat) else None
        buttons = self._renderer.keyboard(header.buttons, locale)
        text = self._renderer.text(header, locale)
        self._add(unit, SendText(chat, text, buttons=buttons, thread_id=thread))
        ids = event.message_ids
        if len(ids) > 1:  # an album stays one
            self._add(unit, CopyMessages(chat, event.chat_id, ids, thread_id=thread))
        else:
            self._add(unit, CopyMessage(chat, event.chat_id, ids[0], thread_id=thread))

    async def _thread(self, unit: UnitOfWork, chat: int) -> int | None:
        """The spam topic's thread: as recorded, or made now and recorded with the batch;
        None when it cannot be made (the group itself, then)."""
        key = f"{KEY}:{chat}"
        recorded = await desk_settings.setting(unit.session, key)
        if recorded is not None:
            return int(recorded["thread"])
        async with self._making:  # spam arriving from many users at once: one topic
            if chat not in self._made:
                made = await self._make(chat)
                if made == NOT_NOW:
                    return None  # the group itself this time; tried again next time
                self._made[chat] = made
        thread = self._made[chat]
        if thread is None:
            return None
        await desk_settings.keep(unit.session, key, {"thread": thread}, unit.now, replace=False)
        # Another instance may have recorded its own meanwhile: that one counts.
        recorded = await desk_settings.setting(unit.session, key)
        return int(recorded["thread"]) if recorded is not None else thread

    async def _make(self, chat: int) -> int | None:
        """A new topic's thread; None if Telegram refuses for good (no right to make
        topics), NOT_NOW if it failed for now."""
        if self._transport is None:
            return None
        name = self._renderer.plain_label(Text.of("desk-spam-topic"), self._place.locale)
        try:
            made = await self._transport.execute(CreateTopic(chat, name))
        except BadRequest as exc:
            log.warning("the spam topic cannot be made in %s: %s", chat, exc.description)
            return None
        except Exception as exc:
            log.warning("the spam topic was not made in %s now: %s", chat, exc)
            return NOT_NOW
        log.info("made the spam topic %s in %s", made.thread_id, chat)
        return made.thread_id

    def _add(self, unit: UnitOfWork, op: Op) -> None:
        # Nobody's ticket: a copy that fails for good is the admins' to hear of.
        self._queue(unit, op, Priority.DESK, Notify.ADMINS, self._place.locale)
