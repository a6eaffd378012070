"""The command menu: default, English and one Chinese list chosen by the default locale."""

from __future__ import annotations

from bot.app.commands import command_menus
from bot.app.i18n import Translator


def test_chinese_list_follows_the_default_locale() -> None:
    translator = Translator()
    menus = {m.language_code: m for m in command_menus(translator, "zh-Hant")}
    assert set(menus) == {None, "en", "zh"}
    assert menus["zh"].commands[0].description == "主選單"
    assert menus[None].commands[0].description == "主選單"
    assert menus["en"].commands[0].description == "Main menu"
    assert menus["en"].commands[1].description == "What I can do"
    assert menus["zh"].commands[1].description == "使用說明"
    simplified = {m.language_code: m for m in command_menus(translator, "en")}
    assert simplified["zh"].commands[0].description == "主菜单"
    assert [c.command for c in simplified[None].commands] == [
        "start",
        "help",
        "order",
        "language",
        "notices",
        "cancel",
    ]


def test_every_command_has_a_description_in_every_locale() -> None:
    translator = Translator()
    for locale in ("en", "zh-Hans", "zh-Hant"):
        (menu, *_) = command_menus(translator, locale)
        assert [c.command for c in menu.commands] == [
            "start",
            "help",
            "order",
            "language",
            "notices",
            "cancel",
        ]
        assert all(c.description and not c.description.startswith("cmd-") for c in menu.commands)
