"""Bot API JSON for the double's state: User, Chat, ChatFullInfo, Message.

Shapes follow https://core.telegram.org/bots/api and are checked by the tests against the
real aiogram and python-telegram-bot models, which reject a missing required field.
ChatMember objects are in :mod:`bot.telegram.double.members`.
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
    out: Json = {"message_id": message.message_id, "from": user_json(sender)}
    if message.sender_chat is not None:
        out["sender_chat"] = chat_json(world.chats[message.sender_chat])
    out.update(chat=chat_json(chat), date=message.date)
    if message.thread_id is not None and chat.is_forum:
        out["message_thread_id"] = message.thread_id
        out["is_topic_message"] = True
    if message.forward_origin:
        out["forward_origin"] = message.forward_origin
    if message.via_bot is not None:
        out["via_bot"] = user_json(world.users[message.via_bot])
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
    if message.author_signature:
        out["author_signature"] = message.author_signature
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
    if message.content is not None:
        out[message.kind] = _content_json(message, chat)
    if message.service:
        out.update(message.service)
    if message.reply_markup:
        out["reply_markup"] = message.reply_markup
    return out


def _content_json(message: StoredMessage, chat: Chat) -> Json:
    """A location, contact, poll, dice or invoice; a quiz shows its answer only to those the
    Bot API shows it to: "polls in quiz mode which are closed or were sent (not forwarded)
    by the bot or to the private chat with the bot"."""
    content = dict(message.content or {})
    if message.kind == "poll" and not quiz_answer_known(message, chat):
        content.pop("correct_option_ids", None)
        content.pop("explanation", None)
    return content


def quiz_answer_known(message: StoredMessage, chat: Chat) -> bool:
    """Whether the bot may see (and so copy) a poll's correct answers."""
    poll = message.content or {}
    if poll.get("type") != "quiz":
        return True
    forwarded = message.forward_origin is not None
    return bool(poll.get("is_closed")) or (
        not forwarded and (message.by_bot or chat.type == "private")
    )
