"""The knowledge base in a user's chat: a question typed at the menu is searched first; an
article opened asks "Did this solve it?"; No opens the report form of the article's
category with the question carried into it; a report about to be sent offers, in its
summary, the articles that may answer it ("These may help").

The question is kept in the draft (``QUESTION``) between the search and the answer to "Did
this solve it?": button data cannot carry it, and the report it may become needs it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dialogs.actions import Action, Send
from dialogs.content import Content
from dialogs.events import Inbound
from dialogs.kb.actions import KbOutcome, RecordKb
from dialogs.kb.library import KnowledgeBase
from dialogs.kb.views import OPEN, SOLVED, article_view, found_view, parse
from dialogs.report.draft import (
    CHOOSE,
    OFFERED,
    ORDER_HINT,
    QUESTION,
    SNAPSHOT,
    SUMMARY,
    Draft,
)
from dialogs.report.engine import ReportEngine, Step
from dialogs.user import menu
from dialogs.views import Text, View

# What of a draft at the menu (CHOOSE) lives on into the report it may become.
KEPT = (ORDER_HINT, SNAPSHOT, QUESTION)
QUESTION_LIMIT = 500  # kept for the report and /stats; the whole message reaches agents
_QUERY_KINDS = ("error", "text")


class KbRoute:
    """The knowledge base's part of the router (see dialogs.router)."""

    def __init__(self, kb: KnowledgeBase, report: ReportEngine, content: Content) -> None:
        self.kb = kb
        self.report = report
        self.content = content

    def ask(self, event: Inbound, draft: Draft | None, locale: str, menu_view: View) -> Step:
        """Free text at the menu: the articles that answer it, or (none answering well
        enough) the menu, whose last rows are "Talk to a person", My tickets, Language."""
        question = (event.text or "").strip()[:QUESTION_LIMIT]
        hits = self.kb.search(question)
        asked = Draft(category="", answers={**kept(draft), QUESTION: question}, step=CHOOSE)
        if not hits:
            person = any(b.data == menu.HUMAN for row in menu_view.buttons for b in row)
            key = "kb-nothing" if person else "kb-nothing-no-desk"
            nothing = View(parts=(Text.of(key),), buttons=menu_view.buttons)
            record = RecordKb(KbOutcome.NOTHING, question=question)
            # No question kept: nothing is offered whose answer needs it, and an earlier
            # one must not reach a report it was not asked for (nothing is written when
            # there was none: a draft per message would be most of this message's cost).
            left = _without(draft, QUESTION) if draft and QUESTION in draft.answers else draft
            return Step(left, [record, Send(nothing, reply_to=event.message_id)])
        # After the answers: the menu's own last rows (a person; tickets and language).
        after = (*menu_view.buttons[len(self.content.categories) :],)
        view = found_view(Text.of("kb-found"), hits, locale, after)
        record = RecordKb(KbOutcome.FOUND, hits[0].article.id, question)
        return Step(asked, [record, Send(view, reply_to=event.message_id)])

    def button(
        self, event: Inbound, draft: Draft | None, locale: str, menu_view: View
    ) -> Step | None:
        """A knowledge-base button; None for any other button."""
        parsed = parse(event.button_data or "")
        if parsed is None:
            return None
        what, article_id, token = parsed
        in_report = draft is not None and draft.under_way
        article = self.kb.article(article_id)
        if article is None:  # removed by a reload since it was offered
            if in_report and draft is not None:
                return self._back(draft, locale, "kb-article-gone")
            return Step(draft, [Send(_with(menu_view, "kb-article-gone"))])
        if what == OPEN:
            question = draft.answers.get(QUESTION) if draft is not None else None
            record = [RecordKb(KbOutcome.OPENED, article.id, question)] if draft else []
            view = article_view(article, locale, token=draft.token if draft else "-")
            return Step(draft, [*record, Send(view)])
        # Yes and No answer the question (or report) the article was opened for, once: the
        # answer renews the draft's token, and an old or forged press (its token not the
        # draft's) changes nothing and is not counted.
        current = draft is not None and token == draft.token
        record: list[Action] = []
        if current and draft is not None:
            outcome = KbOutcome.SOLVED if what == SOLVED else KbOutcome.NOT_SOLVED
            record.append(RecordKb(outcome, article.id, draft.answers.get(QUESTION)))
        if what == SOLVED and in_report and draft is not None:
            if not current:
                return self._back(draft, locale, "button-expired")
            # Solved: the report is not needed.
            return Step(None, [*record, Send(_with(menu_view, "kb-glad-report"))])
        if what == SOLVED:
            left = _without(draft, QUESTION) if current else draft
            if left is not None and current:
                left.renew()
            return Step(left, [*record, Send(_with(menu_view, "kb-glad"))])
        # NOT_SOLVED or REPORT: on to a person, through the report
        if in_report and draft is not None:
            back = self._back(draft, locale, "kb-back-to-report")
            return Step(back.draft, [*record, *back.actions])
        started = self.report.start(article.category, locale, {**kept(draft), OFFERED: True})
        told = Send(View(parts=(Text.of("kb-to-report"),)))
        return Step(started.draft, [*record, told, *started.actions])

    def _back(self, draft: Draft, locale: str, key: str) -> Step:
        """Say ``key``, and the report's present step again."""
        again = self.report.again(draft, locale)
        return Step(again.draft, [Send(View(parts=(Text.of(key),))), *again.actions])

    def may_help(self, step: Step, locale: str) -> Step:
        """At a report's summary, once: the articles of its category that match what the
        user told (the error, their words, the choices), offered in the summary itself,
        above Submit. Not for a report that began with "No": the user has read them."""
        draft = step.draft
        if draft is None or draft.step != SUMMARY or draft.answers.get(OFFERED):
            return step
        draft.answers[OFFERED] = True
        told = [
            _said(f, draft.answers.get(f.id), locale) for f in self.content.form(draft.category)
        ]
        hits = self.kb.search(" ".join(t for t in told if t), category=draft.category)
        summary = next((a for a in reversed(step.actions) if isinstance(a, Send)), None)
        if not hits or summary is None:
            return step
        offer = found_view(Text.of("kb-may-help"), hits, locale)
        view = replace(
            summary.view,
            parts=(*summary.view.parts, *offer.parts),
            buttons=(*offer.buttons, *summary.view.buttons),
        )
        actions = [replace(a, view=view) if a is summary else a for a in step.actions]
        return Step(draft, actions)


def _said(field: Any, value: Any, locale: str) -> str:
    """What an answer says in words (a choice by its title), for search."""
    kind = str(field.kind)
    if kind in _QUERY_KINDS and isinstance(value, dict):
        return str(value.get("text") or "")
    if kind in _QUERY_KINDS and isinstance(value, str):
        return value
    if kind == "choice" and field.choices:
        return next((c.title.get(locale) for c in field.choices if c.id == value), "")
    return ""


def kept(draft: Draft | None) -> dict[str, Any]:
    """What of a menu's draft goes on into a report (see KEPT)."""
    return {k: v for k, v in draft.answers.items() if k in KEPT} if draft is not None else {}


def _with(menu_view: View, key: str) -> View:
    return View(parts=(Text.of(key),), buttons=menu_view.buttons)


def _without(draft: Draft | None, key: str) -> Draft | None:
    """The draft less ``key``; None when nothing else is left of a menu draft."""
    if draft is None:
        return None
    draft.answers.pop(key, None)
    if draft.step == CHOOSE and not draft.answers:
        return None
    return draft
