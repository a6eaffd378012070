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

import aiogram.methods
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods import GetUpdates, Response, TelegramMethod

_ANSWER = Response[Any]  # made once; answers taken as they came are constructed from it


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
            answer = _answer(self.json_loads, content, _are_updates)
            if answer is not None:
                return answer
        returning = method.__returning__
        if returning not in self._kept:
            self._kept[returning] = Response[returning]  # type: ignore[valid-type]
        return super().check_response(bot, method, status_code, content)


def method_object(api_method: str, arguments: dict[str, Any]) -> TelegramMethod[Any]:
    """aiogram's object for a call, unvalidated: what its exceptions name."""
    name = api_method[0].upper() + api_method[1:]
    return getattr(aiogram.methods, name).model_construct(**arguments)


def _answer(
    loads: Callable[..., Any], content: str, expected: Callable[[Any], bool]
) -> Response[Any] | None:
    """A successful answer whose result is ``expected``, unvalidated: its result as
    Telegram's JSON; None for anything else (aiogram reads it then)."""
    try:
        data = loads(content)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("ok") is not True or "result" not in data:
        return None
    if not expected(data["result"]):
        return None
    return _ANSWER.model_construct(ok=True, result=data["result"])


def _are_updates(result: Any) -> bool:
    """getUpdates' result: Telegram's update objects, each with its ``update_id``."""
    return isinstance(result, list) and all(
        isinstance(u, dict) and isinstance(u.get("update_id"), int) for u in result
    )
