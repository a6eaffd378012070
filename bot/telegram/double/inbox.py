"""Reading what the bot sent, as a user sees it, and waiting for it without sleeping.

:class:`MessageView` is a live view of one stored message: ``text`` is the plain text (or
caption), ``html`` its canonical Telegram HTML, ``buttons`` the inline keyboard's rows of
button texts; edits show up in it as they happen. :class:`Inbox` reads the bot's messages
in one chat (or one forum topic) in order: ``next_message()`` returns the next one not yet
read, ``wait_for(predicate)`` the first message, read or not, that satisfies a condition.
Both wait on the double's change signal and fail with :class:`DoubleTimeout`, naming what
was awaited and listing what did arrive, plus the bot's failed calls to that chat.
Waits take a ``timeout`` argument (hence the ASYNC109 exemptions): a deadline per wait
reads better in a test than a wrapping ``asyncio.timeout`` block, and lets the error say
what was awaited.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

from bot.telegram.double.entities import to_html
from bot.telegram.double.errors import DoubleTimeout
from bot.telegram.double.models import Edit, StoredMessage
from bot.telegram.double.serialize import message_json

if TYPE_CHECKING:
    from bot.telegram.double.server import BotApiDouble

ANY_THREAD: Any = object()  # an inbox over the whole chat, every topic included
DEFAULT_TIMEOUT = 5.0


class MessageView:
    """One message as a user sees it now (latest edit, current buttons)."""

    def __init__(self, double: BotApiDouble, stored: StoredMessage) -> None:
        self._double = double
        self.stored = stored

    message_id = property(lambda self: self.stored.message_id)
    chat_id = property(lambda self: self.stored.chat_id)
    thread_id = property(lambda self: self.stored.thread_id)
    kind = property(lambda self: self.stored.kind)
    caption = property(lambda self: self.stored.caption)
    file_id = property(lambda self: self.stored.file_id)
    media_group_id = property(lambda self: self.stored.media_group_id)
    deleted = property(lambda self: self.stored.deleted)
    reply_to = property(lambda self: self.stored.reply_to)
    by_bot = property(lambda self: self.stored.by_bot)
    # A location, contact, poll, dice or invoice as its Bot API object (None otherwise).
    content = property(lambda self: self.stored.content)
    sender_chat_id = property(lambda self: self.stored.sender_chat)

    @property
    def text(self) -> str:
        """Plain text of the message, or of its caption ("" for a bare photo)."""
        if self.stored.text is not None:
            return self.stored.text
        return self.stored.caption or ""

    @property
    def html(self) -> str:
        """Canonical Telegram HTML of the text or caption (``<b>``, never ``<strong>``)."""
        if self.stored.text is not None:
            return to_html(self.stored.text, self.stored.entities)
        return to_html(self.stored.caption or "", self.stored.caption_entities)

    @property
    def buttons(self) -> list[list[str]]:
        """The inline keyboard as rows of button texts ([] without one)."""
        return [[b["text"] for b in row] for row in self.button_rows]

    @property
    def button_rows(self) -> list[list[dict[str, Any]]]:
        """The inline keyboard's buttons as Bot API objects (text, callback_data or url)."""
        markup = self.stored.reply_markup or {}
        return [list(row) for row in markup.get("inline_keyboard", [])]

    @property
    def keyboard(self) -> list[list[str]]:
        """A reply keyboard's rows of texts ([] without one)."""
        markup = self.stored.reply_keyboard or {}
        rows = markup.get("keyboard", [])
        return [[b["text"] if isinstance(b, dict) else str(b) for b in row] for row in rows]

    def button(self, text: str) -> dict[str, Any] | None:
        """The inline button labelled ``text``, if any."""
        for row in self.button_rows:
            for button in row:
                if button.get("text") == text:
                    return button
        return None

    @property
    def edits(self) -> list[Edit]:
        """Earlier versions, oldest first (empty if never edited)."""
        return list(self.stored.edits)

    @property
    def edited(self) -> bool:
        return bool(self.stored.edits)

    @property
    def raw(self) -> dict[str, Any]:
        """The Bot API ``Message`` object as the bot would receive it now."""
        return message_json(self._double.world, self.stored)

    def __repr__(self) -> str:
        flags = "".join(
            (
                " deleted" if self.deleted else "",
                " edited" if self.edited else "",
                f" thread={self.thread_id}" if self.thread_id else "",
            )
        )
        buttons = f" buttons={self.buttons}" if self.buttons else ""
        return f"<#{self.message_id} {self.kind} {self.text[:80]!r}{buttons}{flags}>"


