"""A group the driver plays: its people and their standing, its topics, and what the bot
writes there.

Membership is what getChatMember reports: ``member()`` adds a plain member, ``admin()`` an
administrator (or the creator), ``remove_member`` makes someone "left", ``ban_member``
"kicked", ``restrict_member`` "restricted". These change the record only: Telegram would
also tell an administrator bot through ``chat_member`` updates (only when asked for in
allowed_updates) and service messages, which the double does not send. A removed or banned
member's actor can still post, so a test can script a stranger writing in the group.

``anonymous_admin()`` is the group writing as itself: Telegram shows such a message as
from GroupAnonymousBot with ``sender_chat`` = the group.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.telegram.double.actors import Actor
from bot.telegram.double.inbox import ANY_THREAD, DEFAULT_TIMEOUT, Inbox, MessageView
from bot.telegram.double.members import bot_membership_update
from bot.telegram.double.models import Chat, Membership, Topic, User
from bot.telegram.double.serialize import message_json

if TYPE_CHECKING:
    from bot.telegram.double.server import BotApiDouble

# Who opens topics and removes the bot when a test does not say (an id no test uses).
GROUP_OWNER_ID = 5_000_000_001
# Telegram's account for messages an anonymous administrator sends on the group's behalf.
ANONYMOUS_ADMIN = User(1087968824, "Group", username="GroupAnonymousBot", is_bot=True)


class Member(Actor):
    """A person in a group or forum: a customer, or an agent answering in topics."""


class AnonymousAdmin(Member):
    """An administrator posting as the group: from GroupAnonymousBot, sender_chat the
    group, with ``author_signature`` when the admin has a custom title."""

    def __init__(self, double: BotApiDouble, chat: Chat, title: str | None) -> None:
        user = double.world.users.setdefault(ANONYMOUS_ADMIN.id, ANONYMOUS_ADMIN)
        super().__init__(double, user, chat)
        self.title = title

    def _identity(self) -> dict[str, Any]:
        return {"sender_chat": self.chat.id, "author_signature": self.title}


class Group:
    """A group, supergroup or forum supergroup with the bot in it (as an administrator)."""

    def __init__(self, double: BotApiDouble, chat: Chat) -> None:
        self.double = double
        self.chat = chat
        self._members: dict[int, Member] = {}
        self._anonymous: dict[str | None, AnonymousAdmin] = {}
        self._inboxes: dict[Any, Inbox] = {}

    @property
    def id(self) -> int:
        return self.chat.id

    # --- people ------------------------------------------------------------------------

    def member(self, user_id: int, first_name: str = "Member", **profile: Any) -> Member:
        """A person in this group, created and added as a "member" on first use; later
        calls return the same actor and leave their standing as it is."""
        if user_id not in self._members:
            user = self.double.driver.user(user_id, first_name, **profile)
            self.chat.members.setdefault(user.id, Membership("member"))
            self._members[user_id] = Member(self.double, user, self.chat)
        return self._members[user_id]

    def admin(
        self,
        user_id: int,
        first_name: str = "Admin",
        *,
        owner: bool = False,
        title: str | None = None,
        rights: dict[str, bool] | None = None,
        **profile: Any,
    ) -> Member:
        """An administrator ("creator" with ``owner``), promoting the person if already a
        member. ``rights`` overrides the default rights (can_delete_messages, ...);
        ``title`` is the custom title."""
        actor = self.member(user_id, first_name, **profile)
        status = "creator" if owner else "administrator"
        self.chat.members[user_id] = Membership(status, title, rights=dict(rights or {}))
        return actor

    def remove_member(self, member: Member | int) -> None:
        """The person leaves or is removed: getChatMember says "left"."""
        self._set(member, Membership("left"))

    def ban_member(self, member: Member | int, until_date: int = 0) -> None:
        """The person is banned: "kicked" (``until_date`` 0: for ever)."""
        self._set(member, Membership("kicked", until_date=until_date))

    def restrict_member(
        self, member: Member | int, *, until_date: int = 0, **permissions: bool
    ) -> None:
        """The person is restricted: "restricted", read-only unless ``permissions`` (such as
        ``can_send_messages=True``) say otherwise."""
        self._set(member, Membership("restricted", until_date=until_date, rights=permissions))

    def status(self, member: Member | int) -> str:
        """Someone's standing here, as getChatMember would report it."""
        user_id = member if isinstance(member, int) else member.id
        found = self.chat.members.get(user_id)
        return found.status if found else "left"

    def _set(self, member: Member | int, membership: Membership) -> None:
        user_id = member if isinstance(member, int) else member.id
        if user_id not in self.double.world.users:
            raise ValueError(f"no user {user_id}; make them with member() first")
        self.chat.members[user_id] = membership

    def anonymous_admin(self, title: str | None = None) -> AnonymousAdmin:
        """An administrator writing as the group (``title``: the author signature shown).
        Its account, GroupAnonymousBot, counts as a "member" for getChatMember."""
        if title not in self._anonymous:
            self._anonymous[title] = AnonymousAdmin(self.double, self.chat, title)
            self.chat.members.setdefault(ANONYMOUS_ADMIN.id, Membership("member"))
        return self._anonymous[title]

    def _owner(self) -> Member:
        if GROUP_OWNER_ID not in self._members:
            return self.admin(GROUP_OWNER_ID, "Group Owner", owner=True)
        return self._members[GROUP_OWNER_ID]

    # --- topics ------------------------------------------------------------------------

    @property
    def topics(self) -> dict[int, Topic]:
        """The forum's topics by thread id (the bot's and the members'; deleted ones gone)."""
        return self.chat.topics

    def topic(self, name: str) -> Topic:
        """The newest topic called ``name``."""
        for topic in reversed(self.chat.topics.values()):
            if topic.name == name:
                return topic
        raise KeyError(
            f"no topic {name!r} in {self.chat.title}; topics: "
            f"{[t.name for t in self.chat.topics.values()]}"
        )

    async def create_topic(
        self, name: str, *, by: Member | None = None, icon_color: int = 0x6FB9F0
    ) -> Topic:
        """A member opens a topic; the bot gets the forum_topic_created service message."""
        if not self.chat.is_forum:
            raise ValueError(f"{self.chat.title} is not a forum")
        creator = by or self._owner()
        topic = self.double.world.new_topic(self.chat, name, icon_color, creator.id)
        service = self.double.world.message(self.chat.id, topic.thread_id)
        assert service is not None
        self.double.updates.push("message", message_json(self.double.world, service))
        return topic

    async def delete_topic(self, thread_id: int, *, by: Member | None = None) -> None:
        """Someone deletes a topic by hand: it and all its messages are gone. Telegram sends
        the bot no update for this; its next send there fails "message thread not found".
        (``by`` names who did it; nothing records it, as nothing tells the bot.)"""
        if thread_id not in self.chat.topics:
            raise ValueError(f"no topic {thread_id} in {self.chat.title}")
        self.double.world.delete_topic(self.chat, thread_id)

    # --- what the bot writes here --------------------------------------------------------

    def inbox(self, thread_id: Any = ANY_THREAD) -> Inbox:
        """The bot's messages in one topic (None: General), or the whole chat by default."""
        if thread_id not in self._inboxes:
            where = "" if thread_id is ANY_THREAD else f" thread {thread_id}"
            self._inboxes[thread_id] = Inbox(
                self.double, self.chat.id, thread_id, f"{self.chat.title} ({self.chat.id}){where}"
            )
        return self._inboxes[thread_id]

    def messages(self, thread_id: Any = ANY_THREAD) -> list[MessageView]:
        return self.inbox(thread_id).messages

    async def next_message(
        self,
        thread_id: Any = ANY_THREAD,
        timeout: float | None = DEFAULT_TIMEOUT,  # noqa: ASYNC109
    ) -> MessageView:
        return await self.inbox(thread_id).next_message(timeout)

    async def wait_for(
        self,
        predicate: Callable[[MessageView], bool],
        thread_id: Any = ANY_THREAD,
        timeout: float | None = DEFAULT_TIMEOUT,  # noqa: ASYNC109
        **options: Any,
    ) -> MessageView:
        return await self.inbox(thread_id).wait_for(predicate, timeout, **options)

    # --- the bot's own membership --------------------------------------------------------

    def kick_bot(self, by: Member | None = None) -> None:
        """Remove the bot: sends here get 403 "bot was kicked from the ... chat"."""
        self._set_bot_status("kicked", by)

    def add_bot(self, by: Member | None = None) -> None:
        self._set_bot_status("administrator", by)

    def _set_bot_status(self, status: str, by: Member | None) -> None:
        old, self.chat.bot_status = self.chat.bot_status, status
        actor = (by or self._owner()).user
        payload = bot_membership_update(self.double.world, self.chat, actor, old, status)
        self.double.updates.push("my_chat_member", payload)
