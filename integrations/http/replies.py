"""Reading one reply by its endpoint's config, in order: a not-found test on the status
alone (a 404 may not be JSON); the body as JSON; the not-found tests on the body; the
success test; the payload at its path (and, for a list, the item `match` keeps); the
denylisted fields stripped. What comes out is the payload or NOT_FOUND; what cannot be
read raises `ReplyError`, whose text quotes at most the platform's own message.
"""

from __future__ import annotations

import json
from typing import Any

from integrations.http.mapping import MISSING, Denylist, holds, lookup
from integrations.http.specs import Endpoint

NOT_FOUND: Any = object()


class ReplyError(ValueError):
    """The reply is not one kefu can read (not JSON, not a success, no payload)."""


def _not_found(endpoint: Endpoint, status: int, body: Any) -> bool:
    for test in endpoint.not_found:
        condition = test.condition()
        if (
            condition is not None
            and (test.status is None or status in test.status)
            and holds(condition, body)
        ):
            return True
    return False


def _succeeded(endpoint: Endpoint, status: int, body: Any) -> bool:
    success = endpoint.success
    condition = success.condition()
    ok_status = status in success.status if success.status else 200 <= status < 300
    return ok_status and (condition is None or holds(condition, body))


def payload_of(
    endpoint: Endpoint, status: int, raw: bytes, match: str | None, denylist: Denylist
) -> Any:
    """The endpoint's payload in this reply, or NOT_FOUND; ``match`` is the rendered value
    the endpoint's `match` filter keeps."""
    if any(t.field is None and t.status and status in t.status for t in endpoint.not_found):
        return NOT_FOUND
    try:
        body = json.loads(raw)
    except ValueError:
        raise ReplyError(f"the reply is not JSON (HTTP {status})") from None
    if _not_found(endpoint, status, body):
        return NOT_FOUND
    if not _succeeded(endpoint, status, body):
        said = lookup(body, endpoint.message) if endpoint.message else MISSING
        quoted = f": {said[:200]!r}" if isinstance(said, str) and said else ""
        raise ReplyError(f"the shop did not answer with success (HTTP {status}){quoted}")
    payload = lookup(body, endpoint.payload)
    if payload is MISSING:
        raise ReplyError(f"no payload at {endpoint.payload!r}")
    if endpoint.match is not None and payload is not None:
        if not isinstance(payload, list):
            raise ReplyError("the payload is not a list to match in")
        kept = [item for item in payload if holds(endpoint.match, item, match)]
        if not kept:
            return NOT_FOUND
        payload = kept[0]
    return denylist.strip(payload)
