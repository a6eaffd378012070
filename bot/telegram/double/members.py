"""ChatMember JSON: what getChatMember and my_chat_member updates say about someone.

Telegram answers with one of six shapes by status (creator, administrator, member,
restricted, left, kicked); the libraries pick their class by ``status`` and reject a shape
missing a field its class requires, so each shape here carries all of them. A user the
double knows who never joined a group is "left", as Telegram reports such a user.
"""

from __future__ import annotations

from typing import Any

from bot.telegram.double.models import Chat, Membership, User
from bot.telegram.double.serialize import chat_json, user_json
from bot.telegram.double.world import World

Json = dict[str, Any]

# An administrator's rights when a test does not say otherwise: a typical support-desk
# admin, who may delete and pin messages and manage topics but not promote others.
ADMIN_RIGHTS: Json = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": False,
    "can_restrict_members": True,
    "can_promote_members": False,
    "can_change_info": False,
    "can_invite_users": True,
    "can_post_stories": False,
    "can_edit_stories": False,
    "can_delete_stories": False,
    "can_send_welcome_messages": False,
    "can_pin_messages": True,
}

# A restricted member's permissions when a test does not say otherwise: read-only.
RESTRICTED_PERMISSIONS: Json = {
    "is_member": True,
    "can_send_messages": False,
    "can_send_audios": False,
    "can_send_documents": False,
    "can_send_photos": False,
    "can_send_videos": False,
    "can_send_video_notes": False,
    "can_send_voice_notes": False,
    "can_send_polls": False,
    "can_send_other_messages": False,
    "can_add_web_page_previews": False,
    "can_react_to_messages": False,
    "can_edit_tag": False,
    "can_change_info": False,
    "can_invite_users": False,
    "can_pin_messages": False,
    "can_manage_topics": False,
}


def membership_json(chat: Chat, user: User, membership: Membership) -> Json:
    """The ``ChatMember`` object for ``user``'s standing in ``chat``."""
    status = membership.status
    out: Json = {"status": status, "user": user_json(user)}
    if status == "creator":
        out["is_anonymous"] = False
    elif status == "administrator":
        out.update(ADMIN_RIGHTS, can_manage_topics=chat.is_forum)
        out.update(membership.rights)
    elif status == "restricted":
        out.update(RESTRICTED_PERMISSIONS)
        out.update(membership.rights, until_date=membership.until_date)
    elif status == "kicked":
        out["until_date"] = membership.until_date
    if membership.custom_title and status in ("creator", "administrator"):
        out["custom_title"] = membership.custom_title
    return out


def _bot_member_json(world: World, chat: Chat, status: str) -> Json:
    # The bot administers its groups with the rights kefu needs (delete, pin, topics).
    rights = {"can_manage_video_chats": False, "can_restrict_members": False}
    return membership_json(chat, world.bot, Membership(status, rights=rights))


def member_json(world: World, chat: Chat, user: User) -> Json:
    """A ``ChatMember`` for getChatMember: the bot as it stands, others by their record."""
    if user.id == world.bot.id:
        status = chat.bot_status if chat.is_group else "member"
        return _bot_member_json(world, chat, status)
    if chat.type == "private":
        return membership_json(chat, user, Membership("member"))
    membership = chat.members.get(user.id) or Membership("left")
    return membership_json(chat, user, membership)


def bot_membership_update(world: World, chat: Chat, actor: User, old: str, new: str) -> Json:
    """A ``my_chat_member`` payload: the bot's status in ``chat`` changed by ``actor``."""
    return {
        "chat": chat_json(chat),
        "from": user_json(actor),
        "date": world.unix_now(),
        "old_chat_member": _bot_member_json(world, chat, old),
        "new_chat_member": _bot_member_json(world, chat, new),
    }
