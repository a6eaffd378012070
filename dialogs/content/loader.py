"""Reading the content folder: YAML in, ``Content`` out, or every problem at its line.

An operator fixes content from the problems alone, so each one reads
``path:line: location: reason``; the line comes from the YAML node tree (``yaml.compose``),
which pydantic's error locations and the cross-file checks are mapped onto.
"""

from __future__ import annotations

import difflib
from importlib.resources import files
from pathlib import Path
from typing import Any

from dialogs.content.desk_model import DeskFile
from dialogs.content.model import CategoriesFile, Content, FieldsFile, Loc
from dialogs.content.yaml_file import YamlFile, load_file, problem_at

CATEGORIES_FILE = "categories.yaml"
FIELDS_FILE = "fields.yaml"
DESK_FILE = "desk.yaml"
KB_FILE = "kb.yaml"  # read by dialogs.kb.loader, on its own: /kb_reload reads it again
CONTENT_FILES = (CATEGORIES_FILE, FIELDS_FILE, DESK_FILE, KB_FILE)


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
    fields = load_file(folder / FIELDS_FILE, FieldsFile, problems)
    categories = load_file(folder / CATEGORIES_FILE, CategoriesFile, problems)
    if fields.parsed and categories.parsed:
        # On the raw data, so an unknown id shows even while other problems fail a model.
        problems += _unknown_fields(categories, _keys(fields.data, "fields"))
    # A folder copied before the desk existed has no desk.yaml: the shipped lists serve.
    desk_path = folder / DESK_FILE
    desk = load_file(desk_path if desk_path.is_file() else shipped_dir() / DESK_FILE, DeskFile,
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


def _keys(data: Any, key: str) -> set[str]:
    inner = data.get(key) if isinstance(data, dict) else None
    return {str(k) for k in inner} if isinstance(inner, dict) else set()


def _unknown_fields(categories: YamlFile[CategoriesFile], known: set[str]) -> list[str]:
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
                found.append(problem_at(categories.path, categories.node, loc, reason))
    return found


def _unknown_channels(desk: YamlFile[DeskFile], fields: FieldsFile) -> list[str]:
    """desk.yaml's channel tags naming no choice of their field: they would never apply."""
    tags = desk.model.tags if desk.model else None
    if tags is None or not tags.channels:
        return []
    field = fields.fields.get(tags.channel_field)
    if field is None or field.choices is None:
        reason = f"{tags.channel_field!r} is not a choice field of {FIELDS_FILE}"
        return [problem_at(desk.path, desk.node, ("tags", "channel_field"), reason)]
    known = [c.id for c in field.choices]
    found = []
    for choice in tags.channels:
        if choice not in known:
            reason = f"{choice!r} is not a choice of {tags.channel_field} ({', '.join(known)})"
            found.append(problem_at(desk.path, desk.node, ("tags", "channels", choice), reason))
    return found


def _group_problems(desk: YamlFile[DeskFile], categories: set[str]) -> list[str]:
    """desk.yaml's groups naming a category that does not exist, or a group twice."""
    found, seen = [], set()
    for i, group in enumerate(desk.model.groups if desk.model else ()):
        for category in group.categories:
            if category not in categories:
                reason = f"{category!r} is not a category of {CATEGORIES_FILE}"
                found.append(problem_at(desk.path, desk.node, ("groups", i, "categories"), reason))
        if group.chat_id in seen:
            reason = f"the group {group.chat_id} is listed twice"
            found.append(problem_at(desk.path, desk.node, ("groups", i, "chat_id"), reason))
        seen.add(group.chat_id)
    return found
