"""Telegram's word that the bot's own membership of a chat changed (a ``my_chat_member``
update), as both libraries model it, into an Inbound MEMBERSHIP event.

In a private chat the bot is "kicked" once the user blocked it and a "member" again once
they unblocked it; in a group, someone added or removed it. The translation is the same for
aiogram and python-telegram-bot (both name the fields as the Bot API does; PTB's statuses
and chat types are string enums, whose ``str`` is Telegram's word).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

from bot.telegram.inbound import Chat, User
from dialogs.events import Inbound, Kind


class ChatMember(Protocol):
    @property
    def status(self) -> str: ...


class MemberUpdate(Protocol):
    """A ChatMemberUpdated: who changed the bot's standing in which chat, and to what."""

    @property
    def from_user(self) -> User: ...
    @property
    def chat(self) -> Chat: ...
    @property
    def date(self) -> datetime: ...
    @property
    def new_chat_member(self) -> ChatMember: ...


def from_membership(update: MemberUpdate, update_id: int | None = None) -> Inbound:
    """The change of update ``update_id``: ``user_id`` is whoever made it (in a private
    chat, the user), ``bot_status`` the bot's new status there."""
    user = update.from_user
    return Inbound(
        kind=Kind.MEMBERSHIP,
        user_id=user.id,
        chat_id=update.chat.id,
        chat_type=str(update.chat.type),
        date=update.date.astimezone(UTC),
        first_name=user.first_name,
        username=user.username,
        locale_hint=user.language_code,
        bot_status=str(update.new_chat_member.status),
        update_ids=() if update_id is None else (update_id,),
    )
