"""What users are shown of maintenance windows (dialogs.notices.maintenance_routing decides
when): a window in a few lines (its scope, the message in the user's language, the expected
end in the operator's zone, or plainly that it is taking longer than announced), the menu's
banner, the notice told first with its buttons, the warning before a channel's window, and
the knowledge base's maintenance article's live part.

Users' buttons: ``mw:go:<draft token>`` (Continue my report, the draft's current prompt
only) and ``mw:tell:<window id>`` (Tell me when it's over).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from dialogs.content import Content
from dialogs.notices.compose_views import channel_name
from dialogs.notices.windows import Occurrence, Scope, ScopeKind, Window, WindowState
from dialogs.report.draft import Draft
from dialogs.user import menu
from dialogs.views import ButtonView, Label, Literal, Text, View
from dialogs.when.display import local_time_text

PREFIX = "mw"  # a user's button about a window
GO, TELL = "go", "tell"

Found = Sequence[tuple[int, Window]]  # windows with their ids, as the WindowLookup gives them


def scope_label(scope: Scope, content: Content, locale: str) -> Label:
    """The scope in the user's words: all services, a category's title, a channel's."""
    target = scope.target or ""
    if scope.kind is ScopeKind.CATEGORY:
        category = content.category(target)
        return Literal(category.title.get(locale) if category is not None else target)
    if scope.kind is ScopeKind.CHANNEL:
        return Text.of("maintenance-scope-channel", channel=channel_name(target, content, locale))
    return Text.of("maintenance-scope-service")


def expected_end(window: Window, now: datetime, tz: ZoneInfo) -> Text:
    """When it is expected to end; past that with no end said, that it is taking longer
    (the old time is never shown again)."""
    if window.state(now) is WindowState.OVERDUE:
        return Text.of("maintenance-overdue")
    on = window.current(now)
    end = window.end if window.rule is None else (on.end if on is not None else None)
    if end is None:
        return Text.of("maintenance-no-end")
    return Text.of("maintenance-expected-end", end=local_time_text(end, tz))


def window_text(window: Window, now: datetime, tz: ZoneInfo, content: Content, locale: str) -> Text:
    """A window on now, in a few lines: what, the message, until when."""
    return Text.of(
        "maintenance-window",
        scope=scope_label(window.scope, content, locale),
        message=window.message(locale),
        when=expected_end(window, now, tz),
    )


def banner(
    on: Found, now: datetime, tz: ZoneInfo, content: Content, locale: str
) -> tuple[Label, ...]:
    """The menu's banner: each window on now."""
    return tuple(window_text(w, now, tz, content, locale) for _, w in on)


def live(
    on: Found, now: datetime, tz: ZoneInfo, content: Content, locale: str
) -> tuple[Label, ...]:
    """Above the maintenance article: the windows on now, or that none is."""
    return banner(on, now, tz, content, locale) or (Text.of("maintenance-none-now"),)


def told_first(
    on: Found,
    now: datetime,
    tz: ZoneInfo,
    content: Content,
    locale: str,
    draft: Draft,
    *,
    person: bool,
) -> View:
    """The notice a user reporting something in scope gets before the report goes on:
    Continue my report (where they were), Tell me when it's over (a button per window),
    and for money that has not arrived, where a desk answers, a person at once."""
    category = content.category(draft.category)
    money = person and category is not None and category.money
    parts: list[Label] = [Text.of("maintenance-told-first")]
    parts += [window_text(w, now, tz, content, locale) for _, w in on]
    parts.append(Text.of("maintenance-go-on-money" if money else "maintenance-go-on"))
    rows: list[tuple[ButtonView, ...]] = [continue_row(draft)]
    for window_id, window in on:
        scope = scope_label(window.scope, content, locale)
        label = (
            Text.of("maintenance-tell-me")
            if len(on) == 1
            else Text.of("maintenance-tell-me-scope", scope=scope)
        )
        rows.append((ButtonView(label, f"{PREFIX}:{TELL}:{window_id}"),))
    if money:
        rows.append((ButtonView(Text.of("maintenance-to-person"), menu.HUMAN),))
    return View(parts=tuple(parts), buttons=tuple(rows))


def continue_row(draft: Draft) -> tuple[ButtonView, ...]:
    """Continue my report: its present step, asked again (the draft's token: a later
    prompt's draft refuses it)."""
    return (ButtonView(Text.of("maintenance-continue"), f"{PREFIX}:{GO}:{draft.token}"),)


def wish_noted(draft: Draft | None) -> View:
    """Tell me when it's over, pressed: noted; the report can still go on."""
    rows = (continue_row(draft),) if draft is not None and draft.under_way else ()
    return View(parts=(Text.of("maintenance-wish-noted"),), buttons=rows)


def avoid(
    window: Window,
    occurrence: Occurrence,
    channel: str,
    tz: ZoneInfo,
    content: Content,
    locale: str,
) -> Text:
    """A window about to start for the channel the user just chose: avoid it, from when to
    when (a one-off with no end said: from when)."""
    end = occurrence.end if window.rule is not None else window.end
    args = {
        "scope": scope_label(window.scope, content, locale),
        "message": window.message(locale),
        "channel": channel_name(channel, content, locale),
        "start": local_time_text(occurrence.start, tz),
    }
    if end is None or end <= occurrence.start:
        return Text.of("maintenance-avoid-no-end", **args)
    return Text.of("maintenance-avoid", end=local_time_text(end, tz), **args)
