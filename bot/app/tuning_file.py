"""KEFU_TUNING: a YAML file of the numbers a deployment may change, over the defaults.

Only the numbers named change; the others keep :class:`~bot.app.tuning.Tuning`'s defaults.
A name that is not one (a typo) or a value out of range stops kefu at start with the path
of the key, rather than being ignored::

    outbox:
      group_per_minute: 20
    fleet:
      lease: 15
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from bot.app.tuning import Tuning
from bot.config import ConfigError


def load_tuning(path: Path | None) -> Tuning:
    """The defaults, with the file's numbers (None: the defaults)."""
    if path is None:
        return Tuning()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"KEFU_TUNING: cannot read {path}: {exc}") from None
    unknown = list(_unknown(data, Tuning, ""))
    if unknown:
        raise ConfigError(f"KEFU_TUNING {path}: not a tuning number: {', '.join(unknown)}")
    try:
        return TypeAdapter(Tuning).validate_python(data)
    except ValidationError as exc:
        where = "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_url=False)
        )
        raise ConfigError(f"KEFU_TUNING {path}: {where}") from None


def _unknown(data: Any, kind: type, prefix: str) -> list[str]:
    """The keys of ``data`` that name no field of ``kind`` (nested ones with their path)."""
    if not isinstance(data, dict):
        return [] if prefix else ["(the file is not a mapping of names to numbers)"]
    names = {f.name for f in dataclasses.fields(kind)}
    found = []
    for key, value in data.items():
        if key not in names:
            found.append(prefix + str(key))
            continue
        nested = _nested(kind, key)
        if nested is not None:
            found += _unknown(value, nested, f"{prefix}{key}.")
    return found


def _nested(kind: type, name: str) -> type | None:
    """The dataclass type of field ``name``, if it is one (annotations are strings here,
    so it is read off the default)."""
    field = next(f for f in dataclasses.fields(kind) if f.name == name)
    made = field.default_factory() if callable(field.default_factory) else None
    return type(made) if made is not None and dataclasses.is_dataclass(made) else None
