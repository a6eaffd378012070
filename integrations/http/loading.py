"""Reading a config file: YAML, an optional preset underneath, validation, and errors that
name the bad field.

``preset: epay_v1`` starts from integrations/http/presets/epay_v1.yaml; the operator's
keys are merged over it, mappings key by key. A few parts are replaced whole, because
half of one merged with half of another means nothing: ``auth``, ``challenge``, each
field of ``mapping`` and ``channel_mapping``, and an endpoint's ``success``,
``not_found``, ``match`` and ``result``. ``denylist`` entries are added, never removed.
"""

from __future__ import annotations

from collections.abc import Mapping
from fnmatch import fnmatchcase
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from integrations.http.config import HttpBackendConfig

_REPLACED = (
    "auth",
    "challenge",
    "mapping.*",
    "channel_mapping.*",
    "endpoints.*.success",
    "endpoints.*.not_found",
    "endpoints.*.match",
    "endpoints.*.result",
)
_EXTENDED = ("denylist",)


class HttpConfigError(ValueError):
    """The config cannot be used; the message names the file and the field."""


def preset_names() -> list[str]:
    """The presets shipped with kefu."""
    folder = resources.files("integrations.http.presets")
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


def _yaml(text: str, source: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        # Only where and what: the offending line is not quoted back (it might hold a
        # secret someone pasted in by mistake).
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise HttpConfigError(f"{source}: not valid YAML{where}") from None
    if not isinstance(data, dict):
        raise HttpConfigError(f"{source}: the config is a mapping of keys (base_url, ...)")
    return data


def preset(name: str) -> dict[str, Any]:
    """A preset's YAML as data."""
    if name not in preset_names():
        known = ", ".join(preset_names())
        raise HttpConfigError(f"preset: unknown preset {name!r} (known: {known})")
    path = resources.files("integrations.http.presets") / f"{name}.yaml"
    return _yaml(path.read_text(encoding="utf-8"), f"preset {name}")


def merge(base: Mapping[str, Any], over: Mapping[str, Any], trail: str = "") -> dict[str, Any]:
    """``over`` merged onto ``base`` (see the module's docstring for the rules)."""
    merged = dict(base)
    for key, value in over.items():
        here = f"{trail}.{key}" if trail else str(key)
        old = merged.get(key)
        if here in _EXTENDED and isinstance(old, list) and isinstance(value, list):
            merged[key] = old + [v for v in value if v not in old]
        elif (
            isinstance(old, dict)
            and isinstance(value, dict)
            and not any(fnmatchcase(here, p) for p in _REPLACED)
        ):
            merged[key] = merge(old, value, here)
        else:
            merged[key] = value
    return merged


def _explain(error: ValidationError) -> str:
    lines = []
    for problem in error.errors():
        loc = list(problem["loc"])
        # An auth block's errors carry its type as a step of their location
        # (auth.0.query.env): the operator wrote auth.0.env.
        if len(loc) > 2 and loc[0] == "auth" and isinstance(loc[1], int):
            del loc[2]
        where = ".".join(str(p) for p in loc)
        what = problem["msg"].removeprefix("Value error, ")
        lines.append(f"{where}: {what}" if where else what)
    return "; ".join(lines)


def config_from(data: Mapping[str, Any], source: str = "config") -> HttpBackendConfig:
    """A validated config from data (a preset underneath when it names one)."""
    data = dict(data)
    name = data.get("preset")
    if name is not None:
        if not isinstance(name, str):
            raise HttpConfigError(f"{source}: preset: a preset's name")
        try:
            data = merge(preset(name), data)
        except HttpConfigError as error:
            raise HttpConfigError(f"{source}: {error}") from None
    try:
        return HttpBackendConfig.model_validate(data)
    except ValidationError as error:
        raise HttpConfigError(f"{source}: {_explain(error)}") from None


def load_config(path: Path) -> HttpBackendConfig:
    """The config in a YAML file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise HttpConfigError(f"{path}: cannot read it ({error.strerror})") from None
    return config_from(_yaml(text, str(path)), str(path))
