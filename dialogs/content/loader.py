"""Reading the content folder: YAML in, ``Content`` out, or every problem at its line.

An operator fixes content from the problems alone, so each one reads
``path:line: location: reason``; the line comes from the YAML node tree (``yaml.compose``),
which pydantic's error locations and the cross-file checks are mapped onto.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from dialogs.content.desk_model import DeskFile
from dialogs.content.model import (
    CategoriesFile,
    Content,
    FieldsFile,
    Loc,
    Located,
)
from dialogs.languages import LOCALES

CATEGORIES_FILE = "categories.yaml"
FIELDS_FILE = "fields.yaml"
DESK_FILE = "desk.yaml"
CONTENT_FILES = (CATEGORIES_FILE, FIELDS_FILE, DESK_FILE)
M = TypeVar("M", bound=BaseModel)


class ContentError(Exception):
    """Content that cannot be used; ``problems`` lists each with its file and line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def shipped_dir() -> Path:
    return Path(str(files("dialogs.content")))


def load_content(directory: Path | None = None) -> Content:
    """Load and validate the content folder (the shipped one by default).

    Raises ContentError naming every problem found, in both files, not just the first.
    """
    folder = directory or shipped_dir()
    if not folder.is_dir():
        raise ContentError([f"{folder}: not a folder (copy one with `kefu content init`)"])
    problems: list[str] = []
    fields = _load(folder / FIELDS_FILE, FieldsFile, problems)
    categories = _load(folder / CATEGORIES_FILE, CategoriesFile, problems)
    if fields.parsed and categories.parsed:
        # On the raw data, so an unknown id shows even while other problems fail a model.
        problems += _unknown_fields(categories, _keys(fields.data, "fields"))
    # A folder copied before the desk existed has no desk.yaml: the shipped lists serve.
    desk_path = folder / DESK_FILE
    desk = _load(desk_path if desk_path.is_file() else shipped_dir() / DESK_FILE, DeskFile,
                 problems)  # fmt: skip
    # Channel tags name choices of fields.yaml. The shipped desk.yaml standing in for a
    # missing one may name choices the operator's fields lack: those tags never apply.
    if fields.model is not None and desk_path.is_file():
        problems += _unknown_channels(desk, fields.model)
    if desk.model is not None and categories.model is not None:
        problems += _group_problems(desk, {c.id for c in categories.model.categories})
    if problems or fields.model is None or categories.model is None or desk.model is None:
        raise ContentError(problems)
    return Content(
        categories=tuple(categories.model.categories),
        fields=dict(fields.model.fields),
        desk=desk.model,
    )


@dataclass
class _File(Generic[M]):
    """One content file as far as it got: parsed (data and nodes) and perhaps validated."""

    path: Path
    parsed: bool = False
    data: Any = None
    node: yaml.Node | None = None
    model: M | None = None


def _keys(data: Any, key: str) -> set[str]:
    inner = data.get(key) if isinstance(data, dict) else None
    return {str(k) for k in inner} if isinstance(inner, dict) else set()


