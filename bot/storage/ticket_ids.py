"""Public ticket ids like ``K-7F3Q2``: random, short, easy to read aloud, never sequential.

Crockford's base32 leaves out I, L, O and U, so an id read off a phone screen cannot be
mistyped as another; :func:`normalise` also accepts the usual slips (o for 0, l for 1).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "K-"
LENGTH = 5
_SLIPS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SHAPE = re.compile(rf"^{PREFIX}[{ALPHABET}]{{{LENGTH}}}$")

IdFactory = Callable[[], str]


def new_public_id() -> str:
    """A fresh random id (32**5, about 33 million, possible; collisions are retried)."""
    return PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(text: str) -> str | None:
    """The canonical form of an id a person typed, or None if it cannot be one."""
    body = text.strip().upper().replace(" ", "")
    if body.startswith(PREFIX):
        body = body.removeprefix(PREFIX)
    elif body.startswith(PREFIX[0]) and len(body) == LENGTH + 1:  # "K7F3Q2": no dash
        body = body[1:]
    candidate = PREFIX + body.translate(_SLIPS)
    return candidate if _SHAPE.match(candidate) else None
