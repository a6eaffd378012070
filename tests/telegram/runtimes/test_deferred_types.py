"""aiogram imported through kefu's runtime builds its types' validators on first use
(bot/telegram/runtimes/aiogram3/deferred_types.py), and builds them as aiogram would: every
type and method builds, and what kefu meets behaves as after aiogram's own import (the same
updates read the same, the same calls written the same). Each side runs in a fresh
interpreter, since aiogram is imported once per process."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
if sys.argv[1] == "kefu":
    import bot.telegram.runtimes.aiogram3.runtime
import aiogram.methods as methods
import aiogram.types as types
from aiogram.methods.base import Response
from pydantic import BaseModel

deferred = {name: not getattr(types, name).__pydantic_complete__
            for name in ("Message", "Audio", "Poll")}


def nested(depth, build):
    # pydantic reads a caller's frame five levels up when it builds a deferred model
    return build() if depth == 0 else nested(depth - 1, build)


failed = []
for module in (types, methods):
    for name in module.__all__:
        model = getattr(module, name)
        if isinstance(model, type) and issubclass(model, BaseModel) and name != "TelegramMethod":
            try:
                nested(5, lambda: model.__pydantic_validator__.validate_python)
            except Exception as error:
                failed.append(f"{name}: {error}")

chat = {"id": -100, "type": "supergroup", "title": "Agents", "is_forum": True}
user = {"id": 3, "is_bot": False, "first_name": "A"}
photo = [{"file_id": "f", "file_unique_id": "u", "width": 9, "height": 9}]
updates = [
    {"update_id": 1, "message": {
        "message_id": 2, "date": 1, "chat": {"id": 3, "type": "private"}, "from": user,
        "text": "hi /start", "entities": [{"type": "bold", "offset": 0, "length": 2}],
        "reply_to_message": {"message_id": 1, "date": 1, "chat": {"id": 3, "type": "private"},
                             "photo": photo, "caption": "c", "media_group_id": "g"}}},
    {"update_id": 2, "callback_query": {
        "id": "q", "from": user, "chat_instance": "i", "data": "k:1",
        "message": {"message_id": 5, "date": 1, "chat": chat, "message_thread_id": 7,
                    "is_topic_message": True,
                    "forum_topic_created": {"name": "#1", "icon_color": 7322096}}}},
    {"update_id": 3, "my_chat_member": {
        "chat": {"id": 3, "type": "private"}, "from": user, "date": 1,
        "old_chat_member": {"status": "member", "user": user},
        "new_chat_member": {"status": "kicked", "user": user, "until_date": 0}}},
    {"update_id": 4, "edited_message": {
        "message_id": 2, "date": 1, "edit_date": 2, "chat": chat,
        "sticker": {"file_id": "s", "file_unique_id": "t", "type": "regular", "width": 1,
                    "height": 1, "is_animated": False, "is_video": False}}},
]
button = types.InlineKeyboardButton(text="Claim", callback_data="claim:1")
sends = [
    methods.SendMessage(chat_id=-100, message_thread_id=7, text="<b>x</b>", parse_mode="HTML",
                        reply_markup=types.InlineKeyboardMarkup(inline_keyboard=[[button]]),
                        reply_parameters=types.ReplyParameters(message_id=5)),
    methods.SendMediaGroup(chat_id=3, media=[types.InputMediaPhoto(media="f", caption="c")]),
    methods.CopyMessage(chat_id=3, from_chat_id=-100, message_id=9),
]
answer = Response[types.Message].model_validate(
    {"ok": True, "result": {"message_id": 2, "date": 1, "chat": chat, "photo": photo}})
print(json.dumps({
    "deferred": deferred,
    "failed": failed,
    "updates": [types.Update.model_validate(each).model_dump(mode="json", exclude_none=True)
                for each in updates],
    "sends": [each.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
              for each in sends],
    "answer": answer.model_dump(mode="json", exclude_none=True),
}))
"""


def probe(side: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, side], capture_output=True, text=True, timeout=240
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_kefus_aiogram_defers_its_types_and_builds_each_as_aiogram_does() -> None:
    kefu, aiogram = probe("kefu"), probe("aiogram")

    assert kefu["deferred"] == {"Message": True, "Audio": True, "Poll": True}
    assert aiogram["deferred"] == {"Message": False, "Audio": False, "Poll": False}
    assert kefu["failed"] == [] and aiogram["failed"] == []
    for read in ("updates", "sends", "answer"):
        assert kefu[read] == aiogram[read], read
    assert kefu["updates"][0]["message"]["reply_to_message"]["photo"][0]["width"] == 9
    assert kefu["updates"][1]["callback_query"]["message"]["forum_topic_created"]["name"] == "#1"
    assert kefu["updates"][2]["my_chat_member"]["new_chat_member"]["status"] == "kicked"
    assert kefu["sends"][0]["reply_markup"]["inline_keyboard"][0][0]["text"] == "Claim"