def _unknown_fields(categories: _File[CategoriesFile], known: set[str]) -> list[str]:
    """Form entries naming no field of fields.yaml, each at the line of the id."""
    items = categories.data.get("categories") if isinstance(categories.data, dict) else None
    found = []
    for i, category in enumerate(items if isinstance(items, list) else []):
        form = category.get("form") if isinstance(category, dict) else None
        for j, field_id in enumerate(form if isinstance(form, list) else []):
            if isinstance(field_id, str) and field_id not in known:
                close = difflib.get_close_matches(field_id, sorted(known), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                reason = f"unknown field {field_id!r} (not in {FIELDS_FILE}){hint}"
                loc: Loc = ("categories", i, "form", j)
                found.append(_problem(categories.path, categories.node, loc, reason))
    return found


def _unknown_channels(desk: _File[DeskFile], fields: FieldsFile) -> list[str]:
    """desk.yaml's channel tags naming no choice of their field: they would never apply."""
    tags = desk.model.tags if desk.model else None
    if tags is None or not tags.channels:
        return []
    field = fields.fields.get(tags.channel_field)
    if field is None or field.choices is None:
        reason = f"{tags.channel_field!r} is not a choice field of {FIELDS_FILE}"
        return [_problem(desk.path, desk.node, ("tags", "channel_field"), reason)]
    known = [c.id for c in field.choices]
    found = []
    for choice in tags.channels:
        if choice not in known:
            reason = f"{choice!r} is not a choice of {tags.channel_field} ({', '.join(known)})"
            found.append(_problem(desk.path, desk.node, ("tags", "channels", choice), reason))
    return found


def _group_problems(desk: _File[DeskFile], categories: set[str]) -> list[str]:
    """desk.yaml's groups naming a category that does not exist, or a group twice."""
    found, seen = [], set()
    for i, group in enumerate(desk.model.groups if desk.model else ()):
        for category in group.categories:
            if category not in categories:
                reason = f"{category!r} is not a category of {CATEGORIES_FILE}"
                found.append(_problem(desk.path, desk.node, ("groups", i, "categories"), reason))
        if group.chat_id in seen:
            reason = f"the group {group.chat_id} is listed twice"
            found.append(_problem(desk.path, desk.node, ("groups", i, "chat_id"), reason))
        seen.add(group.chat_id)
    return found


def _load(path: Path, model: type[M], problems: list[str]) -> _File[M]:
    """The file as far as it loads, after adding each of its problems to ``problems``."""
    loaded: _File[M] = _File(path)
    if not path.is_file():
        problems.append(f"{path}: file not found (copy the shipped one with `kefu content init`)")
        return loaded
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: cannot be read ({exc})")
        return loaded
    try:
        loaded.node = yaml.compose(raw, Loader=yaml.SafeLoader)
        loaded.data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem, context = getattr(exc, "problem", None), getattr(exc, "context", None)
        what = f"{problem} ({context})" if problem and context else problem or str(exc)
        problems.append(f"{path}{line}: not valid YAML: {what}")
        return loaded
    except ValueError as exc:  # a scalar YAML reads as a date but no calendar has: 2026-13-01
        problems.append(f"{path}:{_bad_date_line(loaded.node)}: not a valid date ({exc})")
        return loaded
    loaded.parsed = True
    before = len(problems)
    for loc, line, first in _repeated_keys(loaded.node):
        reason = f"appears twice (first on line {first}); only the last would count"
        problems.append(_problem(path, loaded.node, loc, reason, line=line))
    try:
        validated = model.model_validate(loaded.data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            error = err.get("ctx", {}).get("error")
            if isinstance(error, Located):
                for sub, reason in error.problems:
                    problems.append(_problem(path, loaded.node, (*err["loc"], *sub), reason))
            else:
                problems.append(_problem(path, loaded.node, err["loc"], _reason(err)))
        return loaded
    if len(problems) == before:
        loaded.model = validated
    return loaded


def _bad_date_line(node: yaml.Node | None) -> int:
    """The line of the first scalar YAML takes for a date and cannot make one of."""
    stack = [node] if node is not None else []
    while stack:
        n = stack.pop(0)
        if isinstance(n, yaml.ScalarNode) and n.tag == "tag:yaml.org,2002:timestamp":
            try:
                yaml.SafeLoader.construct_yaml_timestamp(yaml.SafeLoader(""), n)
            except ValueError:
                return n.start_mark.line + 1
        elif isinstance(n, yaml.MappingNode):
            stack[:0] = [part for pair in n.value for part in pair]  # in reading order
        elif isinstance(n, yaml.SequenceNode):
            stack[:0] = n.value
    return 1


def _reason(err: Any) -> str:
    """pydantic's message, reworded where an operator would otherwise have to decode it."""
    loc, kind = err["loc"], err["type"]
    locale = loc[-1] if loc and loc[-1] in LOCALES else None
    if kind == "missing":
        return f"the {locale} text is missing" if locale else "is required but missing"
    if kind == "string_too_short" and locale:
        return f"the {locale} text is empty"
    if not loc and kind == "model_type":
        return "the file is empty" if err.get("input") is None else "must be a mapping of keys"
    if kind == "extra_forbidden":
        return "unknown key (a typo, or in the wrong place?)"
    if kind == "value_error":
        return str(err["ctx"]["error"])
    if kind == "too_short":
        return "must not be empty"
    return str(err["msg"])


def _problem(
    path: Path, node: yaml.Node | None, loc: Loc, reason: str, line: int | None = None
) -> str:
    line = line or _line_of(node, loc)
    if loc and loc[-1] == "[key]":  # pydantic's marker for a bad mapping key: the id itself
        loc, reason = loc[:-1], f"id {reason}"
    where = ".".join(str(p) for p in loc)
    return f"{path}:{line}: {where + ': ' if where else ''}{reason}"


def _line_of(node: yaml.Node | None, loc: Loc) -> int:
    """The 1-based line of the YAML node at ``loc`` (or of its nearest parent).

    Inside a mapping the line is that of the key, so a nested object or a missing key is
    reported where the operator sees its name, not one line below.
    """
    line = node.start_mark.line + 1 if node else 1
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == key), None)
            if pair is None:  # a missing key (or pydantic's "[key]"): stay on the parent
                break
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _repeated_keys(node: yaml.Node | None) -> list[tuple[Loc, int, int]]:
    """Keys given twice in one mapping: location, line, and the line of the first copy.

    PyYAML silently keeps the last copy, which would hide e.g. a field defined twice.
    """
    found: list[tuple[Loc, int, int]] = []
    seen_nodes: set[int] = set()  # aliases can make the tree a graph, even a cycle

    def walk(n: yaml.Node, loc: Loc) -> None:
        if id(n) in seen_nodes:
            return
        seen_nodes.add(id(n))
        if isinstance(n, yaml.MappingNode):
            first: dict[str, int] = {}
            for k, v in n.value:
                if isinstance(k, yaml.ScalarNode):
                    line = k.start_mark.line + 1
                    if k.value in first:
                        # Given by line: _line_of, looking up by key, would find the first copy.
                        found.append(((*loc, k.value), line, first[k.value]))
                    else:
                        first[k.value] = line
                walk(v, (*loc, k.value))
        elif isinstance(n, yaml.SequenceNode):
            for i, item in enumerate(n.value):
                walk(item, (*loc, i))

    if node is not None:
        walk(node, ())
    return found
