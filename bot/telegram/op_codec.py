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
    return {"type": type(op).__name__, **dataclasses.asdict(op)}


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
