"""The bot's command menus: the users', per language Telegram can tell apart; the admins',
in their own private chats (the users', /maintenance and /broadcast); the agents' in their
group."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from bot.app.i18n import Translator
from bot.config import Settings
from bot.support.clock import Clock
from bot.telegram.errors import TelegramError
from bot.telegram.ops import Command, SetCommands
from bot.telegram.outbox import Outbox, Priority

log = logging.getLogger(__name__)
COMMANDS = ("start", "help", "order", "language", "notices", "cancel")
DESK_USER_COMMANDS = ("queue",)  # a user's, when there is a desk
# An admin's (KEFU_ADMIN_IDS), in their private chat only.
ADMIN_COMMANDS = ("maintenance", "broadcast")
# What agents type in the agents' group (dialogs.desk.commands), in the desk's language.
DESK_COMMANDS = (
    "claim",
    "note",
    "reply",
    "priority",
    "tag",
    "resolve",
    "reopen",
    "ban",
    "unban",
    "find",
    "order",
    "alias",
    "stats",
    "kb",
    "kb_reload",
    "help",
)


def command_menus(
    translator: Translator,
    default_locale: str,
    *,
    desk: bool = False,
    admins: Sequence[int] = (),
) -> list[SetCommands]:
    """One list for English, one for Chinese, and a default for every other language; then
    the same three in each admin's private chat, with the admins' commands added.

    Telegram's language_code here is two letters, so Chinese gets a single list: Traditional
    if the platform's default locale is Traditional, else Simplified. A chat's own menu
    hides the general ones there (whatever their language), hence three per admin.
    """
    users = COMMANDS + DESK_USER_COMMANDS if desk else COMMANDS

    def menu(
        names: tuple[str, ...], locale: str, code: str | None, chat: int | None
    ) -> SetCommands:
        items = tuple(Command(c, translator.t(locale, f"cmd-{c}")) for c in names)
        return SetCommands(items, language_code=code, chat_id=chat)

    chinese = "zh-Hant" if default_locale == "zh-Hant" else "zh-Hans"
    languages = ((default_locale, None), ("en", "en"), (chinese, "zh"))
    menus = [menu(users, locale, code, None) for locale, code in languages]
    for admin in admins:
        names = users + ADMIN_COMMANDS
        menus += [menu(names, locale, code, admin) for locale, code in languages]
    return menus


def desk_menu(translator: Translator, locale: str, chat_id: int) -> SetCommands:
    """The agents' commands, shown in their group only."""
    items = tuple(Command(c, translator.t(locale, f"cmd-desk-{c}")) for c in DESK_COMMANDS)
    return SetCommands(items, chat_id=chat_id)


def all_menus(
    translator: Translator, settings: Settings, desks: tuple[int, ...]
) -> list[SetCommands]:
    """The command menu per language, and the agents' in each of their groups."""
    locale = settings.default_locale
    menus = command_menus(translator, locale, desk=bool(desks), admins=settings.admin_ids)
    return menus + [desk_menu(translator, locale, chat) for chat in desks]


async def set_menus(
    outbox: Outbox, menus: list[SetCommands], clock: Clock, startup_check: float
) -> None:
    """Set each menu; a refusal is logged and kefu serves anyway (a menu still failing
    after ``startup_check`` seconds is not waited for longer)."""
    for menu in menus:
        give_up_at = clock.monotonic() + startup_check
        try:
            await outbox.submit(menu, Priority.ANSWER, give_up_at=give_up_at)
        except TelegramError as exc:
            log.error("setMyCommands (%s) failed: %s", menu.language_code, exc.description)
