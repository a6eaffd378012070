"""sendMediaGroup: an album of 2-10 photos and videos (mixed freely), documents, or audio.

Telegram's rules: "Documents and audio files can be only grouped in an album with messages
of the same type" (Bot API), answered "document can't be mixed with other media types" or
"audio can't be mixed with other media types"; more than 10 items, "too many messages to
send as an album"; none, "there are no messages to send". A single item is sent as a plain
message, as Telegram's server does. Each item costs one flood-limit token.
"""

from __future__ import annotations

from typing import Any

from bot.telegram.double.content import caption
from bot.telegram.double.errors import bad_request
from bot.telegram.double.methods_media import file_meta, file_source
from bot.telegram.double.methods_messages import reply_target
from bot.telegram.double.params import Params
from bot.telegram.double.registry import MethodCall, api_method, require
from bot.telegram.double.serialize import message_json

ALBUM_MAX = 10
ALBUM_KINDS = ("photo", "video", "document", "audio")


def _check_mix(kinds: list[str]) -> None:
    for alone in ("document", "audio"):
        if alone in kinds and set(kinds) != {alone}:
            raise bad_request(f"{alone} can't be mixed with other media types")


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
        if kind not in ALBUM_KINDS:
            raise bad_request(
                f'can\'t parse InputMedia: type "{kind}" is unsupported '
                "(an album holds photo, video, document and audio items)"
            )
        source = Params(item)
        text, entities = caption(call.params, source=source)
        make = file_source(
            call,
            item.get("media"),
            "media",
            kind,
            "can't parse InputMedia: media not found",
            file_meta(kind, source),
        )
        items.append((kind, make, text, entities))
    _check_mix([kind for kind, *_ in items])
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
