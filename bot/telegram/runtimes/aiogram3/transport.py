"""kefu's neutral operations as Bot API calls through aiogram's session, and aiogram's errors
as neutral kinds.

The calls are posted as JSON through the Bot's aiohttp session, and a successful answer is
taken as Telegram's JSON: aiogram's method objects, its form encoding and the validation of
each answer into a ``Message`` (of which kefu keeps an id or two, ``calls.result_of``) are
skipped. A bare aiogram ``send_message`` costs 0.9 ms of CPU here against 0.4 ms for the
same JSON posted through aiogram's own session, and a paid broadcast's 1000 a second needs
less than a core. The same session, URL and timeout are used; a refusal is read by aiogram
(``check_response``), which raises it as its errors, so one error mapping serves both.
The neutral arguments become Telegram's JSON objects here, as aiogram's types serialize them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import aiogram.methods
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
from aiogram.methods import TelegramMethod
from aiohttp import ClientError, ClientTimeout

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
from bot.telegram.runtimes.aiogram3.session import NOT_OK, ok_result

# The album items' kinds (ops.MediaItem) Telegram's InputMedia has; any other kind goes as a
# document, as Telegram lets a file of any kind but a photo go as one.
_ALBUM_KINDS = frozenset({"photo", "video", "document"})
_JSON = {"Content-Type": "application/json"}


class AiogramTransport(BotApiTransport):
    """Performs one Bot API call per operation through an aiogram Bot's session."""

    bot: Bot

    async def call(self, method: str, arguments: dict[str, Any]) -> Any:
        """``method`` posted with JSON ``arguments``; Telegram's result as it came.
        Raises aiogram's exceptions, as a call through the Bot would."""
        api_method = _api_name(method)
        library = self.bot.session
        session = await library.create_session()
        url = library.api.api_url(token=self.bot.token, method=api_method)
        body = library.json_dumps(arguments)
        try:
            async with session.post(
                url, data=body, headers=_JSON, timeout=ClientTimeout(total=library.timeout)
            ) as response:
                status, content = response.status, await response.text()
        except TimeoutError as exc:
            called = _method_object(api_method, arguments)
            raise TelegramNetworkError(method=called, message="Request timeout error") from exc
        except ClientError as exc:
            called = _method_object(api_method, arguments)
            message = f"{type(exc).__name__}: {exc}"
            raise TelegramNetworkError(method=called, message=message) from exc
        if 200 <= status < 300 and (result := ok_result(library.json_loads, content)) is not NOT_OK:
            return result
        # a refusal, or an answer that is not Telegram's: aiogram reads and raises it
        called = _method_object(api_method, arguments)
        return library.check_response(self.bot, called, status, content).result

    @staticmethod
    def argument(value: Any) -> Any:
        """A neutral argument of :mod:`bot.telegram.calls` as Telegram's JSON."""
        match value:
            case Markup(keyboard=keyboard):
                rows = [[_button(b.text, b.data, b.url) for b in row] for row in keyboard]
                return {"inline_keyboard": rows}
            case ReplyTo(message_id=message_id):
                return {"message_id": message_id, "allow_sending_without_reply": True}
            case NoPreview():
                return {"is_disabled": True}
            case FileId(file_id=file_id):
                return file_id
            case Album(items=items):
                return [_album_item(item.kind, item.file_id, item.caption) for item in items]
            case Commands(items=items):
                return [{"command": c.command, "description": c.description} for c in items]
            case ChatScope(chat_id=chat_id):
                return {"type": "chat", "chat_id": chat_id}
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


def _method_object(api_method: str, arguments: dict[str, Any]) -> TelegramMethod[Any]:
    """aiogram's object for a call, unvalidated: what its exceptions name."""
    name = api_method[0].upper() + api_method[1:]
    return getattr(aiogram.methods, name).model_construct(**arguments)


def _api_name(method: str) -> str:
    """A library method's name as the Bot API's: send_message -> sendMessage."""
    first, *rest = method.split("_")
    return first + "".join(word.capitalize() for word in rest)


def _button(text: str, data: str | None, url: str | None) -> dict[str, str]:
    button = {"text": text}
    if data is not None:
        button["callback_data"] = data
    if url is not None:
        button["url"] = url
    return button


def _album_item(kind: str, file_id: str, caption: str | None) -> dict[str, str]:
    item = {"type": kind if kind in _ALBUM_KINDS else "document", "media": file_id}
    if caption is not None:
        item.update(caption=caption, parse_mode=HTML)
    return item
