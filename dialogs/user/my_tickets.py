"""My tickets: a user's recent tickets with status and local time, each one's detail, and
closing one's own ticket."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from dialogs.content import Content
from dialogs.desk.card import category_title
from dialogs.ports.tickets import TicketDetail, TicketSummary
from dialogs.tickets.status import ACTIVE
from dialogs.user.menu import MENU, TICKETS
from dialogs.views import ButtonView, Label, Literal, Text, View
from dialogs.when.display import local_time_text

DETAIL_PREFIX = "td:"  # td:<public id>: a ticket's detail
CLOSE_PREFIX = "tc:"  # tc:<public id>: the user closes their ticket


def tickets_view(tickets: list[TicketSummary], content: Content, locale: str, tz: ZoneInfo) -> View:
    # Labelled for where it leads: "menu-title" is the menu's question, not a place.
    back = ((ButtonView(Text.of("menu-main"), MENU),),)
    if not tickets:
        return View(parts=(Text.of("my-tickets-empty"),), buttons=back)
    lines: list[Label] = [Text.of("my-tickets-title")]
    rows = tuple((ButtonView(Literal(t.public_id), DETAIL_PREFIX + t.public_id),) for t in tickets)
    for t in tickets:
        lines.append(
            Text.of(
                "my-tickets-line",
                id=t.public_id,
                category=category_title(content, t.category, locale),
                status=Text.of(f"ticket-status-{t.status}"),
                date=local_time_text(t.created_at, tz),
            )
        )
    return View(parts=tuple(lines), buttons=(*rows, *back), separator="\n")


def detail_view(ticket: TicketDetail, content: Content, locale: str, tz: ZoneInfo) -> View:
    """One ticket: what was reported, where it stands; Close while it is being worked on."""
    t = ticket.summary
    lines: list[Label] = [
        Text.of(
            "my-ticket-title", id=t.public_id, category=category_title(content, t.category, locale)
        ),
        Text.of("my-ticket-status", status=Text.of(f"ticket-status-{t.status}")),
        Text.of(
            "my-ticket-dates",
            created=local_time_text(t.created_at, tz),
            updated=local_time_text(ticket.updated_at, tz),
        ),
    ]
    for key, value in (
        ("desk-card-order", ticket.order_number),
        ("desk-card-error", ticket.error_text),
        ("desk-card-steps", ticket.steps),
    ):
        if value:
            lines.append(Text.of("report-summary-line", label=Text.of(key), value=Literal(value)))
    rows: list[tuple[ButtonView, ...]] = []
    if t.status in ACTIVE:
        rows.append((ButtonView(Text.of("my-ticket-close"), CLOSE_PREFIX + t.public_id),))
    rows.append(
        (ButtonView(Text.of("menu-my-tickets"), TICKETS), ButtonView(Text.of("menu-main"), MENU))
    )
    return View(parts=tuple(lines), buttons=tuple(rows), separator="\n")
