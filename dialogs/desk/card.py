"""The ticket card: the first post of a ticket's topic, with everything an agent needs
before answering (the report, who the user is, what they asked before), and the topic's
name and colour."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from dialogs.content import Content
from dialogs.orders.snapshot import Snapshot
from dialogs.orders.views import channel_label, snapshot_lines
from dialogs.report.answers import display
from dialogs.tickets.priority import TicketPriority
from dialogs.tickets.report import NO_SCREENSHOTS, QUESTION
from dialogs.tickets.status import ACTIVE, TicketStatus
from dialogs.views import Label, Literal, Text, View
from dialogs.when.display import local_time_text

TOPIC_NAME_LIMIT = 128
# Telegram's six topic colours; the colour is chosen when a topic is made, never after.
# A priority set after the topic was made shows in its name (its colour cannot change).
NAME_MARKS = {TicketPriority.URGENT: "🔴 ", TicketPriority.HIGH: "🟠 "}
DONE_MARK = "✅ "
ICON_COLORS = {
    TicketPriority.LOW: 0x8EEE98,  # green
    TicketPriority.NORMAL: 0x6FB9F0,  # blue
    TicketPriority.HIGH: 0xFFD67E,  # yellow
    TicketPriority.URGENT: 0xFB6F5F,  # red
}


@dataclass(frozen=True)
class PastTicket:
    public_id: str
    category: str
    status: TicketStatus
    created_at: datetime


@dataclass(frozen=True)
class CardFacts:
    """A ticket and its user, as the card shows them."""

    public_id: str
    category: str
    status: TicketStatus
    priority: TicketPriority
    priority_reason: str | None
    reason: str  # a locale key: why it came to the desk
    assignee: str | None
    tags: tuple[str, ...]
    occurred_at: datetime | None
    occurred_text: str | None
    steps: str | None
    error_text: str | None
    order_number: str | None
    fields: dict[str, Any]
    attachments: int
    user_id: int
    first_name: str | None
    username: str | None
    language: str
    first_seen: datetime
    now: datetime
    previous: tuple[PastTicket, ...] = ()
    order: Snapshot | None = None  # the order as last looked up

    @property
    def open(self) -> bool:
        """Still being worked on: the card offers its buttons."""
        return self.status in ACTIVE


def category_title(content: Content, category: str, locale: str) -> Label:
    found = content.category(category)
    if found is not None:
        return Literal(found.title.get(locale))
    return Text.of("desk-category-" + category) if category == "conversation" else Literal(category)


def who(facts: CardFacts) -> str:
    """The user as agents know them: @username, else the first name, else the id."""
    if facts.username:
        return "@" + facts.username
    return facts.first_name or str(facts.user_id)


def topic_name(facts: CardFacts, category: str) -> str:
    """The topic's name, like "K-7F3Q2 · Top-up not received · @user", cut to Telegram's
    128 characters; marked ✅ once resolved, 🔴/🟠 while urgent or high."""
    mark = NAME_MARKS.get(facts.priority, "") if facts.open else DONE_MARK
    name = f"{mark}{facts.public_id} · {category} · {who(facts)}"
    return name if len(name) <= TOPIC_NAME_LIMIT else name[: TOPIC_NAME_LIMIT - 1] + "…"


def card_view(facts: CardFacts, content: Content, locale: str, tz: ZoneInfo) -> View:
    """The card's text: the report, the user, their earlier tickets."""
    title = category_title(content, facts.category, locale)
    lines: list[Label] = [
        Text.of("desk-card-title", id=facts.public_id, category=title),
        Text.of("desk-card-why", why=Text.of(facts.reason)),
        # Who waits on whom changes with every message: the card says open or not.
        Text.of("desk-card-status", status=_coarse(facts.status)),
        Text.of("desk-card-priority", priority=Text.of("priority-" + facts.priority)),
    ]
    if facts.priority_reason:
        lines.append(Text.of("desk-card-priority-reason", reason=_why(facts.priority_reason)))
    if facts.assignee:
        lines.append(Text.of("desk-card-assignee", agent=Literal(facts.assignee)))
    if facts.tags:
        lines.append(Text.of("desk-card-tags", tags=Literal(" ".join("#" + t for t in facts.tags))))
    lines.extend(_report(facts, content, locale, tz))
    if facts.order is not None:
        lines.extend(snapshot_lines(facts.order, tz))
    days = max((facts.now - facts.first_seen).days, 0)
    lines.append(
        Text.of(
            "desk-card-user",
            name=Literal(who(facts)),
            id=str(facts.user_id),
            language=facts.language,
            days=days,
        )
    )
    if facts.previous:
        lines.append(Text.of("desk-card-history"))
        lines.extend(
            Text.of(
                "desk-card-history-line",
                id=p.public_id,
                category=category_title(content, p.category, locale),
                status=Text.of("ticket-status-" + p.status),
                date=local_time_text(p.created_at, tz),
            )
            for p in facts.previous
        )
    else:
        lines.append(Text.of("desk-card-no-history"))
    return View(parts=tuple(lines), separator="\n")


def _report(facts: CardFacts, content: Content, locale: str, tz: ZoneInfo) -> list[Label]:
    lines: list[Label] = []

    def line(key: str, value: Label) -> None:
        lines.append(Text.of("report-summary-line", label=Text.of(key), value=value))

    if facts.order_number:
        line("desk-card-order", Literal(facts.order_number))
    if facts.occurred_at is not None:
        at = local_time_text(facts.occurred_at, tz)
        line(
            "desk-card-when",
            Literal(f"{at} ({facts.occurred_text})" if facts.occurred_text else at),
        )
    if facts.error_text:
        line("desk-card-error", Literal(facts.error_text))
    if facts.steps:
        line("desk-card-steps", Literal(facts.steps))
    for field_id, value in facts.fields.items():
        field = content.fields.get(field_id)
        label = Literal(field.label.get(locale)) if field else Literal(field_id)
        if field_id == QUESTION:
            label, shown = Text.of("desk-card-asked"), Literal(str(value))
        elif value == NO_SCREENSHOTS:
            shown: Label = Text.of("desk-card-no-screenshots")
        elif field is not None:
            shown = display(field, value, locale, tz)
        else:
            shown = Literal(str(value))
        lines.append(Text.of("report-summary-line", label=label, value=shown))
    if facts.attachments:
        lines.append(Text.of("desk-card-attachments", count=facts.attachments))
    return lines


def _coarse(status: TicketStatus) -> Text:
    """The card's status: in hand, resolved or closed. Who waits on whom changes with each
    message, and the card is edited only when the ticket changes: it would go stale."""
    if status in ACTIVE:
        return Text.of("desk-card-in-hand")
    return Text.of("ticket-status-" + status)


def _why(reason: str) -> Label:
    """A priority's reason code (dialogs.desk.urgency) in the desk's words."""
    kind, _, value = reason.partition(":")
    if kind == "words":
        return Text.of("desk-why-words", words=value)
    if kind == "late":
        return Text.of("desk-why-late", channel=channel_label(value))
    if kind == "burst" and value.isdigit():
        return Text.of("desk-why-burst", count=int(value))
    return Literal(reason)
