"""What the knowledge base shows: the articles found as buttons, an article with "Did this
solve it?", and the answer an agent sends. Button data: ``kb:<what>:<article id>``."""

from __future__ import annotations

from collections.abc import Sequence

from dialogs.kb.model import Article
from dialogs.kb.search import Hit
from dialogs.views import ButtonView, Html, Label, Literal, Text, View

PREFIX = "kb"
OPEN = "a"  # show the article
SOLVED = "y"
NOT_SOLVED = "n"
REPORT = "r"  # the article's own "Report this problem"


def data(what: str, article_id: str) -> str:
    return f"{PREFIX}:{what}:{article_id}"


def parse(button_data: str) -> tuple[str, str] | None:
    """(what, article id) of a knowledge-base button, or None for any other data."""
    parts = button_data.split(":")
    if len(parts) != 3 or parts[0] != PREFIX or parts[1] not in (OPEN, SOLVED, NOT_SOLVED, REPORT):
        return None
    return parts[1], parts[2]


def found_view(
    heading: Label, hits: Sequence[Hit], locale: str, after: Sequence[tuple[ButtonView, ...]] = ()
) -> View:
    """The articles found, a button each (best first), then ``after`` (a person, the menu)."""
    rows = [(ButtonView(Literal(h.article.title.get(locale)), data(OPEN, h.article.id)),)
            for h in hits]  # fmt: skip
    return View(parts=(heading,), buttons=(*rows, *after))


def article_view(article: Article, locale: str, *, feedback: bool = True) -> View:
    """The answer, its links and "Report this problem"; with ``feedback``, "Did this solve
    it?" Yes and No below (not when an agent sent it: the ticket is the way on)."""
    rows: list[tuple[ButtonView, ...]] = []
    for button in article.buttons:
        if button.url and button.title is not None:
            rows.append((ButtonView(Literal(button.title.get(locale)), url=button.url),))
        elif button.report and feedback:
            rows.append((ButtonView(Text.of("kb-report"), data(REPORT, article.id)),))
    parts: tuple[Label, ...] = (Html(article.answer.get(locale)),)
    if feedback:
        parts = (*parts, Text.of("kb-did-it-help"))
        rows.append(
            (
                ButtonView(Text.of("kb-yes"), data(SOLVED, article.id)),
                ButtonView(Text.of("kb-no"), data(NOT_SOLVED, article.id)),
            )
        )
    return View(parts=parts, buttons=tuple(rows))
