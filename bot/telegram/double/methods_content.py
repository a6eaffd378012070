"""sendLocation and sendContact: the bot sends a place or a phone contact.

Telegram's Bot API server reads ``latitude``/``longitude`` as numbers and requires
``phone_number`` and ``first_name``. Each send costs one flood-limit token and takes
``message_thread_id``, ``reply_parameters`` and ``reply_markup`` like sendMessage.
"""

from __future__ import annotations

from typing import Any

from bot.telegram.double.errors import bad_request
from bot.telegram.double.methods_messages import post
from bot.telegram.double.registry import MethodCall, api_method


async def _send_content(call: MethodCall, kind: str, content: dict[str, Any]) -> dict[str, Any]:
    return post(call, call.target_chat(), lambda: {"kind": kind, "content": content})


@api_method("sendLocation")
async def send_location(call: MethodCall) -> dict[str, Any]:
    location: dict[str, Any] = {}
    for name in ("latitude", "longitude"):
        value = call.params.get_number(name)
        if value is None:
            raise bad_request(f"{name} is empty")
        location[name] = value
    return await _send_content(call, "location", location)


@api_method("sendContact")
async def send_contact(call: MethodCall) -> dict[str, Any]:
    contact: dict[str, Any] = {
        "phone_number": call.params.get_str("phone_number", required=True),
        "first_name": call.params.get_str("first_name", required=True),
    }
    last_name = call.params.get_str("last_name")
    if last_name:
        contact["last_name"] = last_name
    return await _send_content(call, "contact", contact)
