"""The shapes of the content files, as pydantic models, and the loaded ``Content``.

Each model checks its own rules. A rule about one key of a bigger object raises
``Located``, which carries that key, so the loader can point at its exact line instead of at
the start of the object.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Literal, get_args

import pydantic
from pydantic import AfterValidator, BaseModel, ConfigDict, PrivateAttr, field_validator

if TYPE_CHECKING:
    from dialogs.content.desk_model import DeskFile

Kind = Literal["when", "text", "error", "order", "screenshots", "choice", "amount"]
KINDS: tuple[str, ...] = get_args(Kind)
# Kinds whose answer is (or may be) typed text, so a length limit applies.
TEXT_KINDS = frozenset({"when", "text", "error", "order"})
# Kinds whose typed answer is matched against ``pattern`` (a when or an error is free-form).
PATTERN_KINDS = frozenset({"text", "order"})
DEFAULT_MAX_LENGTH = 1000
DEFAULT_MAX_COUNT = 10

Loc = tuple[str | int, ...]


class Located(ValueError):
    """One or more rule breaches, each at a location relative to the validated value."""

    def __init__(self, *problems: tuple[Loc, str]) -> None:
        super().__init__("; ".join(reason for _, reason in problems))
        self.problems = problems


def _id_rule(limit: int) -> AfterValidator:
    pattern = re.compile(rf"^[a-z0-9_]{{1,{limit}}}$")

    def check(v: str) -> str:
        if not pattern.match(v):
            raise ValueError(f"must be 1-{limit} characters of a-z, 0-9 and _")
        return v

    return AfterValidator(check)


def _currency(v: str) -> str:
    if not re.fullmatch(r"[A-Z][A-Z0-9]{1,9}", v):
        raise ValueError("must be a currency code in capitals, like CNY, USD or USDT")
    return v


# Ids end up in ticket rows and in callback data (64 bytes in all), hence short and plain.
ItemId = Annotated[str, _id_rule(24)]
ChoiceId = Annotated[str, _id_rule(16)]
Currency = Annotated[str, AfterValidator(_currency)]


class Localized(BaseModel):
    """A text per locale; every locale kefu speaks must have one."""

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        frozen=True,
        str_strip_whitespace=True,
        coerce_numbers_to_str=True,  # an unquoted example like 10086532 is still a text
    )

    en: str = pydantic.Field(min_length=1)
    zh_hans: str = pydantic.Field(alias="zh-Hans", min_length=1)
    zh_hant: str = pydantic.Field(alias="zh-Hant", min_length=1)

    def get(self, locale: str) -> str:
        return {"en": self.en, "zh-Hans": self.zh_hans, "zh-Hant": self.zh_hant}.get(
            locale, self.en
        )

    def items(self) -> list[tuple[str, str]]:
        return [("en", self.en), ("zh-Hans", self.zh_hans), ("zh-Hant", self.zh_hant)]


class Choice(BaseModel):
    """One button of a ``choice`` field; ``id`` is what the ticket stores."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: ChoiceId
    title: Localized


