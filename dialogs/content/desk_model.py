"""``desk.yaml``: what the desk listens for in a user's words, per locale, and the agents'
canned replies.

``handoff_words`` are what a user writes to ask for a person ("人工", "human"...);
``urgent_words`` raise a ticket's priority (anger, fraud, the police, a chargeback, large
sums). Matching ignores case and width, so "ＨＵＭＡＮ" is "human". ``macros`` are the texts
``/reply <id>`` sends, each in the user's language.
"""

from __future__ import annotations

import re
import unicodedata

import pydantic
from pydantic import BaseModel, ConfigDict, field_validator

from dialogs.content.model import ItemId, Localized

Words = list[str]


def fold(text: str) -> str:
    """``text`` as words are compared: NFKC (full-width to half-width), case folded."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


class WordLists(BaseModel):
    """A list of words or phrases per locale; every locale kefu speaks must have one."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    en: Words = pydantic.Field(min_length=1)
    zh_hans: Words = pydantic.Field(alias="zh-Hans", min_length=1)
    zh_hant: Words = pydantic.Field(alias="zh-Hant", min_length=1)

    @field_validator("en", "zh_hans", "zh_hant")
    @classmethod
    def _folded(cls, v: Words) -> Words:
        words = [fold(str(w)) for w in v]
        if any(not w for w in words):
            raise ValueError("a word may not be empty")
        return words

    def all(self) -> tuple[str, ...]:
        """Every locale's words: a user may write in a language other than their setting."""
        return (*self.en, *self.zh_hans, *self.zh_hant)


class Burst(BaseModel):
    """``messages`` or more from a user within ``seconds`` raise their ticket to high."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    messages: int = pydantic.Field(default=6, ge=2)
    seconds: int = pydantic.Field(default=60, ge=1)


class DeskFile(BaseModel):
    """``desk.yaml``."""

    model_config = ConfigDict(extra="forbid")

    handoff_words: WordLists
    urgent_words: WordLists
    burst: Burst = pydantic.Field(default_factory=Burst)
    macros: dict[ItemId, Localized] = pydantic.Field(default_factory=dict)

    def asks_for_person(self, text: str, *, whole: bool) -> bool:
        """Whether ``text`` asks for a person: holds a hand-off word, or (``whole``, in
        the middle of a form, where an answer may mention one) is nothing but one."""
        said = fold(text).strip(" .!?。！？~～…,，")
        if whole:
            return said in self.handoff_words.all()
        return any(holds(said, word) for word in self.handoff_words.all())

    def urgent_word(self, text: str) -> str | None:
        """The first urgent word ``text`` holds, if any."""
        said = fold(text)
        return next((w for w in self.urgent_words.all() if holds(said, w)), None)


def holds(text: str, word: str) -> bool:
    """Whether folded ``text`` holds ``word``: as a whole word where words are spaced
    ("agent" is not in "management"), anywhere in Chinese, which has no spaces."""
    if word.isascii():
        return re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", text) is not None
    return word in text
