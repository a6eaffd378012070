"""kefu's neutral operations as python-telegram-bot Bot calls, and PTB's errors as neutral kinds.

Where PTB differs from aiogram, this is where it is evened out:

- a file id is passed as PTB's PhotoSize or Document object, never as a bare string: PTB
  uploads a *local file* when a string names one (a file id that happens to match a file
  name in the working directory would be uploaded in its place);
- PTB's BadRequest is a NetworkError, so the order of the checks below matters;
- PTB 22 keeps a 429's wait as a timedelta (its public ``retry_after`` still gives seconds,
  with a deprecation warning, unless PTB_TIMEDELTA opts in, as kefu's PTB client does);
- the descriptions are Telegram's own (see :mod:`bot.telegram.runtimes.ptb22.request`).
"""

from __future__ import annotations

import datetime as dtm
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    Document,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaDocument,
    InputMediaPhoto,
    InputMediaVideo,
    LinkPreviewOptions,
    PhotoSize,
    ReplyParameters,
    Video,
)
from telegram import error as ptb

from bot.telegram.calls import (
    HTML,
    Album,
    BotApiTransport,
    ChatScope,
    Commands,
    FileId,
    Markup,
    NoPreview,
    ReplyTo,
)
from bot.telegram.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    RetryAfter,
    ServerError,
    Unauthorized,
)
from bot.telegram.runtimes.ptb22.request import description


def known_file(kind: str, file_id: str) -> PhotoSize | Video | Document:
    """A file Telegram has, as PTB's object: PTB sends its id and never looks on disk (a
    method sends an object's id only when it is of the method's own kind)."""
    if kind == "photo":
        return PhotoSize(file_id, file_unique_id="", width=0, height=0)
    if kind == "video":
        # No size or length: an album item copies a Video's into its call, and a file
        # Telegram has needs none (aiogram sends none either).
        return Video(file_id, "", width=None, height=None, duration=None)  # type: ignore[arg-type]
    return Document(file_id, file_unique_id="")


# An album item's kind (ops.MediaItem) as PTB's InputMedia class; any other kind goes as a
# document, as Telegram lets a file of any kind but a photo go as one.
_ALBUM_ITEMS: dict[str, type[InputMediaPhoto | InputMediaVideo | InputMediaDocument]] = {
    "photo": InputMediaPhoto,
    "video": InputMediaVideo,
    "document": InputMediaDocument,
}


def retry_seconds(error: ptb.RetryAfter) -> float:
    """A 429's wait in seconds, without PTB 22's deprecation warning for the int form."""
    wait = error.retry_after  # a timedelta once PTB_TIMEDELTA is on (TelegramRequest's)
    return wait.total_seconds() if isinstance(wait, dtm.timedelta) else float(wait)


class PtbTransport(BotApiTransport):
    """Performs one Bot API call per operation through a python-telegram-bot Bot."""

    bot: Bot

    @staticmethod
    def argument(value: Any) -> Any:
        """A neutral argument of :mod:`bot.telegram.calls` as PTB's object."""
        match value:
            case Markup(keyboard=keyboard):
                rows = [
                    [InlineKeyboardButton(b.text, callback_data=b.data, url=b.url) for b in row]
                    for row in keyboard
                ]
                return InlineKeyboardMarkup(rows)
            case ReplyTo(message_id=message_id):
                return ReplyParameters(message_id, allow_sending_without_reply=True)
            case NoPreview():
                return LinkPreviewOptions(is_disabled=True)
            case FileId(kind=kind, file_id=file_id):
                return known_file(kind, file_id)
            case Album(items=items):
                return [
                    _ALBUM_ITEMS.get(item.kind, InputMediaDocument)(
                        known_file(item.kind, item.file_id),  # type: ignore[arg-type]
                        caption=item.caption,
                        parse_mode=HTML,
                    )
                    for item in items
                ]
            case Commands(items=items):
                return [BotCommand(c.command, c.description) for c in items]
            case ChatScope(chat_id=chat_id):
                return BotCommandScopeChat(chat_id)
        return value

    @contextmanager
    def errors(self, method: str) -> Iterator[None]:
        """Raise PTB's exceptions from inside as :mod:`bot.telegram.errors` kinds."""
        try:
            yield
        except ptb.RetryAfter as exc:
            raise RetryAfter(method, self._describe(exc), retry_seconds(exc)) from None
        except ptb.Forbidden as exc:
            raise Forbidden(method, self._describe(exc)) from None
        except ptb.InvalidToken as exc:
            raise Unauthorized(method, self._describe(exc)) from None
        except ptb.Conflict as exc:
            raise Conflict(method, self._describe(exc)) from None
        except (ptb.BadRequest, ptb.ChatMigrated, ptb.EndPointNotFound) as exc:
            raise BadRequest(method, self._describe(exc)) from None
        except ptb.NetworkError as exc:  # 5xx, a timeout, a lost connection, a proxy's page
            raise ServerError(method, self._describe(exc)) from None
        except ptb.TelegramError as exc:  # "Invalid server response": not JSON at all
            raise ServerError(method, self._describe(exc)) from None

    def _describe(self, exc: ptb.TelegramError) -> str:
        return self._redact(description(exc))
