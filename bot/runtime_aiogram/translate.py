"""aiogram's Update objects into kefu's neutral Inbound events."""

from __future__ import annotations

from datetime import datetime

from aiogram.types import CallbackQuery, Message

from dialogs.events import Inbound, Kind, MediaKind, MediaRef


def from_message(message: Message, edited: bool = False) -> Inbound | None:
    user = message.from_user
    if user is None or user.is_bot:
        return None
    command, args = _command(message)
    kind = Kind.EDITED if edited else (Kind.COMMAND if command else Kind.MESSAGE)
    return Inbound(
        kind=kind,
        user_id=user.id,
        chat_id=message.chat.id,
        chat_type=message.chat.type,
        date=message.date,
        message_id=message.message_id,
        first_name=user.first_name,
        username=user.username,
        locale_hint=user.language_code,
        thread_id=message.message_thread_id if message.is_topic_message else None,
        text=message.text if message.text is not None else message.caption,
        command=command,
        command_args=args,
        media=_media(message),
        media_group_id=message.media_group_id,
    )


def from_callback(query: CallbackQuery, now: datetime) -> Inbound | None:
    message = query.message
    if message is None:  # a button of an inline-mode message: not kefu's
        return None
    return Inbound(
        kind=Kind.BUTTON,
        user_id=query.from_user.id,
        chat_id=message.chat.id,
        chat_type=message.chat.type,
        date=now,
        message_id=message.message_id,
        first_name=query.from_user.first_name,
        username=query.from_user.username,
        locale_hint=query.from_user.language_code,
        button_data=query.data,
        callback_id=query.id,
    )


def _command(message: Message) -> tuple[str | None, str | None]:
    text = message.text or ""
    entities = message.entities or []
    if not (entities and entities[0].type == "bot_command" and entities[0].offset == 0):
        return None, None
    word = text[1 : entities[0].length]
    name, _, _addressee = word.partition("@")
    rest = text[entities[0].length :].strip()
    return name.lower(), rest or None


def _media(message: Message) -> tuple[MediaRef, ...]:
    if message.photo:
        return (MediaRef(MediaKind.PHOTO, message.photo[-1].file_id),)
    if message.document:
        doc = message.document
        return (MediaRef(MediaKind.DOCUMENT, doc.file_id, doc.mime_type, doc.file_name),)
    for attr, kind in (
        ("sticker", MediaKind.STICKER),
        ("voice", MediaKind.VOICE),
        ("video", MediaKind.VIDEO),
        ("audio", MediaKind.AUDIO),
        ("animation", MediaKind.ANIMATION),
        ("video_note", MediaKind.VIDEO),
    ):
        item = getattr(message, attr, None)
        if item is not None:
            return (MediaRef(kind, item.file_id, getattr(item, "mime_type", None)),)
    if message.text is None and message.caption is None:
        return (MediaRef(MediaKind.OTHER, ""),)  # a contact, a location, a poll...
    return ()
