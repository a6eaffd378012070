"""Bot API JSON for the double's state: User, Chat, ChatFullInfo, Message, ChatMember.

Shapes follow https://core.telegram.org/bots/api and are checked by the tests against the
real aiogram and python-telegram-bot models, which reject a missing required field.
"""

from __future__ import annotations

from typing import Any

from bot.telegram.double.files import media_json
from bot.telegram.double.models import Chat, StoredMessage, User
from bot.telegram.double.world import World

Json = dict[str, Any]


def user_json(user: User, *, full: bool = False) -> Json:
    """A ``User``; ``full`` adds the fields only getMe returns for the bot."""
    out: Json = {"id": user.id, "is_bot": user.is_bot, "first_name": user.first_name}
    if user.last_name:
        out["last_name"] = user.last_name
    if user.username:
        out["username"] = user.username
    if user.language_code:
        out["language_code"] = user.language_code
    if full:
        out.update(
            can_join_groups=True,
            can_read_all_group_messages=False,
            supports_inline_queries=False,
            can_connect_to_business=False,
            has_main_web_app=False,
        )
    return out


def chat_json(chat: Chat) -> Json:
    """The short ``Chat`` object embedded in messages and updates."""
    out: Json = {"id": chat.id, "type": chat.type}
    if chat.type == "private":
        out["first_name"] = chat.first_name or ""
        if chat.last_name:
            out["last_name"] = chat.last_name
    else:
        out["title"] = chat.title or ""
    if chat.username:
        out["username"] = chat.username
    if chat.is_forum:
        out["is_forum"] = True
    return out


def chat_full_json(chat: Chat) -> Json:
    """A ``ChatFullInfo``, as getChat returns it (with the fields Bot API 9 requires)."""
    out = chat_json(chat)
    out.update(
        accent_color_id=0,
        max_reaction_count=11,
        accepted_gift_types={
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        },
    )
    if chat.is_group:
        out["permissions"] = {"can_send_messages": True, "can_manage_topics": False}
    return out


def message_json(world: World, message: StoredMessage, *, with_reply: bool = True) -> Json:
    """A ``Message`` as Telegram shows it now (latest edit, current buttons)."""
    chat = world.chats[message.chat_id]
    sender = world.users[message.sender_id]
    out: Json = {
        "message_id": message.message_id,
        "from": user_json(sender),
        "chat": chat_json(chat),
        "date": message.date,
    }
    if message.thread_id is not None and chat.is_forum:
        out["message_thread_id"] = message.thread_id
        out["is_topic_message"] = True
    if message.forward_origin:
        out["forward_origin"] = message.forward_origin
    if with_reply:
        reply_id = message.reply_to
        # In a topic, a message that answers nothing "replies" to the topic's first message.
        if reply_id is None and message.thread_id is not None and message.kind != "service":
            reply_id = message.thread_id
        replied = world.message(chat.id, reply_id) if reply_id is not None else None
        if replied is not None and not replied.deleted:
            out["reply_to_message"] = message_json(world, replied, with_reply=False)
    if message.edit_date is not None:
        out["edit_date"] = message.edit_date
    if message.media_group_id:
        out["media_group_id"] = message.media_group_id
    if message.text is not None:
        out["text"] = message.text
        if message.entities:
            out["entities"] = message.entities
    if message.file_id:
        record = world.files.get(message.file_id)
        if record is not None:
            out.update(media_json(record))
    if message.caption is not None:
        out["caption"] = message.caption
        if message.caption_entities:
            out["caption_entities"] = message.caption_entities
    if message.service:
        out.update(message.service)
    if message.reply_markup:
        out["reply_markup"] = message.reply_markup
    return out


def _admin_json(world: World, chat: Chat) -> Json:
    return {
        "status": "administrator",
        "user": user_json(world.bot),
        "can_be_edited": False,
        "is_anonymous": False,
        "can_manage_chat": True,
        "can_delete_messages": True,
        "can_manage_video_chats": False,
        "can_restrict_members": False,
        "can_promote_members": False,
        "can_change_info": False,
        "can_invite_users": True,
        "can_post_stories": False,
        "can_edit_stories": False,
        "can_delete_stories": False,
        "can_send_welcome_messages": False,
        "can_pin_messages": True,
        "can_manage_topics": chat.is_forum,
    }


def _bot_member_json(world: World, chat: Chat, status: str) -> Json:
    if status == "administrator":
        return _admin_json(world, chat)
    out: Json = {"status": status, "user": user_json(world.bot)}
    if status == "kicked":
        out["until_date"] = 0
    return out


def member_json(world: World, chat: Chat, user: User) -> Json:
    """A ``ChatMember`` for getChatMember: the bot as it stands, users as members."""
    if user.id == world.bot.id:
        status = chat.bot_status if chat.is_group else "member"
        return _bot_member_json(world, chat, status)
    if user.id in chat.members or chat.type == "private":
        return {"status": "member", "user": user_json(user)}
    return {"status": "left", "user": user_json(user)}


def bot_membership_update(world: World, chat: Chat, actor: User, old: str, new: str) -> Json:
    """A ``my_chat_member`` payload: the bot's status in ``chat`` changed by ``actor``."""
    return {
        "chat": chat_json(chat),
        "from": user_json(actor),
        "date": world.unix_now(),
        "old_chat_member": _bot_member_json(world, chat, old),
        "new_chat_member": _bot_member_json(world, chat, new),
    }
