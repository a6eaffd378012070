"""kefu's neutral operations as aiogram Bot calls, and aiogram's errors as neutral kinds."""

from __future__ import annotations

import functools
from typing import Any

from aiogram import Bot
from aiogram.enums import ParseMode
from aiogram.exceptions import (
    ClientDecodeError,
    RestartingTelegram,
    TelegramAPIError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaDocument,
    InputMediaPhoto,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
)

from bot.redaction import Redactor
from bot.telegram_errors import BadRequest, Forbidden, RetryAfter, ServerError
from bot.telegram_ops import (
    AnswerCallback,
    CloseTopic,
    CopyMessage,
    CreateTopic,
    DeleteMessage,
    EditButtons,
    EditText,
    EditTopic,
    Keyboard,
    Op,
    OpResult,
    ReopenTopic,
    SendDocument,
    SendMediaGroup,
    SendPhoto,
    SendText,
    SetCommands,
)

HTML = ParseMode.HTML
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def markup(keyboard: Keyboard | None) -> InlineKeyboardMarkup | None:
    if keyboard is None:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=b.text, callback_data=b.data, url=b.url) for b in row]
            for row in keyboard
        ]
    )


def _ids(result: Any) -> OpResult:
    if isinstance(result, Message):
        return OpResult(message_ids=(result.message_id,))
    if isinstance(result, list):
        return OpResult(message_ids=tuple(m.message_id for m in result))
    return OpResult()


class AiogramTransport:
    """Performs one Bot API call per operation through an aiogram Bot."""

    def __init__(self, bot: Bot, redactor: Redactor) -> None:
        self.bot = bot
        self._redact = redactor

    async def execute(self, op: Op) -> OpResult:
        method = type(op).__name__
        try:
            return await self._call(op)
        except TelegramRetryAfter as exc:
            raise RetryAfter(method, self._describe(exc), float(exc.retry_after)) from None
        except TelegramForbiddenError as exc:
            raise Forbidden(method, self._describe(exc)) from None
        except (TelegramServerError, RestartingTelegram, TelegramNetworkError) as exc:
            raise ServerError(method, self._describe(exc)) from None
        except ClientDecodeError:  # an HTML error page from a proxy in front of the API
            raise ServerError(method, "the Bot API answered something that is not JSON") from None
        except TimeoutError:
            raise ServerError(method, "timed out") from None
        except TelegramAPIError as exc:  # 400, 404, 413, a group migrated to a supergroup...
            raise BadRequest(method, self._describe(exc)) from None

    def _describe(self, exc: TelegramAPIError) -> str:
        message = exc.message.rsplit("Original description: ", 1)[-1]
        return self._redact(message)

    @functools.singledispatchmethod
    async def _call(self, op: Op) -> OpResult:
        raise TypeError(f"no Bot API call for {type(op).__name__}")

    @_call.register
    async def _(self, op: SendText) -> OpResult:
        reply = (
            ReplyParameters(message_id=op.reply_to, allow_sending_without_reply=True)
            if op.reply_to
            else None
        )
        sent = await self.bot.send_message(
            op.chat_id,
            op.text,
            parse_mode=HTML,
            reply_markup=markup(op.buttons),
            message_thread_id=op.thread_id,
            reply_parameters=reply,
            link_preview_options=NO_PREVIEW,
        )
        return _ids(sent)

    @_call.register
    async def _(self, op: SendPhoto) -> OpResult:
        sent = await self.bot.send_photo(
            op.chat_id,
            op.file_id,
            caption=op.caption,
            parse_mode=HTML,
            reply_markup=markup(op.buttons),
            message_thread_id=op.thread_id,
        )
        return _ids(sent)

    @_call.register
    async def _(self, op: SendDocument) -> OpResult:
        sent = await self.bot.send_document(
            op.chat_id,
            op.file_id,
            caption=op.caption,
            parse_mode=HTML,
            reply_markup=markup(op.buttons),
            message_thread_id=op.thread_id,
        )
        return _ids(sent)

    @_call.register
    async def _(self, op: SendMediaGroup) -> OpResult:
        media: list[InputMediaPhoto | InputMediaDocument] = [
            (InputMediaPhoto if item.kind == "photo" else InputMediaDocument)(
                media=item.file_id, caption=item.caption, parse_mode=HTML
            )
            for item in op.items
        ]
        sent = await self.bot.send_media_group(op.chat_id, media, message_thread_id=op.thread_id)  # type: ignore[arg-type]
        return _ids(sent)

    @_call.register
    async def _(self, op: CopyMessage) -> OpResult:
        copied = await self.bot.copy_message(
            op.chat_id, op.from_chat_id, op.message_id, message_thread_id=op.thread_id
        )
        return OpResult(message_ids=(copied.message_id,))

    @_call.register
    async def _(self, op: EditText) -> OpResult:
        edited = await self.bot.edit_message_text(
            text=op.text,
            chat_id=op.chat_id,
            message_id=op.message_id,
            parse_mode=HTML,
            reply_markup=markup(op.buttons),
            link_preview_options=NO_PREVIEW,
        )
        return _ids(edited)

    @_call.register
    async def _(self, op: EditButtons) -> OpResult:
        edited = await self.bot.edit_message_reply_markup(
            chat_id=op.chat_id, message_id=op.message_id, reply_markup=markup(op.buttons)
        )
        return _ids(edited)

    @_call.register
    async def _(self, op: DeleteMessage) -> OpResult:
        await self.bot.delete_message(op.chat_id, op.message_id)
        return OpResult()

    @_call.register
    async def _(self, op: CreateTopic) -> OpResult:
        topic = await self.bot.create_forum_topic(op.chat_id, op.name)
        return OpResult(thread_id=topic.message_thread_id)

    @_call.register
    async def _(self, op: EditTopic) -> OpResult:
        await self.bot.edit_forum_topic(op.chat_id, op.thread_id, name=op.name)
        return OpResult(thread_id=op.thread_id)

    @_call.register
    async def _(self, op: CloseTopic) -> OpResult:
        await self.bot.close_forum_topic(op.chat_id, op.thread_id)
        return OpResult(thread_id=op.thread_id)

    @_call.register
    async def _(self, op: ReopenTopic) -> OpResult:
        await self.bot.reopen_forum_topic(op.chat_id, op.thread_id)
        return OpResult(thread_id=op.thread_id)

    @_call.register
    async def _(self, op: AnswerCallback) -> OpResult:
        await self.bot.answer_callback_query(op.callback_id, text=op.text, show_alert=op.alert)
        return OpResult()

    @_call.register
    async def _(self, op: SetCommands) -> OpResult:
        commands = [BotCommand(command=c.command, description=c.description) for c in op.commands]
        await self.bot.set_my_commands(commands, language_code=op.language_code)
        return OpResult()
