"""Bot-level methods: getMe, getUpdates, webhooks, commands, close/logOut, chat actions.

getUpdates long-polls for real: it waits on the update queue's signal for at most the
request's ``timeout`` seconds (wall time, not the injected clock), and a newer getUpdates
ends an older waiting one with 409 Conflict, as Telegram does.
"""

from __future__ import annotations

import re
from typing import Any

from bot.telegram.double.errors import POLL_CONFLICT, WEBHOOK_CONFLICT, bad_request
from bot.telegram.double.registry import Described, MethodCall, api_method, require
from bot.telegram.double.serialize import user_json

_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")


@api_method("getMe")
async def get_me(call: MethodCall) -> dict[str, Any]:
    return user_json(call.world.bot, full=True)


@api_method("getUpdates")
async def get_updates(call: MethodCall) -> list[dict[str, Any]]:
    double, params = call.double, call.params
    if double.webhook.url:
        raise WEBHOOK_CONFLICT
    queue = double.updates
    allowed = params.get_json("allowed_updates")
    if allowed is not None:
        require(isinstance(allowed, list), bad_request("can't parse allowed_updates JSON object"))
        queue.set_allowed([str(kind) for kind in allowed])
    queue.confirm(params.get_int("offset"))
    limit = min(100, max(1, params.get_int("limit") or 100))
    timeout = max(0.0, params.get_number("timeout") or 0.0)
    generation = queue.new_poll()

    def ready() -> bool:
        superseded = queue.poll_generation != generation
        return bool(queue.pending_count or superseded or double.closing)

    if not ready() and timeout > 0:
        await queue.arrived.wait_until(ready, timeout)
    if queue.poll_generation != generation:
        raise POLL_CONFLICT
    return queue.peek(limit)


@api_method("setWebhook")
async def set_webhook(call: MethodCall) -> Any:
    params = call.params
    url = params.get_str("url") or ""
    secret = params.get_str("secret_token")
    if secret is not None and not _SECRET.match(secret):
        raise bad_request("secret token contains unallowed characters")
    if url and not url.startswith(("http://", "https://")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if params.get_bool("drop_pending_updates"):
        call.double.updates.drop_pending()
    allowed = params.get_json("allowed_updates")
    if allowed is not None:
        require(isinstance(allowed, list), bad_request("can't parse allowed_updates JSON object"))
        call.double.updates.set_allowed([str(kind) for kind in allowed])
    max_connections = params.get_int("max_connections") or 40
    if not url:
        await call.double.webhook.stop()
        return Described(True, "Webhook was deleted")
    await call.double.webhook.start(url, secret, max_connections)
    return Described(True, "Webhook was set")


@api_method("deleteWebhook")
async def delete_webhook(call: MethodCall) -> Any:
    if call.params.get_bool("drop_pending_updates"):
        call.double.updates.drop_pending()
    was_set = bool(call.double.webhook.url)
    await call.double.webhook.stop()
    return Described(True, "Webhook was deleted" if was_set else "Webhook is already deleted")


@api_method("getWebhookInfo")
async def get_webhook_info(call: MethodCall) -> dict[str, Any]:
    return call.double.webhook.info(call.double.updates.pending_count)


@api_method("close")
async def close(call: MethodCall) -> bool:
    return True


@api_method("logOut")
async def log_out(call: MethodCall) -> bool:
    return True


@api_method("sendChatAction")
async def send_chat_action(call: MethodCall) -> bool:
    call.target_chat()
    require(bool(call.params.get_str("action")), bad_request("action is empty"))
    return True


def _scope_key(call: MethodCall) -> tuple[str, str]:
    scope = call.params.get_json("scope", "can't parse BotCommandScope JSON object") or {}
    require(isinstance(scope, dict), bad_request("can't parse BotCommandScope JSON object"))
    kind = str(scope.get("type", "default"))
    parts = [kind] + [f"{k}={scope[k]}" for k in ("chat_id", "user_id") if k in scope]
    return ":".join(parts), call.params.get_str("language_code") or ""


@api_method("setMyCommands")
async def set_my_commands(call: MethodCall) -> bool:
    commands = call.params.get_json("commands", "can't parse commands JSON object")
    require(isinstance(commands, list), bad_request("can't parse commands JSON object"))
    require(len(commands) <= 100, bad_request("BOT_COMMANDS_TOO_MUCH"))
    clean = []
    for item in commands:
        require(isinstance(item, dict), bad_request("can't parse BotCommand JSON object"))
        command = str(item.get("command", "")).lstrip("/")
        description = str(item.get("description", ""))
        require(bool(_COMMAND.match(command)), bad_request("BOT_COMMAND_INVALID"))
        require(1 <= len(description) <= 256, bad_request("BOT_COMMAND_DESCRIPTION_INVALID"))
        clean.append({"command": command, "description": description})
    call.double.commands[_scope_key(call)] = clean
    return True


@api_method("getMyCommands")
async def get_my_commands(call: MethodCall) -> list[dict[str, str]]:
    return list(call.double.commands.get(_scope_key(call), []))


@api_method("deleteMyCommands")
async def delete_my_commands(call: MethodCall) -> bool:
    call.double.commands.pop(_scope_key(call), None)
    return True
