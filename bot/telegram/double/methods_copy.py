"""copyMessage, copyMessages and forwardMessage: one message, or many, sent on by the bot.

A copy keeps the message's kind and content (text and entities, the media and its caption,
a location, contact, poll or dice) without a link to the original. As the Bot API says,
"service messages, paid media messages, giveaway messages, giveaway winners messages, and
invoice messages can't be copied", nor a quiz whose correct answer the bot does not know
(see :func:`~serialize.quiz_answer_known`): 400 "the message can't be copied". A copied
poll is a new, open poll with no votes, and a copied dice is thrown again, as TDLib makes
them; a forward shows the same poll and the same throw.

copyMessages skips what it cannot find or copy, keeps albums together (copies of items that
shared a media_group_id share a new one) and costs one flood-limit token per copy.
"""

from __future__ import annotations

import copy
import itertools
from typing import Any

from bot.telegram.double.content import caption, reply_markup
from bot.telegram.double.errors import bad_request
from bot.telegram.double.methods_messages import reply_target
from bot.telegram.double.models import CAPTIONED_KINDS, StoredMessage
from bot.telegram.double.registry import MethodCall, api_method, require
from bot.telegram.double.serialize import chat_json, message_json, quiz_answer_known, user_json
from bot.telegram.double.world import World

MAX_IDS = 100
_UNCOPYABLE = frozenset({"service", "invoice"})  # giveaways and paid media do not exist here


def copyable(world: World, message: StoredMessage) -> bool:
    """Whether Telegram lets the bot copy ``message``."""
    if message.kind in _UNCOPYABLE:
        return False
    return quiz_answer_known(message, world.chats[message.chat_id])


def copied_fields(world: World, source: StoredMessage) -> dict[str, Any]:
    """What a copy of ``source`` holds: the same content, a new poll, a new throw."""
    content = copy.deepcopy(source.content)
    if source.kind == "poll" and content is not None:
        content.update(id=world.next_poll_id(), total_voter_count=0, is_closed=False)
        for option in content.get("options", []):
            option["voter_count"] = 0
    if source.kind == "dice" and content is not None:
        content["value"] = world.roll(content["emoji"])
    return {
        "kind": source.kind,
        "text": source.text,
        "entities": list(source.entities),
        "file_id": source.file_id,
        "caption": source.caption,
        "caption_entities": list(source.caption_entities),
        "content": content,
    }


def _forward_origin(world: World, source: StoredMessage) -> dict[str, Any]:
    if source.sender_chat is not None:
        origin: dict[str, Any] = {
            "type": "chat",
            "date": source.date,
            "sender_chat": chat_json(world.chats[source.sender_chat]),
        }
        if source.author_signature:
            origin["author_signature"] = source.author_signature
        return origin
    sender = user_json(world.users[source.sender_id])
    return {"type": "user", "date": source.date, "sender_user": sender}


def _source(call: MethodCall, error: str) -> StoredMessage:
    """The message to copy or forward: any that is still there, service messages included
    (they are found, then refused)."""
    source_chat = call.chat("from_chat_id")
    source = call.world.message(source_chat.id, call.message_id())
    if source is None or source.deleted:
        raise bad_request(error)
    return source


@api_method("copyMessage")
async def copy_message(call: MethodCall) -> dict[str, int]:
    source = _source(call, "message to copy not found")
    chat = call.target_chat()
    thread_id = call.thread(chat)
    require(copyable(call.world, source), bad_request("the message can't be copied"))
    fields = copied_fields(call.world, source)
    if "caption" in call.params and source.kind in CAPTIONED_KINDS:
        fields["caption"], fields["caption_entities"] = caption(call.params)
    fields["reply_markup"], fields["reply_keyboard"] = reply_markup(call.params)
    fields["reply_to"] = reply_target(call, chat)
    call.charge(chat)
    message = call.world.new_message(chat, call.world.bot.id, thread_id=thread_id, **fields)
    return {"message_id": message.message_id}


@api_method("forwardMessage")
async def forward_message(call: MethodCall) -> dict[str, Any]:
    source = _source(call, "message to forward not found")
    chat = call.target_chat()
    thread_id = call.thread(chat)
    require(source.kind != "service", bad_request("the message can't be forwarded"))
    fields = copied_fields(call.world, source)
    fields["content"] = copy.deepcopy(source.content)  # the same poll, the same throw
    call.charge(chat)
    message = call.world.new_message(
        chat,
        call.world.bot.id,
        thread_id=thread_id,
        forward_origin=_forward_origin(call.world, source),
        **fields,
    )
    return message_json(call.world, message)


def message_ids(call: MethodCall) -> list[int]:
    """The ``message_ids`` list, checked as the Bot API server does (its wording)."""
    raw = call.params.get_json("message_ids", "can't parse message_ids JSON object")
    if raw is None or raw == []:
        raise bad_request("message identifiers are not specified")
    require(isinstance(raw, list), bad_request("expected an Array of message identifiers"))
    require(len(raw) <= MAX_IDS, bad_request("too many message identifiers specified"))
    ids = []
    for item in raw:
        if isinstance(item, bool) or not isinstance(item, (int, str)):
            raise bad_request("message identifier must be a Number")
        try:
            value = int(item)
        except ValueError:
            raise bad_request("can't parse message identifier as Number") from None
        require(value > 0, bad_request("invalid message identifier specified"))
        ids.append(value)
    return ids


@api_method("copyMessages")
async def copy_messages(call: MethodCall) -> list[dict[str, int]]:
    call.params.get_str("from_chat_id", required=True)
    ids = message_ids(call)
    chat = call.target_chat()
    thread_id = call.thread(chat)
    source_chat = call.chat("from_chat_id")
    in_order = all(a < b for a, b in itertools.pairwise(ids))
    require(in_order, bad_request("message identifiers must be in a strictly increasing order"))
    world = call.world
    found = [world.message(source_chat.id, i) for i in ids]
    sources = [m for m in found if m is not None and not m.deleted and copyable(world, m)]
    require(bool(sources), bad_request("there are no messages to forward"))
    call.charge(chat, cost=len(sources))
    albums = [m.media_group_id for m in sources if m.media_group_id]
    new_groups = {g: world.next_media_group_id() for g in albums if albums.count(g) > 1}
    remove_caption = call.params.get_bool("remove_caption")
    copies = []
    for source in sources:
        fields = copied_fields(world, source)
        if remove_caption:
            fields["caption"], fields["caption_entities"] = None, []
        group_id = new_groups.get(source.media_group_id or "")
        message = world.new_message(
            chat, world.bot.id, thread_id=thread_id, media_group_id=group_id, **fields
        )
        copies.append({"message_id": message.message_id})
    return copies
