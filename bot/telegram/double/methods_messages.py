"""Text messages and what happens to them: send, edit, delete, button answers.

Validation comes first and the flood limit is charged last, just before the state changes,
so a call Telegram would refuse with a 400 never spends a token. As in Telegram, editing a
message's text without ``reply_markup`` removes its inline keyboard. Copies and forwards
are in :mod:`methods_copy`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.telegram.double.content import caption, message_text, reply_markup
from bot.telegram.double.errors import bad_request, not_modified, query_too_old
from bot.telegram.double.models import CAPTIONED_KINDS, Chat, Edit, StoredMessage
from bot.telegram.double.registry import MethodCall, api_method, require
from bot.telegram.double.serialize import message_json

DELETE_WINDOW = 48 * 3600  # Telegram: messages older than 48 hours can't be deleted


def reply_target(call: MethodCall, chat: Chat) -> int | None:
    """The message a send replies to (reply_to_message_id or reply_parameters), checked."""
    params = call.params
    target = params.get_int("reply_to_message_id")
    allow_missing = params.get_bool("allow_sending_without_reply")
    parameters = params.get_json("reply_parameters", "can't parse reply parameters JSON object")
    if isinstance(parameters, dict) and parameters.get("message_id"):
        target = int(parameters["message_id"])
        allow_missing = allow_missing or bool(parameters.get("allow_sending_without_reply"))
    if not target:
        return None
    found = call.world.message(chat.id, target)
    if found is None or found.deleted:
        if allow_missing:
            return None
        raise bad_request("message to be replied not found")
    return target


def existing(call: MethodCall, chat: Chat, message_id: int, error: str) -> StoredMessage:
    """A message that is there to act on; deleted ones (a deleted topic's too) and service
    messages answer 400 ``error``, as Telegram's "message to ... not found"."""
    message = call.world.message(chat.id, message_id)
    if message is None or message.deleted or message.kind == "service":
        raise bad_request(error)
    return message


def post(call: MethodCall, chat: Chat, fields: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The bot's new message in ``chat``: the send's topic, keyboard and reply target are
    checked, then the flood limit is charged (a 400 never spends a token), then
    ``fields`` (what the message holds; a file is stored only now) make the message."""
    thread_id = call.thread(chat)
    inline, keyboard = reply_markup(call.params)
    reply_to = reply_target(call, chat)
    call.charge(chat)
    message = call.world.new_message(
        chat,
        call.world.bot.id,
        thread_id=thread_id,
        reply_markup=inline,
        reply_keyboard=keyboard,
        reply_to=reply_to,
        **fields(),
    )
    return message_json(call.world, message)


@api_method("sendMessage")
async def send_message(call: MethodCall) -> dict[str, Any]:
    chat = call.target_chat()
    text, entities = message_text(call.params)
    return post(call, chat, lambda: {"text": text, "entities": entities})


def _editable(call: MethodCall) -> tuple[Chat, StoredMessage]:
    require(not call.params.get_str("inline_message_id"), bad_request("MESSAGE_ID_INVALID"))
    chat = call.target_chat()
    message = existing(call, chat, call.message_id(), "message to edit not found")
    require(message.by_bot, bad_request("message can't be edited"))
    return chat, message


def _record_edit(call: MethodCall, message: StoredMessage) -> None:
    message.edits.append(
        Edit(
            message.edit_date or message.date,
            message.text,
            list(message.entities),
            message.caption,
            message.reply_markup,
        )
    )
    message.edit_date = call.world.unix_now()


@api_method("editMessageText")
async def edit_message_text(call: MethodCall) -> dict[str, Any]:
    chat, message = _editable(call)
    require(message.text is not None, bad_request("there is no text in the message to edit"))
    text, entities = message_text(call.params, editing=True)
    inline, _ = reply_markup(call.params)
    if (text, entities, inline) == (message.text, message.entities, message.reply_markup):
        raise not_modified()
    call.charge(chat)
    _record_edit(call, message)
    message.text, message.entities, message.reply_markup = text, entities, inline
    call.world.changed.notify()
    return message_json(call.world, message)


@api_method("editMessageCaption")
async def edit_message_caption(call: MethodCall) -> dict[str, Any]:
    _, message = _editable(call)
    require(
        message.kind in CAPTIONED_KINDS, bad_request("there is no caption in the message to edit")
    )
    text, entities = caption(call.params)
    inline, _ = reply_markup(call.params)
    if (text, entities, inline) == (
        message.caption,
        message.caption_entities,
        message.reply_markup,
    ):
        raise not_modified()
    _record_edit(call, message)
    message.caption, message.caption_entities, message.reply_markup = text, entities, inline
    call.world.changed.notify()
    return message_json(call.world, message)


@api_method("editMessageReplyMarkup")
async def edit_message_reply_markup(call: MethodCall) -> dict[str, Any]:
    chat, message = _editable(call)
    inline, _ = reply_markup(call.params)
    if inline == message.reply_markup:
        raise not_modified()
    call.charge(chat)
    _record_edit(call, message)
    message.reply_markup = inline
    call.world.changed.notify()
    return message_json(call.world, message)


@api_method("deleteMessage")
async def delete_message(call: MethodCall) -> bool:
    chat = call.target_chat()
    message = existing(call, chat, call.message_id(), "message to delete not found")
    if call.world.unix_now() - message.date > DELETE_WINDOW:
        raise bad_request("message can't be deleted for everyone")
    message.deleted = True
    call.world.changed.notify()
    return True


@api_method("answerCallbackQuery")
async def answer_callback_query(call: MethodCall) -> bool:
    query_id = call.params.get_str("callback_query_id", required=True) or ""
    record = call.world.callbacks.get(query_id)
    if record is None or record.answered:
        raise query_too_old()
    if call.world.clock.monotonic() - record.created_at > call.double.callback_timeout:
        raise query_too_old()
    record.answered = True
    record.answer = {
        "text": call.params.get_str("text"),
        "show_alert": call.params.get_bool("show_alert"),
        "url": call.params.get_str("url"),
        "cache_time": call.params.get_int("cache_time") or 0,
    }
    call.world.changed.notify()
    return True
