"""Photos, documents and albums from the bot, and getFile.

A file parameter is a known file_id, a multipart upload (the part named like the parameter,
as python-telegram-bot sends it, or ``attach://<part>``, as aiogram does), or an http(s)
URL, which the double does not fetch: it registers a stand-in file. Albums hold 2-10 photos
or 2-10 documents; a single item is sent as a plain message, as Telegram's server does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.telegram.double.content import caption, reply_markup
from bot.telegram.double.errors import bad_request, wrong_file
from bot.telegram.double.files import file_json
from bot.telegram.double.methods_messages import reply_target
from bot.telegram.double.models import StoredFile
from bot.telegram.double.params import Params
from bot.telegram.double.registry import MethodCall, api_method, require
from bot.telegram.double.serialize import message_json

FileMaker = Callable[[], StoredFile]
_TYPE_NAMES = {"photo": "Photo", "document": "Document", "sticker": "Sticker", "voice": "VoiceNote"}
ALBUM_MAX = 10


def file_source(call: MethodCall, value: Any, name: str, kind: str, missing: str) -> FileMaker:
    """Check a file parameter now; the returned maker registers an upload only when called,
    so a call refused later (a 429) leaves no trace in the file store."""
    files = call.world.files
    text = value if isinstance(value, str) and value else None
    upload = call.params.upload(text, name)
    if upload is not None:
        return lambda: files.add_upload(kind, upload.data, upload.filename, upload.content_type)
    if text is None:
        raise bad_request(missing)
    if text.startswith("attach://"):
        raise bad_request(missing)
    if text.startswith(("http://", "https://")):
        file_name = text.rstrip("/").rsplit("/", 1)[-1] or None
        return lambda: files.add(kind, file_name=file_name if kind == "document" else None)
    record = files.get(text)
    if record is None:
        raise wrong_file()
    if (record.kind == "photo") != (kind == "photo"):
        raise bad_request(
            f"can't use file of type {_TYPE_NAMES[record.kind]} as {_TYPE_NAMES[kind]}"
        )
    return lambda: record


async def _send_single(call: MethodCall, kind: str) -> dict[str, Any]:
    chat = call.target_chat()
    thread_id = call.thread(chat)
    text, entities = caption(call.params)
    make = file_source(
        call, call.params.raw(kind), kind, kind, f"there is no {kind} in the request"
    )
    inline, keyboard = reply_markup(call.params)
    reply_to = reply_target(call, chat)
    call.charge(chat)
    record = make()
    message = call.world.new_message(
        chat,
        call.world.bot.id,
        kind=record.kind,
        file_id=record.file_id,
        caption=text,
        caption_entities=entities,
        thread_id=thread_id,
        reply_markup=inline,
        reply_keyboard=keyboard,
        reply_to=reply_to,
    )
    return message_json(call.world, message)


@api_method("sendPhoto")
async def send_photo(call: MethodCall) -> dict[str, Any]:
    return await _send_single(call, "photo")


@api_method("sendDocument")
async def send_document(call: MethodCall) -> dict[str, Any]:
    return await _send_single(call, "document")


@api_method("sendMediaGroup")
async def send_media_group(call: MethodCall) -> list[dict[str, Any]]:
    chat = call.target_chat()
    thread_id = call.thread(chat)
    media = call.params.get_json("media", "can't parse media JSON object")
    require(isinstance(media, list) and bool(media), bad_request("there are no messages to send"))
    require(len(media) <= ALBUM_MAX, bad_request("too many messages to send as an album"))
    items = []
    for item in media:
        require(isinstance(item, dict), bad_request("can't parse InputMedia JSON object"))
        kind = str(item.get("type", ""))
        if kind not in ("photo", "document"):
            raise bad_request(
                f'can\'t parse InputMedia: type "{kind}" is unsupported '
                "(the Bot API double sends photo and document albums)"
            )
        text, entities = caption(call.params, source=Params(item))
        make = file_source(
            call, item.get("media"), "media", kind, "can't parse InputMedia: media not found"
        )
        items.append((kind, make, text, entities))
    kinds = {kind for kind, *_ in items}
    require(len(kinds) == 1, bad_request("document can't be mixed with other media types"))
    reply_to = reply_target(call, chat)
    call.charge(chat, cost=len(items))
    group_id = call.world.next_media_group_id() if len(items) > 1 else None
    sent = []
    for _, make, text, entities in items:
        record = make()
        message = call.world.new_message(
            chat,
            call.world.bot.id,
            kind=record.kind,
            file_id=record.file_id,
            caption=text,
            caption_entities=entities,
            thread_id=thread_id,
            media_group_id=group_id,
            reply_to=reply_to,
        )
        sent.append(message_json(call.world, message))
    return sent


@api_method("getFile")
async def get_file(call: MethodCall) -> dict[str, Any]:
    file_id = call.params.get_str("file_id") or ""
    record = call.world.files.get(file_id)
    if record is None:
        raise bad_request("invalid file_id")
    return file_json(record, file_id)