class Field(BaseModel):
    """One question of a report form (see the comments in ``fields.yaml``).

    The kind-specific keys are None for kinds they do not apply to, so a reader can trust
    that e.g. ``max_length`` is an int for every text kind and ``choices`` a list for a
    choice.
    """

    model_config = ConfigDict(extra="forbid")

    kind: Kind
    required: bool = True
    label: Localized
    prompt: Localized
    pattern: str | None = None
    example: Localized | None = None
    max_length: int | None = pydantic.Field(default=None, ge=1, le=4000)
    choices: list[Choice] | None = None
    currencies: list[Currency] | None = None
    max_count: int | None = pydantic.Field(default=None, ge=1, le=10)
    # The id is the key in fields.yaml, not a value in it: private, so `id:` is refused.
    _id: str = PrivateAttr(default="")

    @property
    def id(self) -> str:
        return self._id

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, v: str | None) -> str | None:
        if v is not None:
            try:
                re.compile(v)
            except re.error as exc:
                raise ValueError(f"is not a valid regular expression ({exc})") from None
        return v

    def accepts(self, text: str) -> bool:
        """Whether typed ``text`` fits ``pattern`` (whole text, surrounding spaces ignored)."""
        return self.pattern is None or re.fullmatch(self.pattern, text.strip()) is not None

    @pydantic.model_validator(mode="after")
    def _kind_rules(self) -> Field:
        kind = self.kind
        problems: list[tuple[Loc, str]] = []

        def only_for(key: str, kinds: frozenset[str], what: str) -> None:
            # Defaults are filled in below, after this check, so a value here was written.
            if getattr(self, key) is not None and kind not in kinds:
                problems.append(((key,), f"only {what} fields take {key}, not a {kind} field"))

        only_for("pattern", PATTERN_KINDS, "text and order")
        only_for("max_length", TEXT_KINDS, "when, text, error and order")
        only_for("choices", frozenset({"choice"}), "choice")
        only_for("currencies", frozenset({"amount"}), "amount")
        only_for("max_count", frozenset({"screenshots"}), "screenshots")
        if kind == "order" and self.pattern is None:
            problems.append((("pattern",), "an order field needs a pattern to check it against"))
        if kind == "choice":
            problems += _choice_problems(self.choices)
        if kind == "amount" and not self.currencies:
            problems.append((("currencies",), "an amount field needs currencies (e.g. [CNY])"))
        elif kind == "amount" and self.currencies:
            problems += _repeats(self.currencies, "currency", ("currencies",))
        if self.example is None and (kind == "order" or self.pattern is not None):
            # The example is what a refused answer shows the user to copy the shape from.
            problems.append((("example",), "needs an example (shown when an answer does not fit)"))
        elif self.example is not None and self.pattern is not None:
            for locale, text in self.example.items():
                if not self.accepts(text):
                    problems.append(
                        (("example", locale), f"example {text!r} does not match the pattern")
                    )
        if problems:
            raise Located(*problems)
        if kind in TEXT_KINDS and self.max_length is None:
            self.max_length = DEFAULT_MAX_LENGTH
        if kind == "screenshots" and self.max_count is None:
            self.max_count = DEFAULT_MAX_COUNT
        return self


def _choice_problems(choices: list[Choice] | None) -> list[tuple[Loc, str]]:
    if not choices or len(choices) < 2:
        return [(("choices",), "a choice field needs choices (at least two)")]
    return _repeats([c.id for c in choices], "choice id", ("choices",), "id")


def _repeats(keys: list[str], what: str, at: Loc, sub: str = "") -> list[tuple[Loc, str]]:
    """A problem at each later copy of a key (``at``.i[.``sub``]); the first one stands."""
    seen: set[str] = set()
    found: list[tuple[Loc, str]] = []
    for i, k in enumerate(keys):
        if k in seen:
            found.append(((*at, i, *((sub,) if sub else ())), f"{what} {k!r} appears twice"))
        seen.add(k)
    return found


class Category(BaseModel):
    """A problem category: its menu title and the form asked, field by field, in order."""

    model_config = ConfigDict(extra="forbid")

    id: ItemId
    title: Localized
    form: list[ItemId] = pydantic.Field(min_length=1)
    urgent: bool = False
    # Money paid (or withdrawn) that has not arrived: the agents on duty are alerted even
    # outside working hours.
    money: bool = False

    @field_validator("form")
    @classmethod
    def _no_repeats(cls, v: list[str]) -> list[str]:
        if found := _repeats(v, "field", ()):
            raise Located(*found)
        return v


class CategoriesFile(BaseModel):
    """``categories.yaml``."""

    model_config = ConfigDict(extra="forbid")

    categories: list[Category] = pydantic.Field(min_length=1)

    @field_validator("categories")
    @classmethod
    def _unique(cls, v: list[Category]) -> list[Category]:
        if found := _repeats([c.id for c in v], "category id", (), "id"):
            raise Located(*found)
        return v


class FieldsFile(BaseModel):
    """``fields.yaml``: the library of fields, by id."""

    model_config = ConfigDict(extra="forbid")

    fields: dict[ItemId, Field] = pydantic.Field(min_length=1)

    @field_validator("fields")
    @classmethod
    def _name(cls, v: dict[str, Field]) -> dict[str, Field]:
        for field_id, field in v.items():
            field._id = field_id
        return v


@dataclass(frozen=True)
class Content:
    """Everything operators configure, loaded and checked (every form id is a known field)."""

    categories: tuple[Category, ...]
    fields: dict[str, Field]
    desk: DeskFile

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def form(self, category_id: str) -> list[Field]:
        """The fields of a category's form, in asking order; KeyError for an unknown id."""
        category = self.category(category_id)
        if category is None:
            raise KeyError(category_id)
        return [self.fields[f] for f in category.form]

    def order_example(self) -> str:
        """An order number as the forms show one (their first order field's example)."""
        for f in self.fields.values():
            if str(f.kind) == "order" and f.example is not None:
                return f.example.get("en")
        return "P20240521-004817"
