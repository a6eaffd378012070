"""What the double remembers: users, chats, topics, messages, files and button presses.

Plain dataclasses; :mod:`bot.telegram.double.world` owns the collections and hands out
identifiers, :mod:`bot.telegram.double.serialize` turns these into Bot API JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]
# Kinds of message whose media carries a caption: the ones whose caption can be edited and
# replaced in a copy (text, stickers, video notes, locations, polls, ... have none).
CAPTIONED_KINDS = frozenset({"photo", "document", "video", "animation", "audio", "voice"})


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
class Membership:
    """A person's standing in a group, as getChatMember reports it.

    ``status`` is Telegram's: creator | administrator | member | restricted | left | kicked.
    ``rights`` overrides the default administrator rights or restricted permissions.
    """

    status: str = "member"
    custom_title: str | None = None
    until_date: int = 0
    rights: Json = field(default_factory=dict)


@dataclass
class Chat:
    """A private chat (id = the user's id), a group, or a supergroup (a forum when is_forum).

    ``bot_status`` is the bot's membership: "member"/"administrator", or "kicked" (for a
    private chat: the user blocked the bot). ``members`` holds everyone else's standing;
    a user missing from it never joined ("left").
    """

    id: int
    type: str
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    is_forum: bool = False
    bot_status: str = "member"
    members: dict[int, Membership] = field(default_factory=dict)
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
    kind: str  # photo | document | sticker | voice | video | video_note | animation | audio
    data: bytes = b""
    size: int = 0
    file_name: str | None = None
    mime_type: str | None = None
    width: int = 0
    height: int = 0
    duration: int = 0
    emoji: str | None = None
    title: str | None = None  # an audio's
    performer: str | None = None  # an audio's
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
    # text | photo | document | sticker | voice | video | video_note | animation | audio
    # | location | contact | poll | dice | invoice | service
    kind: str = "text"
    thread_id: int | None = None
    text: str | None = None
    entities: list[Json] = field(default_factory=list)
    caption: str | None = None
    caption_entities: list[Json] = field(default_factory=list)
    file_id: str | None = None
    # The Bot API object of a location, contact, poll, dice or invoice (its field is ``kind``).
    content: Json | None = None
    sender_chat: int | None = None  # the chat a message is sent on behalf of (anonymous admin)
    author_signature: str | None = None
    via_bot: int | None = None  # the inline bot a message was sent through
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
