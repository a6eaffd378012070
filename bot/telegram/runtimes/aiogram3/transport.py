"""kefu's neutral operations as aiogram Bot calls, and aiogram's errors as neutral kinds."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    RestartingTelegram,
    TelegramAPIError,
    TelegramConflictError,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaDocument,
    InputMediaPhoto,
    InputMediaVideo,
    LinkPreviewOptions,
    ReplyParameters,
)

from bot.telegram.calls import (
    HTML,
    Album,
    BotApiTransport,
    ChatScope,
    Commands,
    FileId,
    Markup,
    NoPreview,
    OpResult,
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
from bot.telegram.ops import Op

# An album item's kind (ops.MediaItem) as aiogram's InputMedia class; any other kind goes as a
# document, as Telegram lets a file of any kind but a photo go as one.
_ALBUM_ITEMS: dict[str, type[InputMediaPhoto | InputMediaVideo | InputMediaDocument]] = {
    "photo": InputMediaPhoto,
    "video": InputMediaVideo,
    "document": InputMediaDocument,
}


# Set while the transport makes a call: its successful answer is taken as Telegram's JSON
# (bot.telegram.runtimes.aiogram3.runtime._Session), since kefu keeps only an id or two of it
# (calls.result_of), and validating each answer into aiogram's Message cost 5% of kefu's
# CPU, and a schema of every answer's type held in memory.
RAW_ANSWERS: ContextVar[bool] = ContextVar("RAW_ANSWERS", default=False)


class AiogramTransport(BotApiTransport):
    """Performs one Bot API call per operation through an aiogram Bot."""

    bot: Bot

    async def execute(self, op: Op) -> OpResult:
        raw = RAW_ANSWERS.set(True)
        try:
            return await super().execute(op)
        finally:
            RAW_ANSWERS.reset(raw)

    @staticmethod
    def argument(value: Any) -> Any:
        """A neutral argument of :mod:`bot.telegram.calls` as aiogram's object."""
        match value:
            case Markup(keyboard=keyboard):
                rows = [
                    [
                        InlineKeyboardButton(text=b.text, callback_data=b.data, url=b.url)
                        for b in row
                    ]
                    for row in keyboard
                ]
                return InlineKeyboardMarkup(inline_keyboard=rows)
            case ReplyTo(message_id=message_id):
                return ReplyParameters(message_id=message_id, allow_sending_without_reply=True)
            case NoPreview():
                return LinkPreviewOptions(is_disabled=True)
            case FileId(file_id=file_id):
                return file_id
            case Album(items=items):
                return [
                    _ALBUM_ITEMS.get(item.kind, InputMediaDocument)(
                        media=item.file_id, caption=item.caption, parse_mode=HTML
                    )
                    for item in items
                ]
            case Commands(items=items):
                return [BotCommand(command=c.command, description=c.description) for c in items]
            case ChatScope(chat_id=chat_id):
                return BotCommandScopeChat(chat_id=chat_id)
        return value

    @contextmanager
    def errors(self, method: str) -> Iterator[None]:
        """Raise aiogram's exceptions from inside as :mod:`bot.telegram.errors` kinds."""
        try:
            yield
        except TelegramRetryAfter as exc:
            raise RetryAfter(method, self._describe(exc), float(exc.retry_after)) from None
        except TelegramForbiddenError as exc:
            raise Forbidden(method, self._describe(exc)) from None
        except TelegramUnauthorizedError as exc:
            raise Unauthorized(method, self._describe(exc)) from None
        except TelegramConflictError as exc:
            raise Conflict(method, self._describe(exc)) from None
        except TelegramEntityTooLarge as exc:  # a network error to aiogram; no retry helps
            raise BadRequest(method, self._describe(exc)) from None
        except (TelegramServerError, RestartingTelegram, TelegramNetworkError) as exc:
            raise ServerError(method, self._describe(exc)) from None
        except ClientDecodeError:  # an HTML error page from a proxy in front of the API
            raise ServerError(method, "the Bot API answered something that is not JSON") from None
        except TimeoutError:
            raise ServerError(method, "timed out") from None
        except TelegramAPIError as exc:  # 400, 404, a group migrated to a supergroup...
            raise BadRequest(method, self._describe(exc)) from None

    def _describe(self, exc: TelegramAPIError) -> str:
        message = exc.message.rsplit("Original description: ", 1)[-1]
        return self._redact(message)
