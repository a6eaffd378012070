"""Files from the bot (photos, documents, videos, animations, audio, voice and video notes,
stickers) and getFile.

A file parameter is a known file_id, a multipart upload (the part named like the parameter,
as python-telegram-bot sends it, or ``attach://<part>``, as aiogram does), or an http(s)
URL, which the double does not fetch: it registers a stand-in file. What a call says of an
upload (duration, width, height, length, title, performer, emoji) is kept, as Telegram
takes it on trust. A photo's file_id cannot stand for another kind and vice versa
("can't use file of type Document as Photo"); the document-like kinds may stand for each
other, as in Telegram, and the message keeps the file's own kind. Albums are in
:mod:`methods_album`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.telegram.double.content import caption
from bot.telegram.double.errors import bad_request, wrong_file
from bot.telegram.double.files import file_json
from bot.telegram.double.methods_messages import post
from bot.telegram.double.models import StoredFile
from bot.telegram.double.params import Params
from bot.telegram.double.registry import MethodCall, api_method

FileMaker = Callable[[], StoredFile]
_TYPE_NAMES = {
    "photo": "Photo",
    "document": "Document",
    "sticker": "Sticker",
    "voice": "VoiceNote",
    "video": "Video",
    "video_note": "VideoNote",
    "animation": "Animation",
    "audio": "Audio",
}
# The parameters each send method reads about its file besides the file itself.
_META = {
    "video": ("duration", "width", "height"),
    "animation": ("duration", "width", "height"),
    "audio": ("duration", "title", "performer"),
    "voice": ("duration",),
    "video_note": ("duration", "length"),
    "sticker": ("emoji",),
}
_NO_CAPTION = frozenset({"sticker", "video_note"})  # their methods take no caption


def file_meta(kind: str, source: Params) -> dict[str, Any]:
    """What a call (or an album item) says about an uploaded file of ``kind``."""
    meta: dict[str, Any] = {}
    for name in _META.get(kind, ()):
        if name in ("title", "performer", "emoji"):
            value: Any = source.get_str(name)
        else:
            value = source.get_int(name)
        if value is not None:
            meta["width" if name == "length" else name] = value
    return meta


def file_source(
    call: MethodCall,
    value: Any,
    name: str,
    kind: str,
    missing: str,
    meta: dict[str, Any] | None = None,
) -> FileMaker:
    """Check a file parameter now; the returned maker registers an upload only when called,
    so a call refused later (a 429) leaves no trace in the file store."""
    files = call.world.files
    extra = meta or {}
    text = value if isinstance(value, str) and value else None
    upload = call.params.upload(text, name)
    if upload is not None:
        return lambda: files.add_upload(
            kind, upload.data, upload.filename, upload.content_type, **extra
        )
    if text is None:
        raise bad_request(missing)
    if text.startswith("attach://"):
        raise bad_request(missing)
    if text.startswith(("http://", "https://")):
        file_name = text.rstrip("/").rsplit("/", 1)[-1] or None
        named = file_name if kind not in ("photo", "sticker", "video_note", "voice") else None
        return lambda: files.add(kind, file_name=named, **extra)
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
    text, entities = (None, []) if kind in _NO_CAPTION else caption(call.params)
    meta = file_meta(kind, call.params)
    missing = f"there is no {kind.replace('_', ' ')} in the request"
    make = file_source(call, call.params.raw(kind), kind, kind, missing, meta)

    def holding() -> dict[str, Any]:
        record = make()
        fields = {"kind": record.kind, "file_id": record.file_id}
        return fields | {"caption": text, "caption_entities": entities}

    return post(call, chat, holding)


@api_method("sendPhoto")
async def send_photo(call: MethodCall) -> dict[str, Any]:
    return await _send_single(call, "photo")


@api_method("sendDocument")
async def send_document(call: MethodCall) -> dict[str, Any]:
    return await _send_single(call, "document")


@api_method("sendVideo")
async def send_video(call: MethodCall) -> dict[str, Any]:
    return await _send_single(call, "video")


@api_method("sendAnimation")
async def send_animation(call: MethodCall) -> dict[str, Any]:
    return await _send_single(call, "animation")


@api_method("sendAudio")
async def send_audio(call: MethodCall) -> dict[str, Any]:
    return await _send_single(call, "audio")


@api_method("sendVoice")
async def send_voice(call: MethodCall) -> dict[str, Any]:
    return await _send_single(call, "voice")


@api_method("sendVideoNote")
async def send_video_note(call: MethodCall) -> dict[str, Any]:
    return await _send_single(call, "video_note")


@api_method("sendSticker")
async def send_sticker(call: MethodCall) -> dict[str, Any]:
    return await _send_single(call, "sticker")


@api_method("getFile")
async def get_file(call: MethodCall) -> dict[str, Any]:
    file_id = call.params.get_str("file_id") or ""
    record = call.world.files.get(file_id)
    if record is None:
        raise bad_request("invalid file_id")
    return file_json(record, file_id)
