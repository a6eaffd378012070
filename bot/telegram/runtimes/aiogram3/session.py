"""aiogram's HTTP session as kefu uses it: getUpdates answered as Telegram's JSON.

Updates stay unconfirmed while kefu handles them, so each getUpdates answer brings back every
update still in hand (16 for each new one in bench.inbound's closed loop), and pydantic
walked every one of them again: the largest single cost of a message. A successful
getUpdates answer is only decoded; the poller validates the new updates alone.

aiogram makes ``Response[method.__returning__]`` for each answer it validates; pydantic keeps
such classes only weakly, so after each garbage collection the next answer built the class
again (its whole schema: about 10 ms of CPU). Kept here, each is built once per process.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods import GetUpdates, Response, TelegramMethod

_ANSWER = Response[Any]  # made once; answers taken as they came are constructed from it
NOT_OK: Any = object()  # what ok_result() gives for anything but a successful answer


class RawGetUpdates(GetUpdates):
    """getUpdates answered as plain JSON objects; the poller parses only the new ones."""

    __returning__ = list[dict[str, Any]]


class KefuSession(AiohttpSession):
    """aiogram's aiohttp session with getUpdates unvalidated (see module)."""

    _kept: ClassVar[dict[Any, Any]] = {}

    def check_response(
        self, bot: Bot, method: TelegramMethod[Any], status_code: int, content: str
    ) -> Response[Any]:
        if isinstance(method, RawGetUpdates) and 200 <= status_code < 300:
            result = ok_result(self.json_loads, content)
            if _are_updates(result):
                return _ANSWER.model_construct(ok=True, result=result)
        returning = method.__returning__
        if returning not in self._kept:
            self._kept[returning] = Response[returning]  # type: ignore[valid-type]
        return super().check_response(bot, method, status_code, content)


def ok_result(loads: Callable[[str], Any], content: str) -> Any:
    """The result of a successful answer, as Telegram's JSON; ``NOT_OK`` for anything else
    (a refusal, or something that is not Telegram's answer: aiogram reads it then)."""
    try:
        data = loads(content)
    except ValueError:
        return NOT_OK
    if not isinstance(data, dict) or data.get("ok") is not True or "result" not in data:
        return NOT_OK
    return data["result"]


def _are_updates(result: Any) -> bool:
    """getUpdates' result: Telegram's update objects, each with its ``update_id``."""
    return isinstance(result, list) and all(
        isinstance(u, dict) and isinstance(u.get("update_id"), int) for u in result
    )
