"""Files the double knows, with Telegram-looking file ids, and their Bot API objects.

A file comes from a bot's multipart upload, from a URL the bot names (never fetched: the
double has no internet), or is made up when a driven user sends a photo, document,
sticker, voice note, video, video note, animation or audio file. Sending any known file_id
again reuses the record; an unknown one is Telegram's 400 "wrong file identifier/HTTP URL
specified".
"""

from __future__ import annotations

import hashlib
import itertools
import struct
from typing import Any

from bot.telegram.double.models import StoredFile

# Real file ids start with a kind-specific prefix; keeping that helps a reader of logs.
_PREFIX = {
    "photo": "AgACAgIAAxkBAA",
    "document": "BQACAgIAAxkBAA",
    "sticker": "CAACAgIAAxkBAA",
    "voice": "AwACAgIAAxkBAA",
    "video": "BAACAgIAAxkBAA",
    "video_note": "DQACAgIAAxkBAA",
    "animation": "CgACAgIAAxkBAA",
    "audio": "CQACAgIAAxkBAA",
}
_FOLDERS = {
    "photo": "photos",
    "sticker": "stickers",
    "voice": "voice",
    "video": "videos",
    "video_note": "video_notes",
    "animation": "animations",
    "audio": "music",
}
_EXTENSIONS = {
    "photo": ".jpg",
    "voice": ".oga",
    "sticker": ".webp",
    "video": ".mp4",
    "video_note": ".mp4",
    "animation": ".mp4",
    "audio": ".mp3",
}
_MIME = {
    "voice": "audio/ogg",
    "video": "video/mp4",
    "animation": "video/mp4",
    "audio": "audio/mpeg",
}
_PHOTO_EDGES = (90, 320, 800, 1280)


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, GIF or JPEG from its header, or None."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return width, height
    if data[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(data) and data[i] == 0xFF:
            marker, length = data[i + 1], struct.unpack(">H", data[i + 2 : i + 4])[0]
            if marker in (0xC0, 0xC1, 0xC2):
                height, width = struct.unpack(">HH", data[i + 5 : i + 9])
                return width, height
            i += 2 + length
    return None


class FileStore:
    """Every file by each of its file ids."""

    def __init__(self) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self._seq = itertools.count(1)

    def get(self, file_id: str) -> StoredFile | None:
        return self._by_id.get(file_id)

    def all(self) -> list[StoredFile]:
        """Each file once, in creation order."""
        seen: dict[int, StoredFile] = {}
        for record in self._by_id.values():
            seen.setdefault(id(record), record)
        return list(seen.values())

    def _ids(self, kind: str) -> tuple[str, str]:
        n = next(self._seq)
        digest = hashlib.sha256(f"{kind}:{n}".encode()).hexdigest()
        return f"{_PREFIX[kind]}{n:06d}{digest[:24]}", f"AQAD{n:06d}{digest[24:32]}"

    def add(
        self,
        kind: str,
        data: bytes = b"",
        *,
        size: int | None = None,
        file_name: str | None = None,
        mime_type: str | None = None,
        width: int = 0,
        height: int = 0,
        duration: int = 0,
        emoji: str | None = None,
        title: str | None = None,
        performer: str | None = None,
    ) -> StoredFile:
        """Register a new file; a photo gets up to four sizes, each with its own file_id."""
        file_id, unique = self._ids(kind)
        record = StoredFile(
            file_id=file_id,
            file_unique_id=unique,
            kind=kind,
            data=data,
            size=len(data) if size is None else size,
            file_name=file_name,
            mime_type=mime_type,
            width=width,
            height=height,
            duration=duration,
            emoji=emoji,
            title=title,
            performer=performer,
        )
        record.file_path = f"{_folder(kind)}/file_{unique}{_extension(kind, file_name)}"
        if kind == "photo":
            record.width, record.height = (width or 1280, height or 960)
            record.sizes = self._photo_sizes(record)
        self._by_id[file_id] = record
        for photo_size in record.sizes:
            self._by_id[photo_size["file_id"]] = record
        return record

    def add_upload(
        self, kind: str, data: bytes, file_name: str | None, mime: str | None, **meta: Any
    ) -> StoredFile:
        """A file the bot uploaded with multipart/form-data; ``meta`` is what the call said
        of it (duration, width, height, title, performer), as Telegram takes it on trust."""
        width, height = image_size(data) or (0, 0)
        if kind == "document" and not mime:
            mime = "application/octet-stream"
        meta.setdefault("width", width)
        meta.setdefault("height", height)
        return self.add(kind, data, file_name=file_name, mime_type=mime, **meta)

    def _photo_sizes(self, record: StoredFile) -> list[dict[str, Any]]:
        longest = max(record.width, record.height) or 1
        sizes: list[dict[str, Any]] = []
        for edge in _PHOTO_EDGES:
            scale = min(1.0, edge / longest)
            w, h = max(1, round(record.width * scale)), max(1, round(record.height * scale))
            if sizes and (w, h) == (sizes[-1]["width"], sizes[-1]["height"]):
                break
            file_id, unique = self._ids("photo")
            portion = max(1, round(record.size * scale * scale)) if record.size else 0
            sizes.append(
                {
                    "file_id": file_id,
                    "file_unique_id": unique,
                    "file_size": portion,
                    "width": w,
                    "height": h,
                }
            )
        # The largest size is the photo itself: its ids are the record's.
        sizes[-1]["file_id"], sizes[-1]["file_unique_id"] = record.file_id, record.file_unique_id
        return sizes


def _folder(kind: str) -> str:
    return _FOLDERS.get(kind, "documents")


def _extension(kind: str, file_name: str | None) -> str:
    if kind in _EXTENSIONS:
        return _EXTENSIONS[kind]
    if file_name and "." in file_name:
        return "." + file_name.rsplit(".", 1)[1]
    return ""


def media_json(record: StoredFile) -> dict[str, Any]:
    """The message fields a file makes: {"photo": [...]}, {"document": {...}}, ..."""
    base = {"file_id": record.file_id, "file_unique_id": record.file_unique_id}
    if record.size:
        base["file_size"] = record.size
    if record.kind == "photo":
        return {"photo": [dict(s) for s in record.sizes]}
    if record.kind == "sticker":
        return {
            "sticker": {
                **base,
                "type": "regular",
                "width": record.width or 512,
                "height": record.height or 512,
                "is_animated": False,
                "is_video": False,
                "emoji": record.emoji or "👍",
            }
        }
    mime = record.mime_type or _MIME.get(record.kind)
    if record.kind == "voice":
        return {"voice": {**base, "duration": record.duration, "mime_type": mime}}
    if record.kind == "video_note":
        return {"video_note": {**base, "length": record.width or 240, "duration": record.duration}}
    named = dict(base)
    if record.file_name:
        named["file_name"] = record.file_name
    if mime:
        named["mime_type"] = mime
    if record.kind == "audio":
        extra = {"title": record.title, "performer": record.performer}
        return {"audio": {**named, "duration": record.duration, **_present(extra)}}
    if record.kind in ("video", "animation"):
        frame = {"width": record.width, "height": record.height, "duration": record.duration}
        out = {record.kind: {**named, **frame}}
        if record.kind == "animation":
            # "For backward compatibility, when this field is set, the document field will
            # also be set" (Bot API, Message.animation).
            out["document"] = named
        return out
    return {"document": named}


def _present(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None}


def file_json(record: StoredFile, file_id: str | None = None) -> dict[str, Any]:
    """A ``File`` object, as getFile returns it."""
    out: dict[str, Any] = {
        "file_id": file_id or record.file_id,
        "file_unique_id": record.file_unique_id,
    }
    if record.size:
        out["file_size"] = record.size
    out["file_path"] = record.file_path
    return out
