"""What an admin's /maintenance shows (dialogs.notices.maintenance_admin decides when): the
windows on or planned with an End button each, the scopes to choose from, the versions per
language, and the preview.

Button data: ``ma:<draft token>:<action>[:<arg>]``, a button of the admin's current prompt.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from dialogs.content import Content
from dialogs.languages import LANGUAGE_NAMES
from dialogs.notices.compose_views import channel_name
from dialogs.notices.maintenance_views import Found, scope_label
from dialogs.notices.windows import Scope, ScopeKind, Window, WindowState
from dialogs.report.draft import Draft
from dialogs.views import ButtonView, Label, Literal, Text
from dialogs.when.display import local_time_text

PREFIX = "ma"
# The buttons' actions.
CANCEL, START, END, PICK, ADD, GO, BACK, YES, NO, OK = (
    "cancel", "new", "end", "scope", "add", "go", "back", "yes", "no", "ok",
)  # fmt: skip
Rows = tuple[tuple[ButtonView, ...], ...]


def button(draft: Draft, label: Label, action: str, arg: str = "") -> ButtonView:
    """A button of the prompt going out now (the draft's current token)."""
    return ButtonView(label, f"{PREFIX}:{draft.token}:{action}" + (f":{arg}" if arg else ""))


def cancel_row(draft: Draft) -> tuple[ButtonView, ...]:
    return (button(draft, Text.of("broadcast-cancel"), CANCEL),)


def endable(window: Window, now: datetime) -> bool:
    """Whether End means something now: one on now, or a one-off still to come (cancelled)."""
    if window.current(now) is not None:
        return True
    return window.rule is None and window.state(now) is WindowState.SCHEDULED


def listed(
    found: Found, now: datetime, tz: ZoneInfo, content: Content, locale: str, draft: Draft
) -> tuple[tuple[Label, ...], Rows]:
    """Each window on or planned (its id, scope, state, times, message), an End button for
    each that can be ended, then Start."""
    parts: list[Label] = [Text.of("maintenance-admin-title")]
    ends: list[tuple[ButtonView, ...]] = []
    for window_id, window in found:
        occurrence = window.current(now) or window.next(now)
        start = occurrence.start if occurrence is not None else window.start
        end = window.end if window.rule is None else (occurrence.end if occurrence else None)
        parts.append(
            Text.of(
                "maintenance-admin-line",
                id=window_id,
                scope=scope_label(window.scope, content, locale),
                state=Text.of(f"maintenance-state-{window.state(now).value}"),
                start=local_time_text(start, tz),
                end=local_time_text(end, tz) if end else Text.of("maintenance-admin-open-end"),
                message=window.message(locale),
            )
        )
        if endable(window, now):
            key = "maintenance-admin-end" if window.current(now) else "maintenance-admin-cancel"
            ends.append((button(draft, Text.of(key, id=window_id), END, str(window_id)),))
    if not found:
        parts.append(Text.of("maintenance-admin-none"))
    start_row = (button(draft, Text.of("maintenance-admin-start"), START), *cancel_row(draft))
    return tuple(parts), (*ends, start_row)


def scopes(content: Content) -> list[Scope]:
    """The scopes an admin may choose: the whole service, each category, each payment
    channel (the channel field's choices the desk tags as channels, else all of them)."""
    found = [Scope(ScopeKind.SERVICE)]
    found += [Scope(ScopeKind.CATEGORY, c.id) for c in content.categories]
    tags = content.desk.tags
    field = content.fields.get(tags.channel_field)
    choices = [c.id for c in (field.choices or [])] if field is not None else []
    tagged = [c for c in choices if c in tags.channels]
    found += [Scope(ScopeKind.CHANNEL, c) for c in tagged or choices]
    return found


def scope_spec(scope: Scope) -> str:
    """``service``, ``category:ID``, ``channel:ID``: a scope in a button and in the draft."""
    return scope.kind.value if scope.target is None else f"{scope.kind.value}:{scope.target}"


def scope_of(spec: str) -> Scope | None:
    kind, _, target = spec.partition(":")
    try:
        return Scope(ScopeKind(kind), target or None)
    except ValueError:
        return None


def scope_rows(draft: Draft, content: Content, locale: str) -> Rows:
    """The whole service alone, then categories and channels two a row, then Cancel."""
    rows: list[tuple[ButtonView, ...]] = []
    for kind in ScopeKind:
        buttons = [
            button(draft, _scope_button(s, content, locale), PICK, scope_spec(s))
            for s in scopes(content)
            if s.kind is kind
        ]
        rows += [tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2)]
    return (*rows, cancel_row(draft))


def _scope_button(scope: Scope, content: Content, locale: str) -> Label:
    if scope.kind is ScopeKind.SERVICE:
        return Text.of("maintenance-admin-service")
    if scope.kind is ScopeKind.CHANNEL:
        return Literal("💳 " + channel_name(scope.target or "", content, locale))
    return scope_label(scope, content, locale)


def variant_rows(draft: Draft, done: dict[str, str]) -> Rows:
    """A button per language (Add, or Replace once there is one), Continue, Cancel."""
    adds = tuple(
        button(
            draft,
            Text.of("broadcast-redo-variant" if code in done else "broadcast-add-variant",
                    language=name),
            ADD,
            code,
        )
        for code, name in LANGUAGE_NAMES.items()
    )  # fmt: skip
    return (adds, (button(draft, Text.of("broadcast-continue"), GO),), cancel_row(draft))


def languages_text(codes: list[str]) -> Literal:
    """Languages by their own names ("English, 繁體中文"); a dash for none."""
    return Literal(", ".join(LANGUAGE_NAMES[c] for c in codes if c in LANGUAGE_NAMES) or "—")


def messages_text(messages: dict[str, str]) -> Literal:
    """Each language's message, a line each, as the preview shows them."""
    return Literal("\n".join(f"{LANGUAGE_NAMES[code]}: {text}" for code, text in messages.items()))
