"""My tickets: a user's recent tickets with status and local time."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from dialogs.content import Content
from dialogs.ports.tickets import TicketSummary
from dialogs.user.menu import MENU
from dialogs.views import ButtonView, Label, Text, View
from dialogs.when.display import local_time_text


def tickets_view(tickets: list[TicketSummary], content: Content, locale: str, tz: ZoneInfo) -> View:
    # Labelled for where it leads: "menu-title" is the menu's question, not a place.
    back = ((ButtonView(Text.of("menu-main"), MENU),),)
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
                date=local_time_text(t.created_at, tz),
            )
        )
    return View(parts=tuple(lines), buttons=back, separator="\n")
