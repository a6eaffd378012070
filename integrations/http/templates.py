"""Placeholders in endpoint templates: ``/orders/{number}``, ``{limit}``, ``{pid}``.

Only bare names are allowed (no ``{a.b}``, ``{a[0]}``, ``{a!r}`` or ``{a:>5}``): a
template is operator text, and Python's full format language would let it reach into the
values' attributes. A name is checked against what the endpoint can supply when the config
is loaded, so a typo fails at start, not on the first customer's question.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from urllib.parse import quote

_FORMATTER = string.Formatter()


def placeholders(template: str) -> set[str]:
    """The names a template uses; ValueError when it is not a plain ``{name}`` template."""
    names: set[str] = set()
    for _, name, spec, conversion in _FORMATTER.parse(template):
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValueError(f"{template!r}: a placeholder is a bare name such as {{number}}")
        names.add(name)
    return names


def render(template: str, values: Mapping[str, str], *, in_path: bool = False) -> str:
    """The template with each ``{name}`` replaced; in a URL path each value is quoted whole
    (a ``/`` in an order number must not open another path segment)."""
    out: list[str] = []
    for literal, name, _, _ in _FORMATTER.parse(template):
        out.append(literal)
        if name is not None:
            value = values[name]
            out.append(quote(value, safe="") if in_path else value)
    return "".join(out)
