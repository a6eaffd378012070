"""What the report shows: a field's prompt, the summary, the offer to resume."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from dialogs.report.answers import display, images_of
from dialogs.report.draft import Draft
from dialogs.views import ButtonView, Literal, Text, View

Rows = tuple[tuple[ButtonView, ...], ...]
QUICK_LABELS = {
    "just_now": "report-when-just-now",
    "within_hour": "report-when-within-hour",
    "earlier_today": "report-when-earlier-today",
    "yesterday": "report-when-yesterday",
}


def _pairs(buttons: list[ButtonView]) -> list[tuple[ButtonView, ...]]:
    return [tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2)]


def prompt(field: Any, draft: Draft, locale: str, position: tuple[int, int]) -> View:
    """Ask for one field: its prompt, its example, and the buttons its kind offers."""
    parts: list[Text | Literal] = [
        Text.of("report-step", number=position[0], total=position[1]),
        Literal(field.prompt.get(locale)),
    ]
    if field.example is not None:
        parts.append(Text.of("report-example", example=Literal(field.example.get(locale))))
    rows: list[tuple[ButtonView, ...]] = []
    kind = str(field.kind)
    if kind == "when":
        quick = [
            ButtonView(Text.of(label), draft.button("q", key))
            for key, label in QUICK_LABELS.items()
        ]
        rows += _pairs(quick)
    elif kind == "choice":
        choices = [
            ButtonView(Literal(c.title.get(locale)), draft.button("c", c.id)) for c in field.choices
        ]
        rows += _pairs(choices)
    elif kind == "screenshots":
        count = len(images_of(draft.answers, field))
        if count:
            parts.append(Text.of("report-images-so-far", count=count))
            rows.append((ButtonView(Text.of("report-done"), draft.button("d")),))
        elif field.required:  # else a user without a screenshot could never go on
            rows.append((ButtonView(Text.of("report-no-images"), draft.button("n")),))
    last: list[ButtonView] = []
    if not field.required and not (kind == "screenshots" and images_of(draft.answers, field)):
        last.append(ButtonView(Text.of("report-skip"), draft.button("s")))
    if draft.editing:
        last.append(ButtonView(Text.of("report-keep"), draft.button("k")))
    last.append(ButtonView(Text.of("report-cancel"), draft.button("x")))
    rows.append(tuple(last))
    return View(parts=tuple(parts), buttons=tuple(rows), separator="\n")


def summary(
    fields: list[Any], draft: Draft, category_title: str, locale: str, tz: ZoneInfo
) -> View:
    lines: list[Text | Literal] = [Text.of("report-summary", category=category_title)]
    edits: list[ButtonView] = []
    for index, field in enumerate(fields):
        if field.id not in draft.answers:
            continue
        value = display(field, draft.answers[field.id], locale, tz)
        lines.append(
            Text.of("report-summary-line", label=Literal(field.label.get(locale)), value=value)
        )
        edits.append(
            ButtonView(
                Text.of("report-edit", label=Literal(field.label.get(locale))),
                draft.button("e", str(index)),
            )
        )
    rows: Rows = (
        *_pairs(edits),
        (
            ButtonView(Text.of("report-submit"), draft.button("ok")),
            ButtonView(Text.of("report-cancel"), draft.button("x")),
        ),
    )
    return View(parts=tuple(lines), buttons=rows, separator="\n")


def resume_offer(draft: Draft, category_title: str) -> View:
    return View(
        parts=(Text.of("report-resume", category=category_title, count=draft.answered),),
        buttons=(
            (
                ButtonView(Text.of("report-continue"), draft.button("go")),
                ButtonView(Text.of("report-start-over"), draft.button("new")),
            ),
        ),
    )
