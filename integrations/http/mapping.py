"""From a platform's JSON to kefu's models: dotted paths, loose comparisons, the denylist,
the status rules and map, and the ownership facts and how answers to them are judged.

Everything here is pure (no I/O, no clock): the backend hands in the payload and the time.
A reply that does not fit raises `MappingError`, whose text names the field and the
problem but never quotes a value beyond a raw status word: a value may be a customer's
e-mail, and a wrong-shape error ends up in logs.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError

from dialogs.ports.orders import ChallengeFact, ChannelHealth, ChannelState, Order, OrderStatus
from integrations.http.specs import (
    ChannelMapping,
    Condition,
    FieldSpec,
    OrderMapping,
    StatusSpec,
    zone,
)

MISSING: Any = object()
_EMPTY = (None, "", [], {})


class MappingError(ValueError):
    """The reply's JSON does not fit the mapping (missing field, unknown status, bad type)."""


def lookup(data: Any, path: str) -> Any:
    """The value at a dotted path (``billing.email``, ``line_items.0.name``; "" is the
    whole), or MISSING."""
    if path == "":
        return data
    current = data
    for part in path.split("."):
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.lstrip("-").isdigit():
            index = int(part)
            if not -len(current) <= index < len(current):
                return MISSING
            current = current[index]
        else:
            return MISSING
    return current


def _indexless(path: str) -> tuple[str, ...]:
    return tuple(p.casefold() for p in path.split(".") if p and not p.lstrip("-").isdigit())


class Denylist:
    """Fields kefu never reads: bare names at any depth, dotted paths from the root."""

    def __init__(self, entries: Iterable[str]) -> None:
        entries = list(entries)
        self._names = {e.casefold() for e in entries if "." not in e}
        self._paths = {_indexless(e) for e in entries if "." in e}

    def denies(self, path: str) -> bool:
        """Whether a config path would read a denied field (or inside one)."""
        parts = _indexless(path)
        if any(p in self._names for p in parts):
            return True
        return any(parts[: len(d)] == d for d in self._paths)

    def strip(self, data: Any, trail: tuple[str, ...] = ()) -> Any:
        """A copy of ``data`` without the denied fields."""
        if isinstance(data, dict):
            kept = {}
            for key, value in data.items():
                here = (*trail, str(key).casefold())
                if here[-1] in self._names or here in self._paths:
                    continue
                kept[key] = self.strip(value, here)
            return kept
        if isinstance(data, list):
            return [self.strip(item, trail) for item in data]
        return data


def number(value: Any) -> Decimal | None:
    """A finite decimal from a number or numeric text, else None."""
    if isinstance(value, bool):
        return None
    try:
        result = Decimal(str(value).strip()) if isinstance(value, int | float | str) else None
    except InvalidOperation:
        return None
    return result if result is not None and result.is_finite() else None


def key_of(value: Any) -> str:
    """A raw value as a map key: 1, 1.0 and "1" all read "1"; True reads "true"."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def same(actual: Any, expected: Any) -> bool:
    """Loose equality: numbers by value whatever their JSON type, the rest as text."""
    a, b = number(actual), number(expected)
    if a is not None and b is not None:
        return a == b
    return key_of(actual) == key_of(expected)


def holds(condition: Condition, data: Any, exactly: str | None = None) -> bool:
    """Whether the condition holds on ``data``. ``exactly`` replaces ``equals`` with a text
    compared as text (`match`'s rendered number: "0012" is not order "12")."""
    value = lookup(data, condition.field)
    if condition.non_empty is not None:
        return (value is not MISSING and value not in _EMPTY) == condition.non_empty
    if value is MISSING or value is None:
        return False
    if exactly is not None:
        return not isinstance(value, dict | list) and key_of(value) == exactly
    if condition.equals is not None:
        return same(value, condition.equals)
    if condition.one_of is not None:
        return any(same(value, option) for option in condition.one_of)
    if condition.contains is not None:
        return isinstance(value, str) and condition.contains in value
    found = number(value)
    return found is not None and condition.gt is not None and found > condition.gt


def raw_value(name: str, spec: FieldSpec, data: Any) -> Any:
    """A field's value by its spec: const, or the first non-empty path, or the default;
    then through the map."""
    value = spec.const
    for path in spec.path or ():
        found = lookup(data, path)
        if found is not MISSING and found not in _EMPTY:
            value = found
            break
    if value is None:
        value = spec.default
    if value is not None and spec.map is not None:
        key = key_of(value)
        if key in spec.map:
            return spec.map[key]
        if not spec.keep_unmapped:
            raise MappingError(f"{name}: a value outside its map")
    return value


def text(name: str, spec: FieldSpec, data: Any) -> str:
    value = raw_value(name, spec, data)
    if value is None:
        raise MappingError(f"{name}: missing")
    if isinstance(value, dict | list):
        raise MappingError(f"{name}: not a text value")
    return key_of(value)


def when(name: str, spec: FieldSpec | None, data: Any) -> datetime | None:
    """A time from ISO 8601 text or a Unix timestamp; naive times are in the spec's zone
    (UTC when it names none). Empty and MySQL's zero date read as no time."""
    value = None if spec is None else raw_value(name, spec, data)
    if value is None or (isinstance(value, str) and value.strip() in ("", "0000-00-00 00:00:00")):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC)
    try:
        moment = datetime.fromisoformat(str(value).strip())
    except ValueError:
        raise MappingError(f"{name}: not a date and time") from None
    if moment.tzinfo is None:
        assert spec is not None
        moment = moment.replace(tzinfo=zone(spec.timezone or "UTC"))
    return moment


