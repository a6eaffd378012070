"""What the double remembers: users, chats, topics, messages, files and button presses.

Plain dataclasses; :mod:`bot.telegram.double.world` owns the collections and hands out
identifiers, :mod:`bot.telegram.double.serialize` turns these into Bot API JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]


@dataclass
class User:
    """A Telegram account: a person the driver plays, or the bot itself."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    is_bot: bool = False


@dataclass
class Topic:
    """A forum topic; ``thread_id`` is the id of its ``forum_topic_created`` service message."""

    thread_id: int
    name: str
    icon_color: int
    created_by: int
    icon_custom_emoji_id: str | None = None
    closed: bool = False


@dataclass
class Chat:
    """A private chat (id = the user's id), a group, or a supergroup (a forum when is_forum).

    ``bot_status`` is the bot's membership: "member"/"administrator", or "kicked" (for a
    private chat: the user blocked the bot).
    """

    id: int
    type: str
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    is_forum: bool = False
    bot_status: str = "member"
    members: set[int] = field(default_factory=set)
    topics: dict[int, Topic] = field(default_factory=dict)
    next_message_id: int = 1

    @property
    def is_group(self) -> bool:
        return self.type in ("group", "supergroup")


@dataclass
class StoredFile:
    """A file the double knows: uploaded by the bot, or made up when a user sends one.

    A photo has several sizes, each with its own file_id; all of them find this record.
    """

    file_id: str
    file_unique_id: str
    kind: str  # "photo" | "document" | "sticker" | "voice"
    data: bytes = b""
    size: int = 0
    file_name: str | None = None
    mime_type: str | None = None
    width: int = 0
    height: int = 0
    duration: int = 0
    emoji: str | None = None
    sizes: list[Json] = field(default_factory=list)  # PhotoSize objects of a photo
    file_path: str | None = None


@dataclass
class Edit:
    """One earlier version of a message, kept when it is edited."""

    date: int
    text: str | None
    entities: list[Json]
    caption: str | None
    reply_markup: Json | None


@dataclass
class StoredMessage:
    """One message in one chat, by the bot or by a user, with its edits and fate."""

    chat_id: int
    message_id: int
    sender_id: int
    date: int
    kind: str = "text"  # text | photo | document | sticker | voice | service
    thread_id: int | None = None
    text: str | None = None
    entities: list[Json] = field(default_factory=list)
    caption: str | None = None
    caption_entities: list[Json] = field(default_factory=list)
    file_id: str | None = None
    media_group_id: str | None = None
    reply_markup: Json | None = None  # an inline keyboard: part of the message
    reply_keyboard: Json | None = None  # a reply keyboard, a "remove" or a force_reply
    reply_to: int | None = None
    forward_origin: Json | None = None
    service: Json | None = None  # e.g. {"forum_topic_created": {...}}
    edit_date: int | None = None
    edits: list[Edit] = field(default_factory=list)
    deleted: bool = False
    by_bot: bool = False


@dataclass
class CallbackRecord:
    """A button press queued to the bot, and the bot's answer once it comes."""

    id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    created_at: float  # clock.monotonic()
    answered: bool = False
    answer: Json | None = None
