"""The parts of an HTTP backend's config: conditions on a reply, endpoints (templated
calls), and the mapping from a platform's JSON to kefu's Order and ChannelHealth.

Every model forbids unknown keys, so a misspelt option is an error naming it rather than
a silently ignored line.
"""

from __future__ import annotations

import re
from datetime import UTC, timedelta, timezone, tzinfo
from decimal import Decimal
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, model_validator

from dialogs.ports.orders import ChannelState, OrderStatus

Scalar = str | int | float | bool

_OFFSET = re.compile(r"^([+-])(\d{2}):?(\d{2})$")


def zone(text: str) -> tzinfo:
    """A time zone from "UTC", a fixed offset such as "+08:00", or an IANA name (which
    needs the system's tz database; the presets use offsets, so slim images work)."""
    if text.upper() in ("UTC", "Z", "GMT"):
        return UTC
    found = _OFFSET.match(text)
    if found:
        sign = -1 if found[1] == "-" else 1
        return timezone(sign * timedelta(hours=int(found[2]), minutes=int(found[3])))
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {text!r} (use UTC, +08:00 or an IANA name)") from None


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _listed(value: Any) -> Any:
    return [value] if isinstance(value, dict) else value


_OPERATORS = ("equals", "one_of", "contains", "non_empty", "gt")


class Condition(Strict):
    """A test on one field of a JSON object: exactly one of the operators. ``equals`` and
    ``one_of`` compare loosely (1, "1" and 1.0 are equal: platforms send numbers as
    strings); ``gt`` compares as a decimal number."""

    field: str
    equals: Scalar | None = None
    one_of: list[Scalar] | None = None
    contains: str | None = None
    non_empty: bool | None = None
    gt: Decimal | None = None

    @model_validator(mode="after")
    def _one_operator(self) -> Condition:
        given = [op for op in _OPERATORS if getattr(self, op) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of {', '.join(_OPERATORS)} (got {given or 'none'})")
        return self


class Test(Strict):
    """A test on a whole reply: its HTTP status is one of ``status`` (when given) and its
    JSON body satisfies the condition (when ``field`` is given)."""

    status: list[int] | None = None
    field: str | None = None
    equals: Scalar | None = None
    one_of: list[Scalar] | None = None
    contains: str | None = None
    non_empty: bool | None = None
    gt: Decimal | None = None

    _condition: Condition | None = PrivateAttr(None)

    @model_validator(mode="after")
    def _complete(self) -> Test:
        if self.field is not None:
            self._condition = Condition(**self.model_dump(exclude={"status"}, exclude_none=True))
        elif any(getattr(self, op) is not None for op in _OPERATORS):
            raise ValueError("an operator needs a field")
        return self

    def condition(self) -> Condition | None:
        """The test on the body, if there is one."""
        return self._condition


class Endpoint(Strict):
    """One call to the shop. Templates may use ``{name}`` placeholders (see backend.py for
    the names each endpoint supplies, plus the config's ``vars``)."""

    method: Literal["GET", "POST"] = "GET"
    path: str
    query: dict[str, Scalar] = Field(default_factory=dict)
    body: dict[str, Scalar] | None = None  # POST only: a JSON object of templates
    success: Test = Field(default_factory=Test)  # default: any 2xx
    not_found: Annotated[list[Test], BeforeValidator(_listed)] = Field(
        default_factory=lambda: [Test(status=[404])]
    )
    payload: str = ""  # dotted path to the answer inside the reply ("": the whole body)
    match: Condition | None = None  # for a list: keep the item whose field equals this
    result: Condition | None = None  # redeliver: the payload says it was (re)delivered
    message: str | None = None  # the platform's own error text, quoted in errors

    @model_validator(mode="after")
    def _post_only_body(self) -> Endpoint:
        if self.body is not None and self.method != "POST":
            raise ValueError("body is for POST endpoints")
        if self.match is not None and not isinstance(self.match.equals, str):
            raise ValueError("match takes equals: a template such as '{number}'")
        return self


class Endpoints(Strict):
    find: Endpoint
    recent: Endpoint | None = None
    channels: Endpoint | None = None
    redeliver: Endpoint | None = None
    linked_account: Endpoint | None = None


def _field_shorthand(value: Any) -> Any:
    return {"path": value} if isinstance(value, str | list) else value


class FieldSpec(Strict):
    """Where a field's value comes from: ``path`` (a dotted path, or a list of them: the
    first present and non-empty wins) or ``const``; ``map`` rewrites raw values (others are
    kept unless ``keep_unmapped`` is false); times without a zone are read in ``timezone``
    ("UTC", "+08:00" or an IANA name)."""

    path: list[str] | None = None
    const: Scalar | None = None
    default: Scalar | None = None
    map: dict[str, str] | None = None
    keep_unmapped: bool = True
    timezone: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _normalise(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = dict(data)
            if isinstance(data.get("path"), str):
                data["path"] = [data["path"]]
            if isinstance(data.get("map"), dict):
                data["map"] = {str(k): str(v) for k, v in data["map"].items()}
        return data

    @model_validator(mode="after")
    def _one_source(self) -> FieldSpec:
        if (self.path is None) == (self.const is None):
            raise ValueError("give exactly one of path or const")
        if self.timezone is not None:
            zone(self.timezone)
        return self


Spec = Annotated[FieldSpec, BeforeValidator(_field_shorthand)]


class StatusRule(Condition):
    """Checked before the plain map: when the condition holds, the order has ``status``."""

    status: OrderStatus


class StatusSpec(Strict):
    path: str
    map: dict[str, OrderStatus]
    rules: list[StatusRule] = Field(default_factory=list)
    default: OrderStatus | None = None  # for raw values not in map (None: an error)

    @model_validator(mode="before")
    @classmethod
    def _string_keys(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("map"), dict):
            data = {**data, "map": {str(k): v for k, v in data["map"].items()}}
        return data


class OrderMapping(Strict):
    """How the find and recent endpoints' payloads read as kefu's Order."""

    number: Spec
    account: Spec = FieldSpec(const="")
    status: StatusSpec
    channel: Spec = FieldSpec(const="unknown")
    amount: Spec
    currency: Spec
    product: Spec = FieldSpec(const="")
    kind: Spec = FieldSpec(const="unknown")
    created_at: Spec
    paid_at: Spec | None = None
    delivered_at: Spec | None = None


class StateSpec(Strict):
    path: str = "state"
    map: dict[str, ChannelState] = Field(default_factory=lambda: {s.value: s for s in ChannelState})


class ChannelMapping(Strict):
    """How the ``channels`` endpoint's items read; by default kefu's own field names."""

    channel: Spec = FieldSpec(path=["channel"])
    state: StateSpec = Field(default_factory=StateSpec)
    average_arrival_seconds: Spec = FieldSpec(path=["average_arrival_seconds"])
    queue_length: Spec = FieldSpec(path=["queue_length"])
    share_delayed: Spec = FieldSpec(path=["share_delayed"])
    expected_recovery: Spec | None = FieldSpec(path=["expected_recovery"])
