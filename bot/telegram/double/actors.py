"""Driven users: a person in a chat who writes, sends files, edits and presses buttons.

Everything an actor does is stored in the double and queued to the bot as the update
Telegram would send (``message``, ``edited_message``, ``callback_query``), so the bot
receives it by getUpdates or its webhook, in order. Methods return the user's message as a
:class:`~bot.telegram.double.inbox.MessageView`. Sending files is in :mod:`actor_media`,
locations, contacts, polls, dice and invoices in :mod:`actor_content`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.telegram.double.actor_content import ContentActor
from bot.telegram.double.actor_media import TINY_MP4, TINY_PNG, MediaActor
from bot.telegram.double.entities import utf16_len
from bot.telegram.double.errors import DoubleTimeout
from bot.telegram.double.inbox import ANY_THREAD, DEFAULT_TIMEOUT, Inbox, MessageView
from bot.telegram.double.models import CAPTIONED_KINDS, CallbackRecord, Edit, StoredMessage
from bot.telegram.double.serialize import message_json, user_json

if TYPE_CHECKING:
    from bot.telegram.double.server import BotApiDouble

__all__ = ["TINY_MP4", "TINY_PNG", "Actor", "Press"]


def _command_entities(text: str) -> list[dict[str, Any]]:
    """A leading /command's bot_command entity, as Telegram clients mark it."""
    if not text.startswith("/"):
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]


class Press:
    """A button press sent to the bot; await :meth:`answer` for its answerCallbackQuery."""

    def __init__(self, double: BotApiDouble, record: CallbackRecord) -> None:
        self._double = double
        self.record = record

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def answered(self) -> bool:
        return self.record.answered

    async def answer(self, timeout: float | None = DEFAULT_TIMEOUT) -> dict[str, Any]:  # noqa: ASYNC109
        """The bot's answer: {"text", "show_alert", "url", "cache_time"}."""
        found = await self._double.world.changed.wait_until(lambda: self.record.answer, timeout)
        if found is None:
            raise DoubleTimeout(
                f"waited {timeout}s for the bot to answer callback query {self.id} "
                f"(data {self.record.data!r}); calls so far: "
                f"{self._double.log.calls('answerCallbackQuery')[-5:] or 'none'}"
            )
        return found


class Actor(MediaActor, ContentActor):
    """A user acting in one chat (their private chat with the bot, or a group)."""

    async def send_text(
        self, text: str, *, thread_id: int | None = None, reply_to: int | None = None
    ) -> MessageView:
        """Write ``text``; a leading /command gets its bot_command entity, as clients do."""
        return self._post(thread_id, reply_to, text=text, entities=_command_entities(text))

    async def send_command(
        self,
        command: str,
        args: str | None = None,
        *,
        thread_id: int | None = None,
        reply_to: int | None = None,
    ) -> MessageView:
        """Send ``/command args`` (in groups, addressed ``/command@botname``)."""
        name = command.lstrip("/")
        if self.chat.is_group:
            name = f"{name}@{self.double.bot_user.username}"
        text = f"/{name}" + (f" {args}" if args else "")
        return await self.send_text(text, thread_id=thread_id, reply_to=reply_to)

    async def edit(self, message: MessageView | StoredMessage, text: str) -> MessageView:
        """Edit one of this user's messages, in a private chat, a group or a topic: a text
        message's text, or a media message's caption. The bot gets an ``edited_message``
        update (in a topic it keeps message_thread_id and is_topic_message). A message
        Telegram cannot edit (a sticker, location, contact, poll, dice, ...) raises
        ValueError."""
        stored = self._own(message)
        if stored.text is not None:
            return self._edited(stored, text=text, entities=_command_entities(text))
        return await self.edit_caption(stored, text)

    async def edit_caption(
        self, message: MessageView | StoredMessage, caption: str | None
    ) -> MessageView:
        """Change (or, with None, remove) a media message's caption; ValueError for a
        message without one (text: use :meth:`edit`; stickers, locations, ...: none)."""
        stored = self._own(message)
        if stored.kind not in CAPTIONED_KINDS:
            raise ValueError(f"a {stored.kind} message has no caption to edit in Telegram")
        return self._edited(stored, caption=caption or None, caption_entities=[])

    def _own(self, message: MessageView | StoredMessage) -> StoredMessage:
        stored = message.stored if isinstance(message, MessageView) else message
        if stored.sender_id != self.user.id or stored.chat_id != self.chat.id:
            raise ValueError("a user can only edit their own messages")
        if stored.deleted:
            raise ValueError(f"message {stored.message_id} was deleted")
        if stored.text is None and stored.kind not in CAPTIONED_KINDS:
            raise ValueError(f"Telegram does not let a {stored.kind} message be edited")
        return stored

    def _edited(self, stored: StoredMessage, **changes: Any) -> MessageView:
        stored.edits.append(
            Edit(
                stored.edit_date or stored.date,
                stored.text,
                list(stored.entities),
                stored.caption,
                None,
            )
        )
        stored.edit_date = self.double.world.unix_now()
        for name, value in changes.items():
            setattr(stored, name, value)
        self.double.world.changed.notify()
        self.double.updates.push("edited_message", message_json(self.double.world, stored))
        return MessageView(self.double, stored)

    async def press(
        self,
        text: str,
        *,
        thread_id: Any = ANY_THREAD,
        timeout: float | None = DEFAULT_TIMEOUT,  # noqa: ASYNC109
    ) -> Press:
        """Press the inline button labelled ``text`` on the newest bot message showing it,
        waiting up to ``timeout`` for such a message to appear."""
        inbox = Inbox(self.double, self.chat.id, thread_id, self._label())

        def newest() -> MessageView | None:
            for view in reversed(inbox.messages):
                button = view.button(text)
                if not view.deleted and button and "callback_data" in button:
                    return view
            return None

        view = await self.double.world.changed.wait_until(newest, timeout)
        if view is None:
            shown = [(m.message_id, m.buttons) for m in inbox.messages if m.buttons]
            raise DoubleTimeout(
                f"waited {timeout}s for a button {text!r} in {self._label()}; "
                f"buttons shown: {shown or 'none'}"
            )
        return self.press_data(view.message_id, view.button(text)["callback_data"])  # type: ignore[index]

    def press_data(self, message_id: int, data: str) -> Press:
        """Send a callback query with any ``data`` (forged or stale) for a message."""
        world = self.double.world
        stored = world.message(self.chat.id, message_id)
        if stored is None:
            raise ValueError(f"no message {message_id} in chat {self.chat.id}")
        record = world.new_callback(self.user.id, stored, data)
        payload = {
            "id": record.id,
            "from": user_json(self.user),
            "message": message_json(world, stored),
            "chat_instance": str(abs(self.chat.id) * 7919 % 10**19),
            "data": data,
        }
        self.double.updates.push("callback_query", payload)
        return Press(self.double, record)