def status_of(spec: StatusSpec, data: Any) -> OrderStatus:
    """The rules first (a refund recorded beside a "completed" status), then the map."""
    for rule in spec.rules:
        if holds(rule, data):
            return rule.status
    raw = lookup(data, spec.path)
    if raw is MISSING or raw is None:
        raise MappingError("status: missing")
    key = key_of(raw)
    if key in spec.map:
        return spec.map[key]
    if spec.default is not None:
        return spec.default
    raise MappingError(f"status: unknown value {key[:40]!r}")


def describe(error: ValidationError) -> str:
    """A validation error's fields and problems, without the input values it holds."""
    return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())


def to_order(data: Any, mapping: OrderMapping, fetched_at: datetime) -> Order:
    if not isinstance(data, dict):
        raise MappingError("the order is not a JSON object")
    values: dict[str, Any] = {
        name: text(name, getattr(mapping, name), data)
        for name in ("number", "account", "channel", "currency", "product", "kind")
    }
    amount = number(raw_value("amount", mapping.amount, data))
    if amount is None:
        raise MappingError("amount: not a number")
    created = when("created_at", mapping.created_at, data)
    if created is None:
        raise MappingError("created_at: missing")
    values |= {
        "status": status_of(mapping.status, data),
        "amount": amount,
        "created_at": created,
        "paid_at": when("paid_at", mapping.paid_at, data),
        "delivered_at": when("delivered_at", mapping.delivered_at, data),
    }
    try:
        return Order(**values, fetched_at=fetched_at)
    except ValidationError as error:
        raise MappingError(describe(error)) from None


def to_channel(data: Any, mapping: ChannelMapping, fetched_at: datetime) -> ChannelHealth:
    if not isinstance(data, dict):
        raise MappingError("the channel is not a JSON object")
    state = key_of(lookup(data, mapping.state.path))
    if state not in mapping.state.map:
        raise MappingError(f"state: unknown value {state[:40]!r}")
    figures = {
        name: number(raw_value(name, getattr(mapping, name), data))
        for name in ("average_arrival_seconds", "queue_length", "share_delayed")
    }
    try:
        return ChannelHealth(
            channel=text("channel", mapping.channel, data),
            state=ChannelState(mapping.state.map[state]),
            average_arrival_seconds=int(figures["average_arrival_seconds"] or 0),
            queue_length=int(figures["queue_length"] or 0),
            share_delayed=float(figures["share_delayed"] or 0),
            expected_recovery=when("expected_recovery", mapping.expected_recovery, data),
            fetched_at=fetched_at,
        )
    except ValidationError as error:
        raise MappingError(describe(error)) from None


def facts_of(data: Any, paths: Mapping[ChallengeFact, str]) -> dict[ChallengeFact, str]:
    """The order's own answers to the configured facts ("" where it has none)."""
    found = {fact: lookup(data, path) for fact, path in paths.items()}
    return {f: "" if v is MISSING or v is None else key_of(v) for f, v in found.items()}


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def _amount_in(value: str) -> Decimal | None:
    # People write "30", "30.00", "¥30", "30 元" or "1,030.5": the digits are what count.
    return number("".join(ch for ch in value if ch.isdigit() or ch == "."))


def _right(fact: ChallengeFact, stored: str, answer: str) -> bool:
    if fact is ChallengeFact.PHONE_LAST4:
        mine, given = _digits(stored), _digits(answer)
        return len(mine) >= 4 and len(given) == 4 and hmac.compare_digest(mine[-4:], given)
    if fact is ChallengeFact.AMOUNT:
        mine_amount, given_amount = _amount_in(stored), _amount_in(answer)
        return mine_amount is not None and mine_amount == given_amount
    mine, given = stored.strip().casefold(), answer.strip().casefold()
    return bool(mine) and hmac.compare_digest(mine.encode(), given.encode())


def answers_match(facts: Mapping[ChallengeFact, str], answers: Mapping[ChallengeFact, str]) -> bool:
    """True only when there is something to ask and every fact is answered rightly."""
    return bool(facts) and all(
        fact in answers and _right(fact, stored, answers[fact]) for fact, stored in facts.items()
    )
