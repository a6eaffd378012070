"""``desk.yaml``: what the desk listens for in a user's words, per locale, and the agents'
canned replies.

``handoff_words`` are what a user writes to ask for a person ("人工", "human"...);
``urgent_words`` raise a ticket's priority (anger, fraud, the police, a chargeback, large
sums). Matching ignores case and width, so "ＨＵＭＡＮ" is "human". ``macros`` are the texts
``/reply <id>`` sends, each in the user's language. ``hours`` says when agents are there
(open around the clock without it), ``tags`` how a new ticket is tagged, ``spam`` which
phrases mark a message as advertising or a scam.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from datetime import date
from typing import Annotated, Any

import pydantic
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    PrivateAttr,
    field_validator,
    model_validator,
)

from dialogs.content.model import ChoiceId, ItemId, Loc, Localized, Located
from dialogs.desk.groups import DeskGroup
from dialogs.desk.hours import DAY, DAY_NAMES, Span, WorkingHours, parse_days, parse_span, zone
from dialogs.desk.spam import DEFAULT_THRESHOLD, SpamWords, squeeze
from dialogs.tickets.tags import TagRules

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
    """``messages`` or more from a user within ``seconds``: for ``burst:``, their ticket
    is raised to high; for ``flood:``, what they send on is held back and reaches the
    topic as one relay when the window ends."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    messages: int = pydantic.Field(default=6, ge=2)
    seconds: int = pydantic.Field(default=60, ge=1)


def _tag(v: str) -> str:
    # Agents' own tags are cut at 32 characters (dialogs.desk.commands): the same here.
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,31}", v):
        raise ValueError("a tag is 1-32 characters of a-z, 0-9, _ and -")
    return v


Tag = Annotated[str, AfterValidator(_tag)]


class Hours(BaseModel):
    """``hours:``: ranges by day of week and holidays, in ``timezone`` (see
    dialogs.desk.hours). A day not listed is closed; a value is a list of ranges or
    ``closed``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    timezone: str
    days: dict[str, Any] = pydantic.Field(min_length=1)
    holidays: dict[Any, Any] = pydantic.Field(default_factory=dict)
    _built: WorkingHours = PrivateAttr(default_factory=WorkingHours.always)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, v: str) -> str:
        zone(v)
        return v

    @model_validator(mode="after")
    def _build(self) -> Hours:
        problems: list[tuple[Loc, str]] = []
        weekly: dict[int, tuple[Span, ...]] = {}
        for key, value in self.days.items():
            try:
                days = parse_days(str(key))
            except ValueError as exc:
                problems.append((("days", key), str(exc)))
                continue
            spans = _spans(value, ("days", key), problems)
            for day in days:
                if day in weekly:
                    problems.append((("days", key), f"{DAY_NAMES[day]} is given twice"))
                weekly[day] = spans
        holidays: dict[date, tuple[Span, ...]] = {}
        for key, value in self.holidays.items():
            at: Loc = ("holidays", str(key))
            try:
                # YAML makes a date of 2026-10-01 (and a datetime, which is no day, of more).
                day = key if type(key) is date else date.fromisoformat(str(key))
            except ValueError:
                problems.append((at, f"bad date {str(key)!r} (write YYYY-MM-DD)"))
                continue
            if day in holidays:
                problems.append((at, f"{day} is given twice"))
            holidays[day] = _spans(value, at, problems)
        if problems:
            raise Located(*problems)
        week = tuple(weekly.get(d, ()) for d in range(7))
        self._built = WorkingHours(zone(self.timezone), week, holidays)
        return self

    @property
    def working_hours(self) -> WorkingHours:
        return self._built


def _spans(value: Any, at: Loc, problems: list[tuple[Loc, str]]) -> tuple[Span, ...]:
    """A day's ranges ("closed", one range, or a list of them), problems added."""
    if value is None or (isinstance(value, str) and value.strip().lower() == "closed"):
        return ()
    found: list[Span] = []
    for i, item in enumerate(value if isinstance(value, list) else [value]):
        where = (*at, i) if isinstance(value, list) else at
        if not isinstance(item, str):
            # YAML reads an unquoted 10:00 as the number 600.
            problems.append((where, "write closed or ranges in quotes, like '09:00-21:00'"))
            continue
        try:
            found.append(parse_span(item))
        except ValueError as exc:
            problems.append((where, str(exc)))
    found.sort()
    for a, b in itertools.pairwise(found):
        if b.start < a.end:
            problems.append((at, f"ranges {a} and {b} overlap"))
    return tuple(found)


