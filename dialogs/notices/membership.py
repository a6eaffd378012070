"""Telegram's word that a user blocked or unblocked the bot (my_chat_member in a private
chat): the user is marked, so later audiences leave them out, before any send fails."""

from __future__ import annotations

from dialogs.events import Inbound
from dialogs.notices.actions import SetBlocked

# ChatMember statuses of the bot in a private chat: "kicked" once the user blocked it,
# "member" again once they unblocked it (or pressed Start again).
_BLOCKED, _MEMBER = "kicked", "member"


def membership(event: Inbound) -> list[SetBlocked]:
    """The mark for a private chat's change; nothing for a group's (the desk watches its
    groups itself) or a status that says neither."""
    if not event.is_private:
        return []
    if event.bot_status == _BLOCKED:
        return [SetBlocked(blocked=True)]
    if event.bot_status == _MEMBER:
        return [SetBlocked(blocked=False)]
    return []
