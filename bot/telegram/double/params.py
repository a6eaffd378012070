"""Reading a Bot API call's parameters however the client encoded them.

Telegram accepts the query string, ``application/x-www-form-urlencoded``,
``application/json`` and ``multipart/form-data``, and so does the double. aiogram's
AiohttpSession posts a form (urlencoded, or multipart when a file is attached) in which
every value is a string: numbers as "123", booleans as "true", objects (reply_markup,
media, commands, scope) as JSON text. python-telegram-bot's HTTPXRequest does the same
with httpx (urlencoded, multipart for uploads). A raw JSON body carries real numbers and
objects. :class:`Params` hides the difference: ``get_int()``, ``get_bool()`` and
``get_json()`` accept both forms.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import BodyPartReader, MultipartReader, web

from bot.telegram.double.errors import ApiError, bad_request

# Fields whose string value is JSON text; the request log shows them decoded.
JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "media",
        "commands",
        "entities",
        "caption_entities",
        "scope",
        "allowed_updates",
        "link_preview_options",
        "reply_parameters",
        "message_ids",
    }
)


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    name: str
    data: bytes
    filename: str | None
    content_type: str | None

    def __repr__(self) -> str:
        return f"<upload {self.filename or self.name} {len(self.data)} bytes>"


class Params:
    """A call's parameters: plain values plus multipart file parts."""

    def __init__(self, values: dict[str, Any], uploads: dict[str, Upload] | None = None) -> None:
        self.values = values
        self.uploads = uploads or {}

    def __contains__(self, name: str) -> bool:
        return name in self.values or name in self.uploads

    def raw(self, name: str) -> Any:
        return self.values.get(name)

    def get_str(self, name: str, *, required: bool = False) -> str | None:
        value = self.values.get(name)
        if value is None or value == "":
            if required:
                raise bad_request(f'parameter "{name}" is required')
            return None
        return value if isinstance(value, str) else json.dumps(value)

    def get_int(self, name: str, *, required: bool = False) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            if required:
                raise bad_request(f'parameter "{name}" is required')
            return None
        if isinstance(value, bool):
            return int(value)
        try:
            return int(value) if isinstance(value, (int, str)) else int(float(value))
        except (TypeError, ValueError):
            raise bad_request(f'field "{name}" must be of type Integer') from None

    def get_number(self, name: str) -> float | None:
        value = self.values.get(name)
        if value is None or value == "":
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f'field "{name}" must be of type Number') from None

    def get_bool(self, name: str) -> bool:
        value = self.values.get(name)
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1", "yes", "on")
        return bool(value)

    def get_json(self, name: str, error: str | None = None) -> Any:
        """The decoded value of a complex field; 400 ``error`` if its JSON is broken."""
        value = self.values.get(name)
        if not isinstance(value, str):
            return value
        if value == "":
            return None
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(error or f"can't parse {name} JSON object") from None

    def upload(self, value: str | None, name: str) -> Upload | None:
        """The file part ``value`` names ("attach://x"), or the part called ``name``."""
        if value and value.startswith("attach://"):
            return self.uploads.get(value[len("attach://") :])
        if value is None:
            return self.uploads.get(name)
        return None

    def loggable(self) -> dict[str, Any]:
        """The parameters for the request log: JSON fields decoded, uploads summarised."""
        out: dict[str, Any] = {}
        for key, value in self.values.items():
            if key in JSON_FIELDS and isinstance(value, str):
                with contextlib.suppress(ValueError):
                    value = json.loads(value)
            out[key] = value
        for key, upload in self.uploads.items():
            out.setdefault(key, upload)
        return out


async def read_multipart(reader: MultipartReader) -> Params:
    """Collect the fields and file parts of a multipart body (request or webhook reply)."""
    values: dict[str, Any] = {}
    uploads: dict[str, Upload] = {}
    while True:
        part = await reader.next()
        if part is None:
            break
        if not isinstance(part, BodyPartReader) or not part.name:
            continue
        data = await part.read(decode=True)
        if part.filename is not None:
            content_type = part.headers.get("Content-Type")
            uploads[part.name] = Upload(part.name, bytes(data), part.filename, content_type)
        else:
            values[part.name] = bytes(data).decode(part.get_charset("utf-8"))
    return Params(values, uploads)


def params_from_body(content_type: str, body: bytes, base: dict[str, Any] | None = None) -> Params:
    """Parameters of a JSON or urlencoded body, on top of ``base`` (the query string)."""
    values: dict[str, Any] = dict(base or {})
    if not body.strip():
        return Params(values)
    if content_type == "application/json":
        try:
            decoded = json.loads(body)
        except ValueError:
            raise bad_request("can't parse JSON encoded request") from None
        if not isinstance(decoded, dict):
            raise bad_request("JSON object expected")
        values.update(decoded)
    else:
        values.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    return Params(values)


async def read_params(request: web.Request) -> Params:
    """All parameters of an incoming Bot API request: query string, then the body."""
    query = dict(request.query)
    if request.content_type.startswith("multipart/"):
        try:
            params = await read_multipart(await request.multipart())
        except (ValueError, AssertionError) as exc:
            raise ApiError(400, "Bad Request: can't parse multipart/form-data") from exc
        return Params({**query, **params.values}, params.uploads)
    return params_from_body(request.content_type, await request.read(), query)