class Tags(BaseModel):
    """``tags:``: how a new ticket is tagged (see dialogs.tickets.tags): ``channels`` maps
    a choice of ``channel_field`` to a tag, ``time_of_day`` names ranges of the day."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    channel_field: ItemId = "payment_channel"
    channels: dict[ChoiceId, Tag] = pydantic.Field(default_factory=dict)
    time_of_day: dict[Tag, str] = pydantic.Field(default_factory=dict)
    _rules: TagRules = PrivateAttr(default_factory=TagRules)

    @model_validator(mode="after")
    def _build(self) -> Tags:
        problems: list[tuple[Loc, str]] = []
        buckets: list[tuple[str, Span]] = []
        for name, text in self.time_of_day.items():
            try:
                span = parse_span(str(text))
            except ValueError as exc:
                problems.append((("time_of_day", name), str(exc)))
                continue
            for other, earlier in buckets:
                if _overlap(span, earlier):
                    problems.append((("time_of_day", name), f"overlaps {other} ({earlier})"))
            buckets.append((name, span))
        if problems:
            raise Located(*problems)
        self._rules = TagRules(self.channel_field, dict(self.channels), tuple(buckets))
        return self

    @property
    def rules(self) -> TagRules:
        return self._rules


def _overlap(a: Span, b: Span) -> bool:
    """Whether two ranges of the day share a moment, either running past midnight."""
    pieces = [[(s.start, min(s.end, DAY)), (0, max(0, s.end - DAY))] for s in (a, b)]
    return any(x0 < y1 and y0 < x1 for x0, x1 in pieces[0] for y0, y1 in pieces[1])


class Spam(BaseModel):
    """``spam:``: phrases per locale that mark a message as spam, found with fuzzy matching
    (see dialogs.desk.spam); ``threshold`` is the least score (50-100) that counts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    threshold: int = pydantic.Field(default=DEFAULT_THRESHOLD, ge=50, le=100)
    words: WordLists
    _matcher: SpamWords = PrivateAttr(default_factory=lambda: SpamWords(()))

    @model_validator(mode="after")
    def _build(self) -> Spam:
        problems: list[tuple[Loc, str]] = []
        for locale, words in (("en", self.words.en), ("zh-Hans", self.words.zh_hans),
                              ("zh-Hant", self.words.zh_hant)):  # fmt: skip
            for i, word in enumerate(words):
                if len(squeeze(word)) < 2:
                    reason = f"{word!r} is too short to match safely (2 letters at least)"
                    problems.append((("words", locale, i), reason))
        if problems:
            raise Located(*problems)
        self._matcher = SpamWords(self.words.all(), self.threshold)
        return self


class DeskFile(BaseModel):
    """``desk.yaml``."""

    model_config = ConfigDict(extra="forbid")

    handoff_words: WordLists
    urgent_words: WordLists
    burst: Burst = pydantic.Field(default_factory=Burst)
    flood: Burst = pydantic.Field(default_factory=lambda: Burst(messages=20, seconds=60))
    macros: dict[ItemId, Localized] = pydantic.Field(default_factory=dict)
    hours: Hours | None = None
    tags: Tags = pydantic.Field(default_factory=Tags)
    spam: Spam | None = None
    groups: tuple[DeskGroup, ...] = ()  # more agents' groups, by category or language

    @property
    def working_hours(self) -> WorkingHours:
        """The desk's opening hours; around the clock when ``hours:`` is not given."""
        return self.hours.working_hours if self.hours else WorkingHours.always()

    @property
    def tag_rules(self) -> TagRules:
        """How a new ticket is tagged (dialogs.tickets.tags.auto_tags)."""
        return self.tags.rules

    @property
    def spam_words(self) -> SpamWords:
        """The spam phrases of every locale; none when ``spam:`` is not given."""
        return self.spam._matcher if self.spam else SpamWords(())

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
