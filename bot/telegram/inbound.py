"""Telegram's Message and CallbackQuery, as both libraries model them, into Inbound events.

aiogram and python-telegram-bot give a message the Bot API's field names (``from_user`` for
``from``), so one translation serves both; the protocols below are the part of a message it
reads. What the libraries do differently is evened out here or in each runtime's
``translate`` module: PTB keeps a photo's sizes in a tuple and a chat type as an enum, and
gives dates in its Defaults' time zone when one is set (Inbound dates are always UTC).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Protocol

from dialogs.events import Inbound, Kind, MediaKind, MediaRef, TextEntity


class User(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def is_bot(self) -> bool: ...
    @property
    def first_name(self) -> str: ...
    @property
    def username(self) -> str | None: ...
    @property
    def language_code(self) -> str | None: ...


class Chat(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def type(self) -> str: ...


class Entity(Protocol):
    @property
    def type(self) -> str: ...
    @property
    def offset(self) -> int: ...
    @property
    def length(self) -> int: ...


class File(Protocol):
    @property
    def file_id(self) -> str: ...


class Document(File, Protocol):
    @property
    def mime_type(self) -> str | None: ...
    @property
    def file_name(self) -> str | None: ...


class Replied(Protocol):
    @property
    def message_id(self) -> int: ...


class Message(Protocol):
    @property
    def from_user(self) -> User | None: ...
    @property
    def sender_chat(self) -> Chat | None: ...
    @property
    def reply_to_message(self) -> Replied | None: ...
    @property
    def chat(self) -> Chat: ...
    @property
    def date(self) -> datetime: ...
    @property
    def message_id(self) -> int: ...
    @property
    def message_thread_id(self) -> int | None: ...
    @property
    def is_topic_message(self) -> bool | None: ...
    @property
    def text(self) -> str | None: ...
    @property
    def caption(self) -> str | None: ...
    @property
    def entities(self) -> Sequence[Entity] | None: ...
    @property
    def caption_entities(self) -> Sequence[Entity] | None: ...
    @property
    def media_group_id(self) -> str | None: ...
    @property
    def photo(self) -> Sequence[File] | None: ...
    @property
    def document(self) -> Document | None: ...


class ButtonMessage(Protocol):
    """The message a pressed button was on (it may be too old for its content to be sent:
    then it has no thread, and the answer goes to the chat)."""

    @property
    def chat(self) -> Chat: ...
    @property
    def message_id(self) -> int: ...


class CallbackQuery(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def from_user(self) -> User: ...
    @property
    def message(self) -> ButtonMessage | None: ...
    @property
    def data(self) -> str | None: ...


def from_message(
    message: Message, update_id: int | None = None, edited: bool = False
) -> Inbound | None:
    """A user's message (or its new version, ``edited``) of update ``update_id``; None for
    a bot's or a channel's. A group's anonymous admin posts as the group itself: kept,
    marked ``anonymous``, so the desk can say why it is not relayed."""
    if _is_service(message):
        return None  # a pin, a topic renamed, someone joined: nobody wrote anything
    user = message.from_user
    sender_chat = message.sender_chat
    anonymous = sender_chat is not None and sender_chat.id == message.chat.id
    if user is None or (user.is_bot and not anonymous):
        return None
    command, args, addressee = _command(message)
    kind = Kind.EDITED if edited else (Kind.COMMAND if command else Kind.MESSAGE)
    return Inbound(
        kind=kind,
        user_id=user.id,
        chat_id=message.chat.id,
        chat_type=str(message.chat.type),
        date=message.date.astimezone(UTC),
        message_id=message.message_id,
        first_name=user.first_name,
        username=user.username,
        locale_hint=user.language_code,
        thread_id=message.message_thread_id if message.is_topic_message else None,
        text=message.text if message.text is not None else message.caption,
        command=command,
        command_args=args,
        command_to=addressee,
        media=_media(message),
        media_group_id=message.media_group_id,
        message_ids=(message.message_id,),
        reply_to=_replied(message),
        anonymous=anonymous,
        entities=_entities(
            message.entities if message.text is not None else message.caption_entities
        ),
        update_ids=() if update_id is None else (update_id,),
    )


def _entities(found: Sequence[Entity] | None) -> tuple[TextEntity, ...]:
    """Entities as neutral data; PTB and aiogram name their fields as the Bot API does."""
    out = []
    for e in found or ():
        user = getattr(e, "user", None)
        out.append(
            TextEntity(
                str(e.type),
                e.offset,
                e.length,
                url=getattr(e, "url", None),
                language=getattr(e, "language", None),
                custom_emoji_id=getattr(e, "custom_emoji_id", None),
                user_id=getattr(user, "id", None),
            )
        )
    return tuple(out)


def addressed_elsewhere(event: Inbound, username: str | None) -> bool:
    """A command for another bot ("/ban@groupadminbot" in a group kefu is in)."""
    to = event.command_to
    return to is not None and username is not None and to.lower() != username.lower()


def _replied(message: Message) -> int | None:
    replied = message.reply_to_message
    if replied is None:
        return None
    if message.is_topic_message and replied.message_id == message.message_thread_id:
        return None  # the topic's first message, not an answer to anything
    return replied.message_id


def from_callback(
    query: CallbackQuery, now: datetime, update_id: int | None = None
) -> Inbound | None:
    """A button press of update ``update_id``, dated ``now`` (the query carries no date of
    its own)."""
    message = query.message
    if message is None:  # a button of an inline-mode message: not kefu's
        return None
    return Inbound(
        kind=Kind.BUTTON,
        user_id=query.from_user.id,
        chat_id=message.chat.id,
        chat_type=str(message.chat.type),
        date=now,
        message_id=message.message_id,
        first_name=query.from_user.first_name,
        username=query.from_user.username,
        locale_hint=query.from_user.language_code,
        # A button in a topic is answered in that topic.
        thread_id=(
            getattr(message, "message_thread_id", None)
            if getattr(message, "is_topic_message", None)
            else None
        ),
        button_data=query.data,
        callback_id=query.id,
        update_ids=() if update_id is None else (update_id,),
    )


def _command(message: Message) -> tuple[str | None, str | None, str | None]:
    """(command, its arguments, the bot it names after "@" if any)."""
    text = message.text or ""
    entities = message.entities or ()
    if not (entities and entities[0].type == "bot_command" and entities[0].offset == 0):
        return None, None, None
    word = text[1 : entities[0].length]
    name, _, addressee = word.partition("@")
    rest = text[entities[0].length :].strip()
    return name.lower(), rest or None, addressee or None


_SINGLE_FILES = (
    ("sticker", MediaKind.STICKER),
    ("voice", MediaKind.VOICE),
    ("video", MediaKind.VIDEO),
    ("audio", MediaKind.AUDIO),
    ("animation", MediaKind.ANIMATION),
    ("video_note", MediaKind.VIDEO_NOTE),
)


# What a person can send besides text and files (all copied as they are).
_OTHER_CONTENT = (
    "location",
    "contact",
    "poll",
    "dice",
    "venue",
    "game",
    "invoice",
    "story",
    "giveaway",
    "giveaway_winners",
    "paid_media",
    "checklist",
)


def _is_service(message: Message) -> bool:
    """A service message: no text, caption, file or other content a person sent."""
    if message.text is not None or message.caption is not None:
        return False
    if message.photo or message.document:
        return False
    attrs = (*(attr for attr, _ in _SINGLE_FILES), *_OTHER_CONTENT)
    return all(getattr(message, attr, None) is None for attr in attrs)


def _media(message: Message) -> tuple[MediaRef, ...]:
    if message.photo:  # every size of one photo, smallest first: kefu keeps the largest
        return (MediaRef(MediaKind.PHOTO, message.photo[-1].file_id),)
    if message.document:
        doc = message.document
        return (MediaRef(MediaKind.DOCUMENT, doc.file_id, doc.mime_type, doc.file_name),)
    for attr, kind in _SINGLE_FILES:
        item = getattr(message, attr, None)
        if item is not None:
            return (MediaRef(kind, item.file_id, getattr(item, "mime_type", None)),)
    if message.text is None and message.caption is None:
        return (MediaRef(MediaKind.OTHER, ""),)  # a contact, a location, a poll...
    return ()
