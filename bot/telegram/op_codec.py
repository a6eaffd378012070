"""Operations as JSON, so a message to send can wait in the database (the durable outbox).

A row holds ``{"type": <class name>, ...fields}``; decoding validates the fields back into
the frozen dataclasses (nested buttons and album items included) with pydantic, so a row
written by another kefu version fails loudly rather than sending something else.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any, get_args

from pydantic import TypeAdapter

from bot.telegram.ops import Op

_KINDS: dict[str, type[Any]] = {cls.__name__: cls for cls in get_args(Op)}


def dump(op: Op) -> dict[str, Any]:
    """``op`` as a JSON-able dict."""
    return {"type": type(op).__name__, **_plain(op)}


def _plain(value: Any) -> Any:
    """What ``dataclasses.asdict`` gives, without its deep copy of every leaf: a str
    subclass (kefu's rendered HTML) deep-copies through pickling, and a reply with a
    keyboard has dozens, which made this the costliest step of handling a message."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, tuple | list):
        return type(value)(_plain(item) for item in value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    names = _field_names(type(value)) if dataclasses.is_dataclass(value) else None
    if names is None:
        return value
    return {name: _plain(getattr(value, name)) for name in names}


@cache
def _field_names(kind: type[Any]) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


def load(data: dict[str, Any]) -> Op:
    """The operation ``dump`` wrote; ValueError if it is not one."""
    fields = dict(data)
    kind = _KINDS.get(fields.pop("type", None))
    if kind is None:
        raise ValueError(f"not an operation: {data.get('type')!r}")
    return _adapter(kind).validate_python(fields)  # type: ignore[no-any-return]


@cache
def _adapter(kind: type[Any]) -> TypeAdapter[Any]:
    return TypeAdapter(kind)
