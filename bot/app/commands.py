"""The bot's command menu, per language Telegram can tell apart."""

from __future__ import annotations

from bot.app.i18n import Translator
from bot.telegram.ops import Command, SetCommands

COMMANDS = ("start", "help", "language", "cancel")


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
