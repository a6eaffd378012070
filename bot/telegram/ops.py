"""Neutral Bot API operations: what kefu asks Telegram to do, whichever library sends it.

The executor and the outbox speak only these; each runtime (aiogram, python-telegram-bot)
turns them into its library's calls and turns its library's errors into
:mod:`bot.telegram.errors`. Text is Telegram HTML, already escaped by whoever rendered it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Re-exported: the outbox and the runtimes read Telegram's limits from here.
from dialogs.limits import CALLBACK_DATA_LIMIT as CALLBACK_DATA_LIMIT
from dialogs.limits import CAPTION_LIMIT as CAPTION_LIMIT
from dialogs.limits import TEXT_LIMIT as TEXT_LIMIT


@dataclass(frozen=True)
class Button:
    """An inline button: ``data`` is the callback data (at most 64 bytes) or ``url`` a link."""

    text: str
    data: str | None = None
    url: str | None = None


Keyboard = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True)
class SendText:
    """A text message. ``paid_broadcast``: sent with ``allow_paid_broadcast`` (Bot API
    7.11), outside the bot's 30 a second for 0.1 Telegram Stars a message; likewise on the
    photo, video and album sends."""

    chat_id: int
    text: str
    buttons: Keyboard | None = None
    thread_id: int | None = None
    reply_to: int | None = None
    paid_broadcast: bool = False


@dataclass(frozen=True)
class SendPhoto:
    chat_id: int
    file_id: str
    caption: str | None = None
    buttons: Keyboard | None = None
    thread_id: int | None = None
    paid_broadcast: bool = False


@dataclass(frozen=True)
class SendVideo:
    chat_id: int
    file_id: str
    caption: str | None = None
    buttons: Keyboard | None = None
    thread_id: int | None = None
    paid_broadcast: bool = False


@dataclass(frozen=True)
class SendDocument:
    chat_id: int
    file_id: str
    caption: str | None = None
    buttons: Keyboard | None = None
    thread_id: int | None = None


@dataclass(frozen=True)
class MediaItem:
    kind: str  # "photo" | "video" | "document" (photos and videos mix; documents do not)
    file_id: str
    caption: str | None = None


@dataclass(frozen=True)
class SendMediaGroup:
    chat_id: int
    items: tuple[MediaItem, ...]
    thread_id: int | None = None
    paid_broadcast: bool = False


@dataclass(frozen=True)
class CopyMessage:
    """A message sent again from the bot, any content type, without "forwarded from":
    how the desk relays a person's message while keeping agents anonymous."""

    chat_id: int
    from_chat_id: int
    message_id: int
    thread_id: int | None = None
    reply_to: int | None = None
    caption: str | None = None  # a new caption (Telegram HTML) instead of the original


@dataclass(frozen=True)
class CopyMessages:
    """Several messages of one chat copied at once, in order: an album stays one album.
    Telegram skips those it cannot find or copy."""

    chat_id: int
    from_chat_id: int
    message_ids: tuple[int, ...]
    thread_id: int | None = None


@dataclass(frozen=True)
class GetChat:
    """What a chat is: its answer says whether it is a forum (topics on)."""

    chat_id: int


@dataclass(frozen=True)
class GetChatMember:
    """Who ``user_id`` is in ``chat_id``: its answer is the member's status."""

    chat_id: int
    user_id: int


@dataclass(frozen=True)
class EditText:
    chat_id: int
    message_id: int
    text: str
    buttons: Keyboard | None = None


@dataclass(frozen=True)
class EditCaption:
    """A media message's new caption (Telegram HTML)."""

    chat_id: int
    message_id: int
    caption: str


@dataclass(frozen=True)
class EditButtons:
    chat_id: int
    message_id: int
    buttons: Keyboard | None = None


@dataclass(frozen=True)
class DeleteMessage:
    chat_id: int
    message_id: int


@dataclass(frozen=True)
class CreateTopic:
    chat_id: int
    name: str
    icon_color: int | None = None  # one of Telegram's six; chosen at creation only


@dataclass(frozen=True)
class EditTopic:
    chat_id: int
    thread_id: int
    name: str


@dataclass(frozen=True)
class CloseTopic:
    chat_id: int
    thread_id: int


@dataclass(frozen=True)
class ReopenTopic:
    chat_id: int
    thread_id: int


@dataclass(frozen=True)
class AnswerCallback:
    """Answers a button press. Never queued: Telegram wants it within seconds."""

    callback_id: str
    text: str | None = None
    alert: bool = False


@dataclass(frozen=True)
class Command:
    command: str
    description: str


@dataclass(frozen=True)
class SetCommands:
    """The command menu, for every chat or only for ``chat_id`` (the agents' group)."""

    commands: tuple[Command, ...]
    language_code: str | None = None
    chat_id: int | None = None


Op = (
    SendText
    | SendPhoto
    | SendVideo
    | SendDocument
    | SendMediaGroup
    | CopyMessage
    | CopyMessages
    | GetChat
    | GetChatMember
    | EditText
    | EditCaption
    | EditButtons
    | DeleteMessage
    | CreateTopic
    | EditTopic
    | CloseTopic
    | ReopenTopic
    | AnswerCallback
    | SetCommands
)

# Operations that Telegram counts against the per-chat and global send limits.
COUNTED_OPS = (
    SendText,
    SendPhoto,
    SendVideo,
    SendDocument,
    SendMediaGroup,
    CopyMessage,
    CopyMessages,
    EditText,
    EditCaption,
    EditButtons,
    CreateTopic,
)


def is_paid(op: Op) -> bool:
    """Whether ``op`` goes as a paid broadcast: Telegram then leaves it out of the bot's
    overall 30 a second (its chat's own limit still holds)."""
    return bool(getattr(op, "paid_broadcast", False))


@dataclass(frozen=True)
class OpResult:
    """What Telegram answered: the ids of the messages sent (several for an album or a split
    text), the thread id of a created topic, a member's status, or whether a chat is a
    forum."""

    message_ids: tuple[int, ...] = field(default_factory=tuple)
    thread_id: int | None = None
    status: str | None = None
    forum: bool | None = None
