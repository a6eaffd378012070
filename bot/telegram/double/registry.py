"""The table of Bot API methods the double implements, and what a handler is given.

Each ``methods_*`` module registers its handlers with :func:`api_method`; a handler gets a
:class:`MethodCall` (the double, the method name, the parameters) and returns the ``result`` or
raises :class:`~bot.telegram.double.errors.ApiError`. Lookup ignores case, as Telegram does.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.telegram.double.errors import ApiError, bad_request, forbidden, thread_not_found
from bot.telegram.double.limits import PAID_METHODS
from bot.telegram.double.models import Chat
from bot.telegram.double.params import Params

if TYPE_CHECKING:
    from bot.telegram.double.server import BotApiDouble
    from bot.telegram.double.world import World

Handler = Callable[["MethodCall"], Awaitable[Any]]
METHODS: dict[str, tuple[str, Handler]] = {}


def api_method(name: str) -> Callable[[Handler], Handler]:
    """Register ``handler`` as the Bot API method ``name``."""

    def register(handler: Handler) -> Handler:
        METHODS[name.lower()] = (name, handler)
        return handler

    return register


def lookup(name: str) -> tuple[str, Handler] | None:
    """(canonical name, handler) for a method name in any case, or None."""
    return METHODS.get(name.lower())


@dataclass
class MethodCall:
    """One call being answered: helpers shared by the handlers."""

    double: BotApiDouble
    method: str
    params: Params

    @property
    def world(self) -> World:
        return self.double.world

    def chat(self, name: str = "chat_id") -> Chat:
        """The chat a parameter names; 400 when missing or unknown."""
        raw = self.params.raw(name)
        if raw is None or raw == "":
            raise bad_request(f"{name} is empty")
        return self.world.resolve_chat(raw)

    def target_chat(self, name: str = "chat_id") -> Chat:
        """A chat the bot is about to write to: 403 if blocked there or removed from it."""
        raw = str(self.params.raw(name))
        user_id = int(raw) if raw.lstrip("-").isdigit() else None
        # A known person who never opened a private chat with the bot (an agent, say).
        if user_id in self.world.users and user_id not in self.world.chats:
            raise forbidden("bot can't initiate conversation with a user")
        chat = self.chat(name)
        if chat.bot_status == "kicked":
            if chat.type == "private":
                raise forbidden("bot was blocked by the user")
            raise forbidden(f"bot was kicked from the {chat.type} chat")
        if chat.bot_status == "left":
            raise forbidden(f"bot is not a member of the {chat.type} chat")
        return chat

    def thread(self, chat: Chat) -> int | None:
        """The checked message_thread_id of a send: must exist, and be open in a forum."""
        thread_id = self.params.get_int("message_thread_id")
        if not thread_id:
            return None
        if chat.is_forum:
            topic = chat.topics.get(thread_id)
            if topic is None:
                raise thread_not_found()
            if topic.closed:
                raise bad_request("TOPIC_CLOSED")
            return thread_id
        # Outside forums a thread is a reply thread: it must start at an existing message.
        if self.world.message(chat.id, thread_id) is None:
            raise thread_not_found()
        return None

    def charge(self, chat: Chat, cost: int = 1) -> None:
        """Spend flood-limit tokens for a send to ``chat`` (429 when there are none); a
        paid broadcast (``allow_paid_broadcast``, where the method takes it) from the paid
        bucket, at 0.1 Star a message."""
        paid = self.method in PAID_METHODS and self.params.get_bool("allow_paid_broadcast")
        self.double.limiter.charge(chat.id, chat.is_group, cost, paid=paid)

    def message_id(self, name: str = "message_id") -> int:
        value = self.params.get_int(name)
        if value is None:
            raise bad_request("message identifier is not specified")
        return value


@dataclass(frozen=True)
class Described:
    """A result Telegram sends with a ``description`` beside it ("Webhook was set")."""

    result: Any
    description: str


def require(condition: bool, error: ApiError) -> None:
    """Raise ``error`` unless ``condition`` holds (keeps handlers' checks one line each)."""
    if not condition:
        raise error
