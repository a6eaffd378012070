"""Each neutral operation as the Bot API call it is: a method and its arguments.

aiogram and python-telegram-bot both name their Bot methods and keyword arguments after the
Bot API (``send_message(chat_id=..., text=..., reply_markup=...)``), so which call an
operation becomes is decided here, once. What differs stays in each runtime's transport:
the library's objects for the arguments wrapped below (a keyboard, a reply, link-preview
options, a file id, album items, commands), and its errors.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from bot.support.redaction import Redactor
from bot.telegram.ops import (
    AnswerCallback,
    CloseTopic,
    Command,
    CopyMessage,
    CopyMessages,
    CreateTopic,
    DeleteMessage,
    EditButtons,
    EditCaption,
    EditText,
    EditTopic,
    GetChat,
    GetChatMember,
    Keyboard,
    MediaItem,
    Op,
    OpResult,
    ReopenTopic,
    SendDocument,
    SendMediaGroup,
    SendPhoto,
    SendText,
    SendVideo,
    SetCommands,
    is_paid,
)

HTML = "HTML"


@dataclass(frozen=True)
class Markup:
    """An inline keyboard (``reply_markup``)."""

    keyboard: Keyboard


@dataclass(frozen=True)
class ReplyTo:
    """``reply_parameters``: a reply that is sent even if the message is gone."""

    message_id: int


@dataclass(frozen=True)
class NoPreview:
    """``link_preview_options`` with previews off."""


@dataclass(frozen=True)
class FileId:
    """A file Telegram already has, by its id (``photo``, ``video`` or ``document``)."""

    kind: str  # "photo" | "video" | "document"
    file_id: str


@dataclass(frozen=True)
class Album:
    """``media`` of sendMediaGroup."""

    items: tuple[MediaItem, ...]


@dataclass(frozen=True)
class Commands:
    """``commands`` of setMyCommands."""

    items: tuple[Command, ...]


@dataclass(frozen=True)
class ChatScope:
    """``scope`` of setMyCommands: one chat only."""

    chat_id: int


@dataclass(frozen=True)
class Call:
    """A Bot method by its library name (snake case) and its keyword arguments; an argument
    left out is ``None`` nowhere: it is simply absent."""

    method: str
    args: dict[str, Any]


def _call(method: str, **args: Any) -> Call:
    return Call(method, {name: value for name, value in args.items() if value is not None})


def _markup(keyboard: Keyboard | None) -> Markup | None:
    return Markup(keyboard) if keyboard is not None else None


def _paid(op: Op) -> bool | None:
    # Sent only when asked for: an unpaid call carries no allow_paid_broadcast at all.
    return True if is_paid(op) else None


_FILE_KINDS = {SendPhoto: "photo", SendVideo: "video", SendDocument: "document"}


def call_for(op: Op) -> Call:
    """The Bot API call that performs ``op``."""
    match op:
        case SendText():
            return _call(
                "send_message",
                chat_id=op.chat_id,
                text=op.text,
                parse_mode=HTML,
                reply_markup=_markup(op.buttons),
                message_thread_id=op.thread_id,
                reply_parameters=ReplyTo(op.reply_to) if op.reply_to else None,
                link_preview_options=NoPreview(),
                allow_paid_broadcast=_paid(op),
            )
        case SendPhoto() | SendVideo() | SendDocument():
            kind = _FILE_KINDS[type(op)]
            return _call(
                f"send_{kind}",
                chat_id=op.chat_id,
                caption=op.caption,
                parse_mode=HTML,
                reply_markup=_markup(op.buttons),
                message_thread_id=op.thread_id,
                allow_paid_broadcast=_paid(op),
                **{kind: FileId(kind, op.file_id)},
            )
        case SendMediaGroup():
            return _call(
                "send_media_group",
                chat_id=op.chat_id,
                media=Album(op.items),
                message_thread_id=op.thread_id,
                allow_paid_broadcast=_paid(op),
            )
        case CopyMessage():
            return _call(
                "copy_message",
                chat_id=op.chat_id,
                from_chat_id=op.from_chat_id,
                message_id=op.message_id,
                message_thread_id=op.thread_id,
                reply_parameters=ReplyTo(op.reply_to) if op.reply_to else None,
                caption=op.caption,
                parse_mode=HTML if op.caption is not None else None,
            )
        case CopyMessages():
            return _call(
                "copy_messages",
                chat_id=op.chat_id,
                from_chat_id=op.from_chat_id,
                message_ids=list(op.message_ids),
                message_thread_id=op.thread_id,
            )
        case GetChatMember():
            return _call("get_chat_member", chat_id=op.chat_id, user_id=op.user_id)
        case GetChat():
            return _call("get_chat", chat_id=op.chat_id)
        case EditText():
            return _call(
                "edit_message_text",
                chat_id=op.chat_id,
                message_id=op.message_id,
                text=op.text,
                parse_mode=HTML,
                reply_markup=_markup(op.buttons),
                link_preview_options=NoPreview(),
            )
        case EditCaption():
            return _call(
                "edit_message_caption",
                chat_id=op.chat_id,
                message_id=op.message_id,
                caption=op.caption,
                parse_mode=HTML,
            )
        case EditButtons():
            return _call(
                "edit_message_reply_markup",
                chat_id=op.chat_id,
                message_id=op.message_id,
                reply_markup=_markup(op.buttons),
            )
        case DeleteMessage():
            return _call("delete_message", chat_id=op.chat_id, message_id=op.message_id)
        case CreateTopic():
            return _call(
                "create_forum_topic", chat_id=op.chat_id, name=op.name, icon_color=op.icon_color
            )
        case EditTopic():
            return _call(
                "edit_forum_topic",
                chat_id=op.chat_id,
                message_thread_id=op.thread_id,
                name=op.name,
            )
        case CloseTopic() | ReopenTopic():
            verb = "close" if isinstance(op, CloseTopic) else "reopen"
            return _call(f"{verb}_forum_topic", chat_id=op.chat_id, message_thread_id=op.thread_id)
        case AnswerCallback():
            return _call(
                "answer_callback_query",
                callback_query_id=op.callback_id,
                text=op.text,
                show_alert=op.alert,
            )
        case SetCommands():
            return _call(
                "set_my_commands",
                commands=Commands(op.commands),
                language_code=op.language_code,
                scope=ChatScope(op.chat_id) if op.chat_id is not None else None,
            )
    raise TypeError(f"no Bot API call for {type(op).__name__}")


def result_of(op: Op, answer: object) -> OpResult:
    """What kefu keeps of Telegram's answer: the ids of the messages sent, or the topic.
    ``answer`` is the library's object, or Telegram's JSON as it came."""
    if isinstance(op, CreateTopic):
        return OpResult(thread_id=_read(answer, "message_thread_id"))
    if isinstance(op, EditTopic | CloseTopic | ReopenTopic):
        return OpResult(thread_id=op.thread_id)
    if isinstance(op, GetChatMember):
        return OpResult(status=str(_read(answer, "status")))
    if isinstance(op, GetChat):
        return OpResult(forum=bool(_read(answer, "is_forum")))
    if isinstance(answer, Sequence) and not isinstance(answer, str):  # an album's messages
        return OpResult(message_ids=tuple(_read(m, "message_id") for m in answer))
    message_id = _read(answer, "message_id")  # a Message, or copyMessage's MessageId
    return OpResult(message_ids=(message_id,)) if isinstance(message_id, int) else OpResult()


def _read(answer: object, field: str) -> Any:
    """A field of an answer, an object or a JSON object; None where it has none."""
    if isinstance(answer, dict):
        return answer.get(field)
    return getattr(answer, field, None)


class BotApiTransport(ABC):
    """A runtime's Transport: each operation as the call :func:`call_for` names, made through
    the library (its Bot's method, unless the runtime makes the call its own way: see
    :meth:`call`) with the arguments as the library takes them, its errors made neutral."""

    def __init__(self, bot: Any, redactor: Redactor) -> None:
        self.bot = bot
        self._redact = redactor

    async def execute(self, op: Op) -> OpResult:
        call = call_for(op)
        arguments = {name: self.argument(value) for name, value in call.args.items()}
        with self.errors(type(op).__name__):
            answer = await self.call(call.method, arguments)
        return result_of(op, answer)

    async def call(self, method: str, arguments: dict[str, Any]) -> Any:
        """Telegram's answer to ``method`` (the library's name for it) with ``arguments``:
        the library's object, or Telegram's JSON (:func:`result_of` reads either)."""
        return await getattr(self.bot, method)(**arguments)

    @staticmethod
    @abstractmethod
    def argument(value: Any) -> Any:
        """A neutral argument (Markup, ReplyTo, NoPreview, FileId, Album, Commands) as the
        library's object; any other value as it is."""

    @abstractmethod
    def errors(self, method: str) -> AbstractContextManager[None]:
        """Raise the library's exceptions from inside as :mod:`bot.telegram.errors` kinds."""
