"""What every driven person shares: who they are, where they write, and how a message of
theirs reaches the bot.

:meth:`Poster._post` stores a user's message and queues the ``message`` update Telegram
would send. It refuses what a Telegram client could not do (write into a topic that does
not exist or was deleted, reply to a message that is gone) with ValueError, so a test that
scripts the impossible fails at once instead of feeding the bot a message Telegram would
never deliver. In a forum, a reply goes into the topic of the message it answers, as
Telegram's clients send it. The send methods live in :mod:`actor_media` and :mod:`actor_content`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.telegram.double.inbox import MessageView
from bot.telegram.double.models import Chat, User
from bot.telegram.double.serialize import message_json

if TYPE_CHECKING:
    from bot.telegram.double.server import BotApiDouble


class Poster:
    """A user acting in one chat (their private chat with the bot, or a group)."""

    def __init__(self, double: BotApiDouble, user: User, chat: Chat) -> None:
        self.double = double
        self.user = user
        self.chat = chat

    @property
    def id(self) -> int:
        return self.user.id

    def _identity(self) -> dict[str, Any]:
        """Fields every message of this actor carries (an anonymous admin's sender_chat)."""
        return {}

    def _post(
        self, thread_id: int | None = None, reply_to: int | None = None, **fields: Any
    ) -> MessageView:
        """Store a message of this user's and queue it to the bot as a ``message`` update."""
        if thread_id is not None and self.chat.is_forum and thread_id not in self.chat.topics:
            raise ValueError(f"no topic {thread_id} in chat {self.chat.id} (deleted or never made)")
        if thread_id is not None and not self.chat.is_forum:
            raise ValueError(f"chat {self.chat.id} is not a forum: it has no topics")
        if reply_to is not None:
            replied = self.double.world.message(self.chat.id, reply_to)
            if replied is None or replied.deleted:
                raise ValueError(f"no message {reply_to} to reply to in chat {self.chat.id}")
            if thread_id is None and self.chat.is_forum:
                thread_id = replied.thread_id  # a reply stays in the replied message's topic
        stored = self.double.world.new_message(
            self.chat,
            self.user.id,
            thread_id=thread_id,
            reply_to=reply_to,
            **self._identity(),
            **fields,
        )
        self.double.updates.push("message", message_json(self.double.world, stored))
        return MessageView(self.double, stored)

    def _label(self) -> str:
        return f"chat {self.chat.id} ({self.user.first_name})"
