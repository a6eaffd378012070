"""How one setting's text is read: a duration, a database URL, a host:port address."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}
_DURATION_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "": 60}


def address(listen: str) -> tuple[str, int]:
    host, _, port = listen.rpartition(":")
    return host.strip("[]"), int(port)


def parse_duration(text: str) -> timedelta:
    """ "90s", "15m", "24h", "3d", or a bare number of minutes; anything else is refused."""
    found = _DURATION_RE.match(text.lower())
    if not found or float(found.group(1)) <= 0:
        raise ValueError("is not a duration (expected a number with s, m, h or d, like 15m)")
    return timedelta(seconds=float(found.group(1)) * _UNIT_SECONDS[found.group(2)])


def normalise_database_url(raw: str) -> URL:
    """Parse a database URL and pick kefu's async driver for its backend."""
    try:
        url = make_url(raw)
    except ArgumentError:
        raise ValueError(
            "is not a database URL (expected sqlite+aiosqlite:///path.db "
            "or postgresql+asyncpg://user@host/db)"
        ) from None
    backend = url.get_backend_name()
    if backend not in _ASYNC_DRIVERS:
        raise ValueError(f"names an unsupported database '{backend}' (use sqlite or postgresql)")
    return url.set(drivername=_ASYNC_DRIVERS[backend])
