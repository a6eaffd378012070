"""Chats and forum topics: getChat, getChatMember, create/edit/close/reopen/delete a topic.

Topics exist only in forum supergroups ("the chat is not a forum" elsewhere). A topic's
thread id is the id of its ``forum_topic_created`` service message, as in Telegram.
Sending into a closed topic fails with TOPIC_CLOSED (see :meth:`MethodCall.thread`).
Deleting a topic deletes every message in it; from then on the thread is "not found" for
sends, copies and topic methods alike, and its messages for copies, edits and deletes.
"""

from __future__ import annotations

from typing import Any

from bot.telegram.double.errors import bad_request, thread_not_found
from bot.telegram.double.members import member_json
from bot.telegram.double.models import Chat, Topic
from bot.telegram.double.registry import MethodCall, api_method, require
from bot.telegram.double.serialize import chat_full_json

# The colours Telegram allows for a topic icon; the first is its default.
ICON_COLORS = (0x6FB9F0, 0xFFD67E, 0xCB86DB, 0x8EEE98, 0xFF93B2, 0xFB6F5F)
NAME_LIMIT = 128


@api_method("getChat")
async def get_chat(call: MethodCall) -> dict[str, Any]:
    chat = call.chat()
    if chat.is_group:  # a group the bot was removed from: 403, as for a send
        chat = call.target_chat()
    return chat_full_json(chat)


@api_method("getChatMember")
async def get_chat_member(call: MethodCall) -> dict[str, Any]:
    chat = call.chat()
    user_id = call.params.get_int("user_id", required=True)
    user = call.world.users.get(user_id or 0)
    if user is None:
        raise bad_request("user not found")
    return member_json(call.world, chat, user)


def _forum(call: MethodCall) -> Chat:
    chat = call.target_chat()
    require(chat.is_forum, bad_request("the chat is not a forum"))
    return chat


def _topic(call: MethodCall, chat: Chat) -> Topic:
    topic = chat.topics.get(call.params.get_int("message_thread_id") or 0)
    if topic is None:
        raise thread_not_found()
    return topic


def _name(call: MethodCall, *, required: bool) -> str | None:
    name = call.params.get_str("name")
    if name is None:
        require(not required, bad_request("TOPIC_TITLE_EMPTY"))
        return None
    require(bool(name.strip()), bad_request("TOPIC_TITLE_EMPTY"))
    require(len(name) <= NAME_LIMIT, bad_request("TOPIC_TITLE_INVALID"))
    return name


@api_method("createForumTopic")
async def create_forum_topic(call: MethodCall) -> dict[str, Any]:
    chat = _forum(call)
    name = _name(call, required=True) or ""
    color = call.params.get_int("icon_color") or ICON_COLORS[0]
    require(color in ICON_COLORS, bad_request("TOPIC_ICON_COLOR_INVALID"))
    call.charge(chat)
    topic = call.world.new_topic(chat, name, color, call.world.bot.id)
    emoji = call.params.get_str("icon_custom_emoji_id")
    topic.icon_custom_emoji_id = emoji
    out: dict[str, Any] = {"message_thread_id": topic.thread_id, "name": name, "icon_color": color}
    if emoji:
        out["icon_custom_emoji_id"] = emoji
    return out


@api_method("editForumTopic")
async def edit_forum_topic(call: MethodCall) -> bool:
    chat = _forum(call)
    topic = _topic(call, chat)
    name = _name(call, required=False)
    emoji = call.params.get_str("icon_custom_emoji_id")
    changed = (name is not None and name != topic.name) or (
        emoji is not None and emoji != (topic.icon_custom_emoji_id or "")
    )
    require(changed, bad_request("TOPIC_NOT_MODIFIED"))
    topic.name = name if name is not None else topic.name
    topic.icon_custom_emoji_id = emoji if emoji is not None else topic.icon_custom_emoji_id
    call.world.changed.notify()
    return True


async def _set_closed(call: MethodCall, closed: bool) -> bool:
    chat = _forum(call)
    topic = _topic(call, chat)
    require(topic.closed != closed, bad_request("TOPIC_NOT_MODIFIED"))
    topic.closed = closed
    call.world.changed.notify()
    return True


@api_method("closeForumTopic")
async def close_forum_topic(call: MethodCall) -> bool:
    return await _set_closed(call, True)


@api_method("reopenForumTopic")
async def reopen_forum_topic(call: MethodCall) -> bool:
    return await _set_closed(call, False)


@api_method("deleteForumTopic")
async def delete_forum_topic(call: MethodCall) -> bool:
    """Needs can_delete_messages (TDLib: "Not enough rights to delete the topic"), which the
    double's bot has wherever it is an administrator; its own topics it may always delete."""
    chat = _forum(call)
    topic = _topic(call, chat)
    allowed = chat.bot_status == "administrator" or topic.created_by == call.world.bot.id
    require(allowed, bad_request("not enough rights to delete the topic"))
    call.world.delete_topic(chat, topic.thread_id)
    return True
