"""The report's state machine: (draft, event) in, (new draft, actions) out.

States (see states.mmd): choose a category (after a deep link) → one state per form field →
summary → submitted; an edit from the summary asks one field and returns; cancel leaves
from anywhere; a returning user is offered to resume. No I/O: Submit returns a FileTicket
action for the executor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any
from zoneinfo import ZoneInfo

from dialogs.actions import Action, AnswerButton, FileTicket, ResultOf, Send, ToDesk
from dialogs.content import Content
from dialogs.events import Inbound, Kind
from dialogs.report import answers, views
from dialogs.report.draft import (
    CHOOSE,
    ORDER_HINT,
    QUESTION,
    RESUME,
    SNAPSHOT,
    SUMMARY,
    Draft,
    decode,
)
from dialogs.tickets.report import NO_SCREENSHOTS, ticket_from_report
from dialogs.user import menu
from dialogs.views import ButtonView, Text, View


@dataclass
class Step:
    """The engine's answer: the draft to keep (None: forget it) and what to send."""

    draft: Draft | None
    actions: list[Action] = field(default_factory=list)


class ReportEngine:
    """Runs report forms from the content; every method returns a Step."""

    def __init__(self, content: Content, tz: ZoneInfo, *, desk: bool = False) -> None:
        """``desk``: an agents' desk is there to answer (without one, no reply is
        promised)."""
        self.content = content
        self.tz = tz
        self.desk = desk

    # --- entering -----------------------------------------------------------------------

    def start(self, category_id: str, locale: str, prefill: dict[str, Any] | None = None) -> Step:
        draft = Draft(category=category_id, answers=dict(prefill or {}))
        return self._next(draft, locale)

    @staticmethod
    def start_with_order(order: str) -> Draft:
        """A deep link gave the order number: keep it until the category is chosen."""
        return Draft(category="", answers={ORDER_HINT: order}, step=CHOOSE)

    def offer_resume(self, draft: Draft, locale: str) -> Step:
        if draft.step == RESUME:
            draft.step = draft.resume_to or SUMMARY
        draft.resume_to, draft.step = draft.step, RESUME
        draft.renew()
        return Step(draft, [Send(views.resume_offer(draft, self._title(draft, locale)))])

    def cancel(self, draft: Draft, locale: str) -> Step:
        """Forget the draft, say what was discarded, and offer the main menu's buttons (the
        report's own buttons are gone: without these the user would face a dead end)."""
        buttons = self._menu_buttons(locale)
        if not draft.category:
            plain = View(parts=(Text.of("report-cancelled-plain"),), buttons=buttons)
            return Step(None, [Send(plain)])
        text = Text.of(
            "report-cancelled", category=self._title(draft, locale), count=draft.answered
        )
        return Step(None, [Send(View(parts=(text,), buttons=buttons))])

    # --- inside a report ----------------------------------------------------------------

    def handle(self, event: Inbound, draft: Draft, locale: str, user_id: int) -> Step:
        if event.kind is Kind.BUTTON:
            return self._button(event, draft, locale, user_id)
        if event.kind is Kind.EDITED:
            return Step(draft)  # an answer already taken stays as it was
        if draft.step in (SUMMARY, RESUME, CHOOSE):
            return self._repeat(draft, locale, Text.of("report-use-buttons"))
        current = self._field(draft, draft.step)
        if current is None:
            return self._next(draft, locale)
        outcome = answers.accept(current, event, locale, self.tz)
        if isinstance(outcome, answers.Refused):
            return self._repeat(draft, locale, outcome.reason)
        if str(current.kind) == "screenshots":
            return self._add_images(draft, current, outcome.value, locale)
        draft.answers[current.id] = outcome.value
        return self._next(draft, locale)

    def _button(self, event: Inbound, draft: Draft, locale: str, user_id: int) -> Step:
        press = decode(event.button_data or "")
        if press is None or press.token != draft.token:
            return self._repeat(draft, locale, Text.of("button-expired"), AnswerButton())
        actions: list[Action] = [AnswerButton()]
        if press.action == "x":
            step = self.cancel(draft, locale)
        elif press.action == "go" and draft.step == RESUME:
            # Where they were, or the first field never asked (the form may have grown).
            draft.step = draft.resume_to or SUMMARY
            step = self._next(draft, locale)
        elif press.action == "new" and draft.step == RESUME:
            step = self.start(draft.category, locale)
        elif press.action == "ok" and draft.step == SUMMARY:
            step = self._submit(draft, locale, user_id)
        elif press.action == "e" and draft.step == SUMMARY:
            step = self._edit(draft, press.arg, locale)
        elif press.action == "k" and draft.editing:
            draft.editing = False
            step = self._summary(draft, locale)
        else:
            step = self._field_button(draft, press.action, press.arg, event, locale)
        return Step(step.draft, actions + step.actions)

    def _field_button(
        self, draft: Draft, action: str, arg: str, event: Inbound, locale: str
    ) -> Step:
        current = self._field(draft, draft.step)
        if current is None:
            return self._repeat(draft, locale, Text.of("button-expired"))
        kind = str(current.kind)
        if action == "s" and not current.required:
            draft.answers[current.id] = (
                draft.answers.get(current.id) if kind == "screenshots" else None
            )
            return self._next(draft, locale)
        images = answers.images_of(draft.answers, current) if kind == "screenshots" else []
        if action == "d" and images:
            return self._next(draft, locale)
        if action == "n" and kind == "screenshots" and current.required and not images:
            # "I don't have one": a required screenshot must not stop a user who has none;
            # the marker answers the field and tells the agent why no image came.
            draft.answers[current.id] = NO_SCREENSHOTS
            return self._next(draft, locale)
        if action == "q" and kind == "when":
            outcome = answers.quick(arg, event, self.tz)
        elif action == "c" and kind == "choice" and any(c.id == arg for c in current.choices):
            outcome = answers.Accepted(arg)
        else:
            return self._repeat(draft, locale, Text.of("button-expired"))
        if isinstance(outcome, answers.Refused):
            return self._repeat(draft, locale, outcome.reason)
        draft.answers[current.id] = outcome.value
        return self._next(draft, locale)

    def _add_images(self, draft: Draft, current: Any, images: list[Any], locale: str) -> Step:
        have = answers.images_of(draft.answers, current)  # images replace "I don't have one"
        room = current.max_count - len(have)
        if room <= 0:
            return self._repeat(
                draft, locale, Text.of("report-images-full", limit=current.max_count)
            )
        draft.answers[current.id] = have + images[:room]
        return self._ask(draft, current, locale)  # more may come: ask again, now with "Done"

    def _edit(self, draft: Draft, arg: str, locale: str) -> Step:
        fields = self._fields(draft)
        if not (arg.isascii() and arg.isdigit()) or int(arg) >= len(fields):  # not "²"
            return self._repeat(draft, locale, Text.of("button-expired"))
        target = fields[int(arg)]
        draft.editing = True
        draft.step = target.id
        return self._ask(draft, target, locale)

    def _submit(self, draft: Draft, locale: str, user_id: int) -> Step:
        fields = self._fields(draft)
        missing = [f for f in fields if f.required and draft.answers.get(f.id) in (None, [])]
        if missing:  # the form gained a required field since the summary was shown
            return self._next(draft, locale)
        meta = self.content.category(draft.category)
        ticket = ticket_from_report(
            user_id,
            draft.category,
            fields,
            draft.answers,
            linked_order=draft.answers.get(ORDER_HINT),
            snapshot=draft.answers.get(SNAPSHOT),
            question=draft.answers.get(QUESTION),
            urgent=bool(meta is not None and meta.urgent),
            urgent_word=self.content.desk.urgent_word,
        )
        title = self._title(draft, locale)
        if not self.desk:  # no agents' desk: promise no reply, say where it is
            filed = Text.of("report-filed-no-desk", id=ResultOf("ticket"), category=title)
        else:
            # The wait is added by the desk, from the queue as it is (never a fixed promise).
            filed = Text.of("report-filed", id=ResultOf("ticket"), category=title)
        # The menu follows, as after a cancel: the report's buttons are spent.
        confirmation = View(parts=(filed,), buttons=self._menu_buttons(locale))
        if not self.desk:
            return Step(None, [FileTicket(ticket), Send(confirmation)])
        return Step(None, [FileTicket(ticket), ToDesk(ResultOf("ticket")), Send(confirmation)])

    def again(self, draft: Draft, locale: str) -> Step:
        """The present step asked again (something came between: an order's check)."""
        current = self._field(draft, draft.step)
        if current is not None and not draft.editing:
            return self._ask(draft, current, locale)
        return self._summary(draft, locale) if draft.step == SUMMARY else self._next(draft, locale)

    def field(self, draft: Draft, field_id: str) -> Any:
        """The draft's form field ``field_id`` (None: not in its form)."""
        return self._field(draft, field_id)

    # --- moving on ----------------------------------------------------------------------

    def _next(self, draft: Draft, locale: str) -> Step:
        """Ask the first field never asked (kept answers stay); else show the summary."""
        if draft.editing:
            draft.editing = False
            return self._summary(draft, locale)
        fields = self._fields(draft)
        for f in fields:
            if f.id not in draft.answers and self._prefilled(draft, f):
                continue
            if f.id not in draft.answers:
                draft.step = f.id
                return self._ask(draft, f, locale)
        return self._summary(draft, locale)

    def _prefilled(self, draft: Draft, f: Any) -> bool:
        """Take a deep link's order number into the form's order field, if its shape fits."""
        order = draft.answers.get(ORDER_HINT)
        if order is None or str(f.kind) != "order":
            return False
        del draft.answers[ORDER_HINT]
        if f.pattern and not re.fullmatch(f.pattern, order):
            return False  # a link with a malformed number: ask as usual
        draft.answers[f.id] = order
        return True

    def _ask(self, draft: Draft, f: Any, locale: str) -> Step:
        draft.renew()
        fields = self._fields(draft)
        position = (next(i for i, x in enumerate(fields) if x.id == f.id) + 1, len(fields))
        return Step(draft, [Send(self._with_person(views.prompt(f, draft, locale, position)))])

    def _summary(self, draft: Draft, locale: str) -> Step:
        draft.step = SUMMARY
        draft.renew()
        view = views.summary(
            self._fields(draft), draft, self._title(draft, locale), locale, self.tz
        )
        return Step(draft, [Send(self._with_person(view))])

    def _with_person(self, view: View) -> View:
        """Where agents answer, every step offers a person too (what was answered so far
        goes along)."""
        if not self.desk:
            return view
        person = (ButtonView(Text.of("menu-human"), menu.HUMAN),)
        return replace(view, buttons=(*view.buttons, person))

    def _repeat(self, draft: Draft, locale: str, why: Text, *first: Action) -> Step:
        """Say why, and show the current step again (with fresh buttons)."""
        if draft.step == SUMMARY:
            again = self._summary(draft, locale)
        elif draft.step == RESUME:
            again = self.offer_resume(draft, locale)
        elif draft.step == CHOOSE:
            return Step(draft, [*first, Send(View(parts=(why,)))])
        else:
            current = self._field(draft, draft.step)
            again = self._ask(draft, current, locale) if current else self._next(draft, locale)
        return Step(again.draft, [*first, Send(View(parts=(why,))), *again.actions])

    # --- content ------------------------------------------------------------------------

    def _menu_buttons(self, locale: str) -> tuple[tuple[ButtonView, ...], ...]:
        return menu.main_menu(self.content, locale, human=self.desk).buttons

    def _fields(self, draft: Draft) -> list[Any]:
        return (
            list(self.content.form(draft.category)) if self.content.category(draft.category) else []
        )

    def _field(self, draft: Draft, field_id: str) -> Any:
        return next((f for f in self._fields(draft) if f.id == field_id), None)

    def _title(self, draft: Draft, locale: str) -> str:
        category = self.content.category(draft.category)
        return category.title.get(locale) if category else draft.category
