"""The driver: how a test (or ``kefu try``) plays the people on the other side of the bot.

    user = double.driver.private_user(1001, first_name="Alice", language_code="zh-hans")
    await user.send_command("start", args="order_123")
    menu = await user.next_message()            # waits, never sleeps
    press = await user.press("English")
    await press.answer()

    group = double.driver.forum_group(chat_id=-1001234567890, title="Support")
    agent = group.member(2001, "Bob")
    topic = await group.create_topic("Order 123", by=agent)
    await agent.send_text("on it", thread_id=topic.thread_id)
    note = await group.next_message(thread_id=topic.thread_id)

Groups (members, administrators, topics, the anonymous admin) are in :mod:`group`. Users
and chats are created on first mention and the same id returns the same object.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

from bot.telegram.double.actors import Actor
from bot.telegram.double.group import GROUP_OWNER_ID, AnonymousAdmin, Group, Member
from bot.telegram.double.inbox import ANY_THREAD, DEFAULT_TIMEOUT, Inbox, MessageView
from bot.telegram.double.models import Chat, User

if TYPE_CHECKING:
    from bot.telegram.double.server import BotApiDouble

__all__ = ["GROUP_OWNER_ID", "AnonymousAdmin", "Driver", "Group", "Member", "PrivateUser"]


class PrivateUser(Actor):
    """A user in their private chat with the bot, reading the bot's replies."""

    def __init__(self, double: BotApiDouble, user: User, chat: Chat) -> None:
        super().__init__(double, user, chat)
        self.inbox = Inbox(double, chat.id, ANY_THREAD, self._label())

    @property
    def messages(self) -> list[MessageView]:
        """Every message the bot sent this user so far, in order."""
        return self.inbox.messages

    async def next_message(self, timeout: float | None = DEFAULT_TIMEOUT) -> MessageView:  # noqa: ASYNC109
        return await self.inbox.next_message(timeout)

    async def wait_for(
        self,
        predicate: Callable[[MessageView], bool],
        timeout: float | None = DEFAULT_TIMEOUT,  # noqa: ASYNC109
        **options: Any,
    ) -> MessageView:
        return await self.inbox.wait_for(predicate, timeout, **options)

    def watch(self, idle: float | None = None) -> AsyncIterator[MessageView]:
        """The bot's messages as they appear and change (see :meth:`Inbox.watch`)."""
        return self.inbox.watch(idle)

    def block(self) -> None:
        """The user blocks the bot (403 "bot was blocked by the user" from now on)."""
        self.double.block(self.user.id)

    def unblock(self) -> None:
        self.double.unblock(self.user.id)


class Driver:
    """Creates the users and chats a test plays; see the module docstring."""

    def __init__(self, double: BotApiDouble) -> None:
        self.double = double
        self._private: dict[int, PrivateUser] = {}
        self._groups: dict[int, Group] = {}

    def user(self, user_id: int, first_name: str = "User", **profile: Any) -> User:
        """The account ``user_id``, created with ``first_name`` and ``profile`` if new."""
        world = self.double.world
        if user_id not in world.users:
            world.add_user(User(user_id, first_name, **profile))
        return world.users[user_id]

    def private_user(
        self,
        user_id: int,
        first_name: str = "User",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> PrivateUser:
        """A user who has started the bot, with their private chat."""
        if user_id not in self._private:
            user = self.user(
                user_id,
                first_name,
                last_name=last_name,
                username=username,
                language_code=language_code,
            )
            chat = self.double.world.private_chat(user)
            self._private[user_id] = PrivateUser(self.double, user, chat)
        return self._private[user_id]

    def forum_group(
        self, chat_id: int = -1001000000001, title: str = "Support", *, username: str | None = None
    ) -> Group:
        """A forum supergroup (topics on) where the bot is an administrator."""
        return self._group(chat_id, "supergroup", title, username, is_forum=True)

    def supergroup(self, chat_id: int, title: str, *, username: str | None = None) -> Group:
        return self._group(chat_id, "supergroup", title, username, is_forum=False)

    def group(self, chat_id: int, title: str) -> Group:
        """A basic (legacy) group."""
        return self._group(chat_id, "group", title, None, is_forum=False)

    def _group(
        self, chat_id: int, kind: str, title: str, username: str | None, *, is_forum: bool
    ) -> Group:
        if chat_id not in self._groups:
            chat = Chat(
                chat_id,
                kind,
                title=title,
                username=username,
                is_forum=is_forum,
                bot_status="administrator",
            )
            self._groups[chat_id] = Group(self.double, self.double.world.add_chat(chat))
        return self._groups[chat_id]
