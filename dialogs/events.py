"""Inbound events: what a runtime hands kefu, with no messaging library's types in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Kind(StrEnum):
    MESSAGE = "message"
    COMMAND = "command"
    BUTTON = "button"
    EDITED = "edited"
    # The bot's own membership of the chat changed (my_chat_member): in a private chat,
    # the user blocked the bot ("kicked") or unblocked it ("member"); see ``bot_status``.
    MEMBERSHIP = "membership"


class MediaKind(StrEnum):
    PHOTO = "photo"
    DOCUMENT = "document"
    STICKER = "sticker"
    VOICE = "voice"
    VIDEO = "video"
    VIDEO_NOTE = "video_note"
    AUDIO = "audio"
    ANIMATION = "animation"
    OTHER = "other"


@dataclass(frozen=True)
class MediaRef:
    """A file the user sent: Telegram keeps it, kefu keeps its file_id."""

    kind: MediaKind
    file_id: str
    mime_type: str | None = None
    file_name: str | None = None


@dataclass(frozen=True)
class TextEntity:
    """A span of a message's text with a meaning (bold, a link...); offsets and lengths in
    UTF-16 code units, as Telegram counts them."""

    type: str
    offset: int
    length: int
    url: str | None = None
    language: str | None = None
    custom_emoji_id: str | None = None
    user_id: int | None = None


@dataclass(frozen=True)
class Inbound:
    """One thing a person did: wrote, sent a command or a file, pressed a button, edited.

    ``locale_hint`` is Telegram's language_code as sent; the router decides the locale.
    For a button, ``message_id`` is the bot message that carried it.
    """

    kind: Kind
    user_id: int
    chat_id: int
    chat_type: str  # private | group | supergroup | channel
    date: datetime
    message_id: int | None = None
    first_name: str = ""
    username: str | None = None
    locale_hint: str | None = None
    thread_id: int | None = None
    text: str | None = None
    command: str | None = None
    command_args: str | None = None
    command_to: str | None = None  # "/help@somebot": the bot it was addressed to
    button_data: str | None = None
    callback_id: str | None = None
    media: tuple[MediaRef, ...] = field(default_factory=tuple)
    media_group_id: str | None = None
    # Every message of the event in order: an album's items, else just ``message_id``.
    message_ids: tuple[int, ...] = ()
    # The message this one answers (None for a topic's own first message, which Telegram
    # names as the reply of everything posted in the topic).
    reply_to: int | None = None
    # Posted by the group itself ("Remain anonymous" admins): no person can be named.
    anonymous: bool = False
    # The formatting of ``text`` (a message's entities, or a caption's).
    entities: tuple[TextEntity, ...] = ()
    # The Telegram updates it came in (an album: one per item); recorded as handled with
    # its effects, so a redelivery is recognised.
    update_ids: tuple[int, ...] = ()
    # MEMBERSHIP: the bot's new status in the chat (Telegram's ChatMember status).
    bot_status: str | None = None

    @property
    def is_private(self) -> bool:
        return self.chat_type == "private"


@dataclass(frozen=True)
class Context:
    """Who the dialogs are talking to: the user's locale (already resolved)."""

    locale: str
