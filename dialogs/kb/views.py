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


def data(what: str, article_id: str, token: str = "") -> str:
    """``token``: the draft's when the article was opened (dialogs.report.draft), which its
    Yes and No answer; an article's own button carries none."""
    return f"{PREFIX}:{what}:{article_id}" + (f":{token}" if token else "")


def parse(button_data: str) -> tuple[str, str, str] | None:
    """(what, article id, token or "") of a knowledge-base button; None for other data."""
    parts = button_data.split(":")
    if not 3 <= len(parts) <= 4 or parts[0] != PREFIX:
        return None
    if parts[1] not in (OPEN, SOLVED, NOT_SOLVED, REPORT) or not parts[2]:
        return None
    return parts[1], parts[2], parts[3] if len(parts) == 4 else ""


def found_view(
    heading: Label, hits: Sequence[Hit], locale: str, after: Sequence[tuple[ButtonView, ...]] = ()
) -> View:
    """The articles found, a button each (best first), then ``after`` (a person, the menu)."""
    rows = [(ButtonView(Literal(h.article.title.get(locale)), data(OPEN, h.article.id)),)
            for h in hits]  # fmt: skip
    return View(parts=(heading,), buttons=(*rows, *after))


def article_view(article: Article, locale: str, *, token: str | None = None) -> View:
    """The answer, its links and "Report this problem"; with a ``token`` (the draft's, see
    data()), "Did this solve it?" Yes and No below. None when an agent sent it: the ticket
    is the way on."""
    feedback = token is not None
    rows: list[tuple[ButtonView, ...]] = []
    for button in article.buttons:
        if button.url and button.title is not None:
            rows.append((ButtonView(Literal(button.title.get(locale)), url=button.url),))
        elif button.report and feedback:
            rows.append((ButtonView(Text.of("kb-report"), data(REPORT, article.id, token or "")),))
    parts: tuple[Label, ...] = (Html(article.answer.get(locale)),)
    if feedback:
        parts = (*parts, Text.of("kb-did-it-help"))
        rows.append(
            (
                ButtonView(Text.of("kb-yes"), data(SOLVED, article.id, token or "")),
                ButtonView(Text.of("kb-no"), data(NOT_SOLVED, article.id, token or "")),
            )
        )
    return View(parts=parts, buttons=tuple(rows))


def shown_article(view: View) -> str | None:
    """The article ``view`` shows, named by its Yes, No or Report buttons (an article's
    own view: a list of articles found only offers to open them); None for other views."""
    for row in view.buttons:
        for button in row:
            parsed = parse(button.data)
            if parsed is not None and parsed[0] != OPEN:
                return parsed[1]
    return None
