"""What the sandbox page draws, read from the double as a Telegram client would see it:
each chat's messages (the people's and kefu's), the desk's topics, the command menus kefu
set, and the demo order system's channels and accounts.

The page is redrawn from these snapshots; they hold only what a client shows, never kefu's
own state, so the page cannot show anything Telegram would not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.telegram.double.entities import to_html
from bot.telegram.double.models import StoredMessage

if TYPE_CHECKING:
    from bot.sandbox.web.stage import Stage

Json = dict[str, Any]
SNIPPET = 60  # how much of a replied-to message a reply quotes


def _body_html(message: StoredMessage) -> str:
    if message.text is not None:
        return to_html(message.text, message.entities)
    return to_html(message.caption or "", message.caption_entities)


def _plain(message: StoredMessage) -> str:
    return message.text if message.text is not None else message.caption or ""


def message_json(stage: Stage, message: StoredMessage) -> Json:
    """One message as the page shows it: who sent it, its text, media, buttons, reply."""
    world = stage.double.world
    sender = world.users.get(message.sender_id)
    inline = (message.reply_markup or {}).get("inline_keyboard", [])
    keyboard = (message.reply_keyboard or {}).get("keyboard", [])
    shown: Json = {
        "id": message.message_id,
        "thread": message.thread_id,
        "from": sender.first_name if sender else "?",
        "sender": message.sender_id,
        "bot": message.by_bot,
        "kind": message.kind,
        "html": _body_html(message),
        "edited": bool(message.edits),
        "album": message.media_group_id,
        "buttons": [
            [{"text": b["text"], "data": b.get("callback_data"), "url": b.get("url")} for b in row]
            for row in inline
        ],
        "keyboard": [
            [b["text"] if isinstance(b, dict) else str(b) for b in row] for row in keyboard
        ],
        "removeKeyboard": bool((message.reply_keyboard or {}).get("remove_keyboard")),
    }
    if message.file_id is not None:
        stored = world.files.get(message.file_id)
        shown["file"] = f"/file/{message.file_id}"
        shown["emoji"] = stored.emoji if stored else None
    if message.reply_to is not None:
        replied = world.message(message.chat_id, message.reply_to)
        if replied is not None:
            who = world.users.get(replied.sender_id)
            text = _plain(replied) or f"[{replied.kind}]"
            shown["reply"] = {"from": who.first_name if who else "?", "text": text[:SNIPPET]}
    return shown


def chat_json(stage: Stage, chat_id: int) -> list[Json]:
    """A chat's messages in order, as its window shows them (no service messages)."""
    world = stage.double.world
    return [
        message_json(stage, m)
        for m in world.chat_messages(chat_id)
        if not m.deleted and m.kind != "service"
    ]


def commands_for(stage: Stage, chat_id: int, language: str | None, private: bool) -> list[Json]:
    """The command menu a client shows in a chat: the narrowest scope kefu set, in the
    person's language first, as Telegram picks it."""
    commands = stage.double.commands
    scopes = [f"chat:chat_id={chat_id}"]
    scopes += ["all_private_chats"] if private else ["all_chat_administrators", "all_group_chats"]
    scopes.append("default")
    for scope in scopes:
        for lang in (language or "", ""):
            found = commands.get((scope, lang))
            if found:
                return list(found)
    return []


def snapshot(stage: Stage) -> Json:
    """Everything the page draws, at this moment."""
    desk = stage.desk
    users = [
        {
            "id": user.id,
            "name": user.user.first_name,
            "language": user.user.language_code,
            "account": stage.links.get(user.id),
            "chat": chat_json(stage, user.chat.id),
            "commands": commands_for(stage, user.chat.id, user.user.language_code, True),
        }
        for user in stage.users.values()
    ]
    admin = stage.admin
    return {
        "users": users,
        "agents": [{"id": a.id, "name": a.user.first_name} for a in stage.agents.values()],
        "admin": {
            "id": admin.id,
            "name": admin.user.first_name,
            "chat": chat_json(stage, admin.chat.id),
            "commands": commands_for(stage, admin.chat.id, admin.user.language_code, True),
        },
        "desk": {
            "title": desk.chat.title,
            "topics": [
                {"id": t.thread_id, "name": t.name, "closed": t.closed}
                for t in desk.chat.topics.values()
            ],
            "messages": chat_json(stage, desk.id),
            "commands": commands_for(stage, desk.id, None, False),
        },
        "shop": {"channels": stage.channels, "accounts": stage.accounts},
    }
