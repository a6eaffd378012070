"""One YAML file of operator content, read with the line of every node.

An operator fixes content from the problems alone, so each one reads
``path:line: location: reason``; the line comes from the YAML node tree (``yaml.compose``),
which pydantic's error locations (and the callers' cross-file checks) are mapped onto.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from dialogs.content.model import Loc, Located
from dialogs.languages import LOCALES

M = TypeVar("M", bound=BaseModel)


@dataclass
class YamlFile(Generic[M]):
    """One content file as far as it got: parsed (data and nodes) and perhaps validated."""

    path: Path
    parsed: bool = False
    data: Any = None
    node: yaml.Node | None = None
    model: M | None = None


def load_file(path: Path, model: type[M], problems: list[str]) -> YamlFile[M]:
    """The file as far as it loads, after adding each of its problems to ``problems``."""
    loaded: YamlFile[M] = YamlFile(path)
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
        problems.append(problem_at(path, loaded.node, loc, reason, line=line))
    try:
        validated = model.model_validate(loaded.data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            error = err.get("ctx", {}).get("error")
            if isinstance(error, Located):
                for sub, reason in error.problems:
                    problems.append(problem_at(path, loaded.node, (*err["loc"], *sub), reason))
            else:
                problems.append(problem_at(path, loaded.node, err["loc"], _reason(err)))
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


def problem_at(
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
