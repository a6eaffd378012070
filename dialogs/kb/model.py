"""The shape of ``kb.yaml``, the knowledge base: articles and the synonyms search knows.

An article answers one kind of question: its category (one of categories.yaml's, whose
report form "Report this problem" and "No" open), tags, a title and the ways users ask it
per locale (for search only), the answer per locale in Telegram HTML, and up to three
buttons (a link, or "Report this problem").
"""

from __future__ import annotations

import pydantic
from pydantic import BaseModel, ConfigDict, field_validator

from dialogs.content.model import ItemId, Loc, Localized, Located, _repeats
from dialogs.kb.telegram_html import html_problems

# Telegram allows 4,096 characters a message; the answer leaves room for "Did this solve
# it?" and the article's title above it.
ANSWER_LIMIT = 3500
MAX_BUTTONS = 3


class Questions(BaseModel):
    """The ways users ask an article's question, per locale (at least one each)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    en: tuple[str, ...] = pydantic.Field(min_length=1)
    zh_hans: tuple[str, ...] = pydantic.Field(alias="zh-Hans", min_length=1)
    zh_hant: tuple[str, ...] = pydantic.Field(alias="zh-Hant", min_length=1)

    def all(self) -> tuple[str, ...]:
        return (*self.en, *self.zh_hans, *self.zh_hant)


class KbButton(BaseModel):
    """A button under an answer: a link (``url`` and ``title``) or ``report: true``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str | None = None
    title: Localized | None = None
    report: bool = False

    @pydantic.model_validator(mode="after")
    def _one_kind(self) -> KbButton:
        if self.report and (self.url or self.title):
            raise ValueError("a button is a link (url, title) or report: true, not both")
        if not self.report:
            if not self.url or self.title is None:
                raise ValueError("a link button needs a url and a title")
            if not self.url.startswith(("https://", "http://", "tg://")):
                raise Located((("url",), "must start with https://, http:// or tg://"))
        return self


class Article(BaseModel):
    """One answer of the knowledge base."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: ItemId
    category: ItemId
    tags: tuple[str, ...] = ()
    title: Localized
    questions: Questions
    answer: Localized
    buttons: tuple[KbButton, ...] = pydantic.Field(default=(), max_length=MAX_BUTTONS)

    @field_validator("answer")
    @classmethod
    def _telegram_html(cls, v: Localized) -> Localized:
        problems: list[tuple[Loc, str]] = [
            ((locale,), f"not valid Telegram HTML: {problem}")
            for locale, text in v.items()
            for problem in html_problems(text, ANSWER_LIMIT)
        ]
        if problems:
            raise Located(*problems)
        return v

    def search_texts(self) -> list[str]:
        """What search reads: the titles, the question variants, the tags."""
        return [*(t for _, t in self.title.items()), *self.questions.all(), " ".join(self.tags)]

    @property
    def reportable(self) -> bool:
        return any(b.report for b in self.buttons)


class KbFile(BaseModel):
    """``kb.yaml``."""

    model_config = ConfigDict(extra="forbid")

    synonyms: tuple[tuple[str, ...], ...] = ()
    articles: tuple[Article, ...] = ()

    @field_validator("synonyms")
    @classmethod
    def _groups(cls, v: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
        short = [((i,), "a synonym group needs two words or more") for i, g in enumerate(v)]
        if found := [p for p, g in zip(short, v, strict=True) if len(g) < 2]:
            raise Located(*found)
        return v

    @field_validator("articles")
    @classmethod
    def _unique(cls, v: tuple[Article, ...]) -> tuple[Article, ...]:
        if found := _repeats([a.id for a in v], "article id", (), "id"):
            raise Located(*found)
        return v
