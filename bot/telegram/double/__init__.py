"""A stand-in for the Telegram Bot API: a local HTTP server that aiogram and
python-telegram-bot talk to unchanged, plus a driver that plays the users.

See docs/bot_api_double.md for the behaviour it models (shapes, errors, flood limits).
"""

from bot.telegram.double.driver import Driver, PrivateUser
from bot.telegram.double.errors import ApiError, DoubleTimeout
from bot.telegram.double.faults import Fault, Faults
from bot.telegram.double.group import AnonymousAdmin, Group, Member
from bot.telegram.double.inbox import BotMessage, Inbox, MessageView
from bot.telegram.double.limits import Limits
from bot.telegram.double.requestlog import LoggedCall, RequestLog
from bot.telegram.double.server import DEFAULT_TOKEN, BotApiDouble

__all__ = [
    "DEFAULT_TOKEN",
    "AnonymousAdmin",
    "ApiError",
    "BotApiDouble",
    "BotMessage",
    "DoubleTimeout",
    "Driver",
    "Fault",
    "Faults",
    "Group",
    "Inbox",
    "Limits",
    "LoggedCall",
    "Member",
    "MessageView",
    "PrivateUser",
    "RequestLog",
]
