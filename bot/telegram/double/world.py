"""The double's state: who exists, which chats, every message, and a change signal.

The server's methods and the driver both change the world through here, so message ids,
dates (from the injected clock) and the "something changed" notification stay consistent.
Waiters (the driver, tests) use :class:`Notifier` to wait on conditions instead of sleeping.
"""

from __future__ import annotations

import asyncio
import itertools
import random
from collections.abc import Callable
from typing import Any, TypeVar

from bot.support.clock import Clock
from bot.telegram.double.errors import chat_not_found
from bot.telegram.double.files import FileStore
from bot.telegram.double.models import (
    CallbackRecord,
    Chat,
    Membership,
    StoredMessage,
    Topic,
    User,
)

T = TypeVar("T")
# The values each dice emoji can show, as Telegram documents them.
DICE_FACES = {"🎲": 6, "🎯": 6, "🎳": 6, "🏀": 5, "⚽": 5, "🎰": 64}


class Notifier:
    """Wakes every waiter when the world changes; waiters re-check their own condition."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        # Swap in a fresh event: waiters hold the old one, which is now set.
        event, self._event = self._event, asyncio.Event()
        event.set()

    async def wait_until(self, check: Callable[[], T | None], timeout: float | None) -> T | None:  # noqa: ASYNC109
        """Return ``check()`` once it is truthy, or None when ``timeout`` (real seconds) ends."""
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while True:
            event = self._event
            result = check()
            if result:
                return result
            remaining = None if deadline is None else deadline - loop.time()
            if remaining is not None and remaining <= 0:
                return None
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                result = check()
                return result or None


class World:
    """Users, chats, messages, files and button presses, with ids handed out in order."""

    def __init__(self, clock: Clock, bot: User) -> None:
        self.clock = clock
        self.bot = bot
        self.users: dict[int, User] = {bot.id: bot}
        self.chats: dict[int, Chat] = {}
        self.messages: dict[tuple[int, int], StoredMessage] = {}
        self.files = FileStore()
        self.callbacks: dict[str, CallbackRecord] = {}
        self.changed = Notifier()
        self._media_groups = itertools.count(13_000_000_000_000_001)
        self._callback_ids = itertools.count(4_200_000_000_000_000_001)
        self._poll_ids = itertools.count(5_100_000_000_000_000_001)
        # Seeded: a test run throws the same dice every time.
        self._dice = random.Random(20_241_123)

    def unix_now(self) -> int:
        """The clock's wall time as Telegram dates it: whole seconds since the epoch."""
        return int(self.clock.now().timestamp())

    # --- users and chats -------------------------------------------------------------

    def add_user(self, user: User) -> User:
        self.users[user.id] = user
        return user

    def add_chat(self, chat: Chat) -> Chat:
        self.chats[chat.id] = chat
        return chat

    def private_chat(self, user: User) -> Chat:
        """The user's private chat with the bot, created on first use."""
        chat = self.chats.get(user.id)
        if chat is None:
            chat = self.add_chat(
                Chat(
                    id=user.id,
                    type="private",
                    first_name=user.first_name,
                    last_name=user.last_name,
                    username=user.username,
                    members={user.id: Membership()},
                )
            )
        return chat

    def resolve_chat(self, raw: Any) -> Chat:
        """Find a chat by id or ``@username``; 400 "chat not found" otherwise."""
        if isinstance(raw, str) and raw.startswith("@"):
            for chat in self.chats.values():
                if chat.username and chat.username.lower() == raw[1:].lower():
                    return chat
            raise chat_not_found()
        try:
            chat_id = int(raw)
        except (TypeError, ValueError):
            raise chat_not_found() from None
        chat = self.chats.get(chat_id)
        if chat is None:
            raise chat_not_found()
        return chat

    # --- messages ----------------------------------------------------------------------

    def new_message(self, chat: Chat, sender_id: int, **fields: Any) -> StoredMessage:
        """Store a message with the chat's next id and the clock's date."""
        message = StoredMessage(
            chat_id=chat.id,
            message_id=chat.next_message_id,
            sender_id=sender_id,
            date=self.unix_now(),
            by_bot=sender_id == self.bot.id,
            **fields,
        )
        chat.next_message_id += 1
        self.messages[(chat.id, message.message_id)] = message
        self.changed.notify()
        return message

    def message(self, chat_id: int, message_id: int) -> StoredMessage | None:
        return self.messages.get((chat_id, message_id))

    def chat_messages(self, chat_id: int) -> list[StoredMessage]:
        """All messages of a chat in id order, deleted ones included."""
        found = [m for (c, _), m in self.messages.items() if c == chat_id]
        return sorted(found, key=lambda m: m.message_id)

    def new_topic(self, chat: Chat, name: str, icon_color: int, creator_id: int) -> Topic:
        """Create a topic: its service message's id becomes the thread id, as in Telegram."""
        created = {"name": name, "icon_color": icon_color}
        service = self.new_message(
            chat, creator_id, kind="service", service={"forum_topic_created": created}
        )
        topic = Topic(service.message_id, name, icon_color, creator_id)
        service.thread_id = topic.thread_id
        chat.topics[topic.thread_id] = topic
        self.changed.notify()
        return topic

    def delete_topic(self, chat: Chat, thread_id: int) -> None:
        """A topic is deleted with all its messages, its first (service) message included."""
        chat.topics.pop(thread_id, None)
        for message in self.chat_messages(chat.id):
            if message.thread_id == thread_id:
                message.deleted = True
        self.changed.notify()

    def next_media_group_id(self) -> str:
        return str(next(self._media_groups))

    def next_poll_id(self) -> str:
        return str(next(self._poll_ids))

    def roll(self, emoji: str) -> int:
        """A throw of a dice emoji (1-6, 1-5 or 1-64 by emoji)."""
        return self._dice.randint(1, DICE_FACES.get(emoji, 6))

    def new_callback(self, user_id: int, message: StoredMessage, data: str) -> CallbackRecord:
        record = CallbackRecord(
            id=str(next(self._callback_ids)),
            user_id=user_id,
            chat_id=message.chat_id,
            message_id=message.message_id,
            data=data,
            created_at=self.clock.monotonic(),
        )
        self.callbacks[record.id] = record
        return record
