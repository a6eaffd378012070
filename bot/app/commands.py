"""The bot's command menus: the users', per language Telegram can tell apart, and the
agents' in their group."""

from __future__ import annotations

from bot.app.i18n import Translator
from bot.telegram.ops import Command, SetCommands

COMMANDS = ("start", "help", "language", "cancel")
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
    "alias",
    "help",
)


def command_menus(translator: Translator, default_locale: str) -> list[SetCommands]:
    """One list for English, one for Chinese, and a default for every other language.

    Telegram's language_code here is two letters, so Chinese gets a single list: Traditional
    if the platform's default locale is Traditional, else Simplified.
    """

    def menu(locale: str, code: str | None) -> SetCommands:
        items = tuple(Command(c, translator.t(locale, f"cmd-{c}")) for c in COMMANDS)
        return SetCommands(items, language_code=code)

    chinese = "zh-Hant" if default_locale == "zh-Hant" else "zh-Hans"
    return [menu(default_locale, None), menu("en", "en"), menu(chinese, "zh")]


def desk_menu(translator: Translator, locale: str, chat_id: int) -> SetCommands:
    """The agents' commands, shown in their group only."""
    items = tuple(Command(c, translator.t(locale, f"cmd-desk-{c}")) for c in DESK_COMMANDS)
    return SetCommands(items, chat_id=chat_id)