BotMessage = MessageView  # the bot's messages are the usual thing a test reads


class Inbox:
    """The bot's messages in one chat, or one topic of a forum, with a read cursor."""

    def __init__(self, double: BotApiDouble, chat_id: int, thread_id: Any, label: str) -> None:
        self._double = double
        self.chat_id = chat_id
        self.thread_id = thread_id
        self.label = label
        self._read = 0  # how many of `messages` next_message() has returned

    def _stored(self) -> list[StoredMessage]:
        return [
            m
            for m in self._double.world.chat_messages(self.chat_id)
            if m.by_bot
            and m.kind != "service"
            and (self.thread_id is ANY_THREAD or m.thread_id == self.thread_id)
        ]

    @property
    def messages(self) -> list[MessageView]:
        """Every bot message here so far, in order (deleted ones flagged, not dropped)."""
        return [MessageView(self._double, m) for m in self._stored()]

    async def next_message(self, timeout: float | None = DEFAULT_TIMEOUT) -> MessageView:  # noqa: ASYNC109
        """The next bot message not yet returned by this call."""

        def check() -> StoredMessage | None:
            stored = self._stored()
            return stored[self._read] if len(stored) > self._read else None

        found = await self._double.world.changed.wait_until(check, timeout)
        if found is None:
            raise self._timeout("the next bot message", timeout)
        self._read += 1
        return MessageView(self._double, found)

    async def wait_for(
        self,
        predicate: Callable[[MessageView], bool],
        timeout: float | None = DEFAULT_TIMEOUT,  # noqa: ASYNC109
        *,
        what: str | None = None,
        new_only: bool = False,
    ) -> MessageView:
        """The first bot message (only unread ones with ``new_only``) satisfying ``predicate``,
        looked at as it is now, edits included; ``new_only`` also moves the cursor past it."""

        def check() -> MessageView | None:
            stored = self._stored()
            start = self._read if new_only else 0
            for index in range(start, len(stored)):
                view = MessageView(self._double, stored[index])
                if not view.deleted and predicate(view):
                    if new_only:
                        self._read = index + 1
                    return view
            return None

        found = await self._double.world.changed.wait_until(check, timeout)
        if found is None:
            described = what or getattr(predicate, "__name__", "a message")
            raise self._timeout(f"a bot message matching {described}", timeout)
        return found

    async def watch(self, idle: float | None = None) -> AsyncIterator[MessageView]:
        """Yield each bot message when it appears and again whenever it changes (edited,
        new buttons, deleted), as a live chat window shows it; ``kefu try`` prints these.
        Ends after ``idle`` seconds without news (never, with None)."""
        shown: dict[int, tuple[Any, ...]] = {}

        def news() -> list[StoredMessage] | None:
            fresh = [m for m in self._stored() if shown.get(m.message_id) != _signature(m)]
            return fresh or None

        while True:
            found = await self._double.world.changed.wait_until(news, idle)
            if not found:
                return
            for stored in found:
                shown[stored.message_id] = _signature(stored)
                yield MessageView(self._double, stored)

    def _timeout(self, what: str, timeout: float | None) -> DoubleTimeout:
        failed = [c for c in self._double.log.calls(chat_id=self.chat_id) if not c.ok]
        return DoubleTimeout(
            f"waited {timeout}s for {what} in {self.label}; the bot's messages there: "
            f"{self.messages or 'none'}; its failed calls to this chat: {failed[-5:] or 'none'}"
        )


def _signature(message: StoredMessage) -> tuple[Any, ...]:
    """What a chat window would redraw a message for."""
    markup = repr(message.reply_markup)
    return (message.text, message.caption, len(message.edits), markup, message.deleted)
