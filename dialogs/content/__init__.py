"""Operator content: categories (and, with the report forms, their fields) as YAML.

pydantic validates it at start; a problem names the file, the line and the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

LOCALES = ("en", "zh-Hans", "zh-Hant")
_ID = re.compile(r"^[a-z0-9_]{1,24}$")
M = TypeVar("M", bound=BaseModel)


class ContentError(Exception):
    """Content that cannot be used; ``problems`` lists each with its file and line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class Localized(BaseModel):
    """A text per locale; every locale kefu speaks must have one."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    en: str = Field(min_length=1)
    zh_hans: str = Field(alias="zh-Hans", min_length=1)
    zh_hant: str = Field(alias="zh-Hant", min_length=1)

    def get(self, locale: str) -> str:
        return {"en": self.en, "zh-Hans": self.zh_hans, "zh-Hant": self.zh_hant}.get(
            locale, self.en
        )


class Category(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: Localized

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError("must be 1-24 characters of a-z, 0-9 and _")
        return v


class CategoriesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    categories: list[Category] = Field(min_length=1)

    @field_validator("categories")
    @classmethod
    def _unique(cls, v: list[Category]) -> list[Category]:
        seen: set[str] = set()
        for c in v:
            if c.id in seen:
                raise ValueError(f"category id {c.id!r} appears twice")
            seen.add(c.id)
        return v


@dataclass(frozen=True)
class Content:
    """Everything operators configure, loaded and checked."""

    categories: tuple[Category, ...]

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)


def shipped_dir() -> Path:
    return Path(str(files("dialogs.content")))


def load_content(directory: Path | None = None) -> Content:
    """Load and validate the content folder (the shipped one by default)."""
    folder = directory or shipped_dir()
    categories = _load(folder / "categories.yaml", CategoriesFile)
    return Content(categories=tuple(categories.categories))


def _load(path: Path, model: type[M]) -> M:
    if not path.is_file():
        raise ContentError([f"{path}: file not found"])
    try:
        raw = path.read_text(encoding="utf-8")
        node = yaml.compose(raw)
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise ContentError(
            [f"{path}{line}: not valid YAML ({getattr(exc, 'problem', exc)})"]
        ) from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_input=False, include_url=False):
            where = ".".join(str(p) for p in err["loc"])
            problems.append(f"{path}:{_line_of(node, err['loc'])}: {where}: {err['msg']}")
        raise ContentError(problems) from None


def _line_of(node: yaml.Node | None, loc: tuple[int | str, ...]) -> int:
    """The 1-based line of the YAML node at ``loc`` (or of its nearest parent)."""
    line = node.start_mark.line + 1 if node else 1
    for key in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == key), None)
            if child is None:  # a missing key: point at its mapping
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            child = node.value[key]
        if child is None:
            break
        node = child
        line = node.start_mark.line + 1
    return line
