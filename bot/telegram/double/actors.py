"""Driven users: a person in a chat who writes, sends files, edits and presses buttons.

Everything an actor does is stored in the double and queued to the bot as the update
Telegram would send (``message``, ``edited_message``, ``callback_query``), so the bot
receives it by getUpdates or its webhook, in order. Methods return the user's message as a
:class:`~bot.telegram.double.inbox.MessageView`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.telegram.double.entities import utf16_len
from bot.telegram.double.errors import DoubleTimeout
from bot.telegram.double.inbox import ANY_THREAD, DEFAULT_TIMEOUT, Inbox, MessageView
from bot.telegram.double.models import CallbackRecord, Chat, Edit, StoredMessage, User
from bot.telegram.double.serialize import message_json, user_json

if TYPE_CHECKING:
    from bot.telegram.double.server import BotApiDouble

# A 1x1 PNG: what a driven user's photo "contains" when the bot downloads it.
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


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


class Actor:
    """A user acting in one chat (their private chat with the bot, or a group)."""

    def __init__(self, double: BotApiDouble, user: User, chat: Chat) -> None:
        self.double = double
        self.user = user
        self.chat = chat

    @property
    def id(self) -> int:
        return self.user.id

    def _post(self, thread_id: int | None = None, **fields: Any) -> MessageView:
        if thread_id is not None:
            topic = self.chat.topics.get(thread_id)
            if topic is None:
                raise ValueError(f"no topic {thread_id} in chat {self.chat.id}")
        stored = self.double.world.new_message(
            self.chat, self.user.id, thread_id=thread_id, **fields
        )
        self.double.updates.push("message", message_json(self.double.world, stored))
        return MessageView(self.double, stored)

    async def send_text(
        self, text: str, *, thread_id: int | None = None, reply_to: int | None = None
    ) -> MessageView:
        """Write ``text``; a leading /command gets its bot_command entity, as clients do."""
        entities = []
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(command)})
        return self._post(thread_id, text=text, entities=entities, reply_to=reply_to)

    async def send_command(
        self, command: str, args: str | None = None, *, thread_id: int | None = None
    ) -> MessageView:
        """Send ``/command args`` (in groups, addressed ``/command@botname``)."""
        name = command.lstrip("/")
        if self.chat.is_group:
            name = f"{name}@{self.double.bot_user.username}"
        return await self.send_text(f"/{name}" + (f" {args}" if args else ""), thread_id=thread_id)

    async def send_photo(
        self,
        caption: str | None = None,
        *,
        width: int = 1280,
        height: int = 960,
        thread_id: int | None = None,
        media_group_id: str | None = None,
    ) -> MessageView:
        record = self.double.world.files.add(
            "photo", TINY_PNG, size=width * height // 10, width=width, height=height
        )
        return self._post(
            thread_id,
            kind="photo",
            file_id=record.file_id,
            caption=caption,
            media_group_id=media_group_id,
        )

    async def send_document(
        self,
        file_name: str = "document.pdf",
        *,
        mime: str = "application/pdf",
        caption: str | None = None,
        data: bytes = b"%PDF-1.4 kefu test document\n",
        thread_id: int | None = None,
        media_group_id: str | None = None,
    ) -> MessageView:
        if mime.startswith("image/") and file_name == "document.pdf":
            file_name = "image." + mime.split("/", 1)[1]
        record = self.double.world.files.add("document", data, file_name=file_name, mime_type=mime)
        return self._post(
            thread_id,
            kind="document",
            file_id=record.file_id,
            caption=caption,
            media_group_id=media_group_id,
        )

    async def send_album(
        self,
        count: int = 2,
        *,
        kind: str = "photo",
        caption: str | None = None,
        thread_id: int | None = None,
    ) -> list[MessageView]:
        """``count`` photos (or documents) sharing a media_group_id: one update per item;
        ``caption`` goes on the first, as Telegram clients do."""
        group_id = self.double.world.next_media_group_id()
        sent = []
        for index in range(count):
            text = caption if index == 0 else None
            if kind == "photo":
                sent.append(
                    await self.send_photo(text, thread_id=thread_id, media_group_id=group_id)
                )
            else:
                sent.append(
                    await self.send_document(
                        f"file{index + 1}.pdf",
                        caption=text,
                        thread_id=thread_id,
                        media_group_id=group_id,
                    )
                )
        return sent

    async def send_sticker(self, emoji: str = "👍", *, thread_id: int | None = None) -> MessageView:
        record = self.double.world.files.add(
            "sticker", b"RIFF....WEBP", width=512, height=512, emoji=emoji
        )
        return self._post(thread_id, kind="sticker", file_id=record.file_id)

    async def send_voice(self, duration: int = 3, *, thread_id: int | None = None) -> MessageView:
        record = self.double.world.files.add(
            "voice", b"OggS", duration=duration, mime_type="audio/ogg"
        )
        return self._post(thread_id, kind="voice", file_id=record.file_id)

    async def edit(self, message: MessageView | StoredMessage, text: str) -> MessageView:
        """Edit one of this user's messages: the bot gets an ``edited_message`` update."""
        stored = message.stored if isinstance(message, MessageView) else message
        if stored.sender_id != self.user.id:
            raise ValueError("a user can only edit their own messages")
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
        if stored.text is not None:
            stored.text, stored.entities = text, []
        else:
            stored.caption = text
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

    def _label(self) -> str:
        return f"chat {self.chat.id} ({self.user.first_name})"
