"""The main menu, the language chooser and "My tickets": views and their button ids."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from dialogs.content import Content
from dialogs.ports.tickets import TicketSummary
from dialogs.views import ButtonView, Label, Literal, Text, View

# Button ids: short, fixed, and parsed only here.
MENU = "m"
TICKETS = "t"
LANGUAGES = "l"
CATEGORY_PREFIX = "c:"
LANGUAGE_PREFIX = "l:"

LANGUAGE_NAMES = {"en": "English", "zh-Hans": "简体中文", "zh-Hant": "繁體中文"}


def main_menu(content: Content, locale: str, greeting: Label | None = None) -> View:
    rows = [
        (ButtonView(Literal(c.title.get(locale)), CATEGORY_PREFIX + c.id),)
        for c in content.categories
    ]
    rows.append(
        (
            ButtonView(Text.of("menu-my-tickets"), TICKETS),
            ButtonView(Text.of("menu-language"), LANGUAGES),
        )
    )
    return View(parts=(greeting or Text.of("menu-title"),), buttons=tuple(rows))


def language_chooser() -> View:
    row = tuple(
        ButtonView(Literal(name), LANGUAGE_PREFIX + code) for code, name in LANGUAGE_NAMES.items()
    )
    return View(parts=(Text.of("language-choose"),), buttons=(row,))


def tickets_view(tickets: list[TicketSummary], content: Content, locale: str, tz: ZoneInfo) -> View:
    back = ((ButtonView(Text.of("menu-title"), MENU),),)
    if not tickets:
        return View(parts=(Text.of("my-tickets-empty"),), buttons=back)
    lines: list[Label] = [Text.of("my-tickets-title")]
    for t in tickets:
        category = content.category(t.category)
        lines.append(
            Text.of(
                "my-tickets-line",
                id=t.public_id,
                category=category.title.get(locale) if category else t.category,
                status=Text.of(f"ticket-status-{t.status}"),
                date=t.created_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
            )
        )
    return View(parts=tuple(lines), buttons=back, separator="\n")
