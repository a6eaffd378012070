"""The main menu: a button per category, My tickets and Language; the menu's button ids."""

from __future__ import annotations

from dialogs.content import Content
from dialogs.views import ButtonView, Label, Literal, Text, View

# Button ids: short, fixed, and parsed only by the router.
MENU = "m"
TICKETS = "t"
LANGUAGES = "l"
HUMAN = "h"
CATEGORY_PREFIX = "c:"


def main_menu(
    content: Content, locale: str, greeting: Label | None = None, *, human: bool = False
) -> View:
    """The menu; ``human`` adds "Talk to a person" (only where an agents' desk answers)."""
    rows = [
        (ButtonView(Literal(c.title.get(locale)), CATEGORY_PREFIX + c.id),)
        for c in content.categories
    ]
    if human:
        rows.append((ButtonView(Text.of("menu-human"), HUMAN),))
    rows.append(
        (
            ButtonView(Text.of("menu-my-tickets"), TICKETS),
            ButtonView(Text.of("menu-language"), LANGUAGES),
        )
    )
    return View(parts=(greeting or Text.of("menu-title"),), buttons=tuple(rows))
