"""The HTTP order backend's configuration as a whole: where the shop is, how kefu signs in,
how patient and how gentle it is (timeout, retries, breaker, rate limit, cache), what it
must never read, and the cross-checks no single part can make: every template's
placeholders are known, and no mapping path reads a denied field.

Secrets are never values here: the config names the environment variables that hold them
(auth.py), and ``password:`` written into an auth block is refused with a message saying so.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field, field_validator, model_validator
from yarl import URL

from dialogs.ports.orders import ChallengeFact
from integrations.http.auth import AuthSpec, QueryAuth
from integrations.http.mapping import Denylist
from integrations.http.specs import (
    ChannelMapping,
    Endpoint,
    Endpoints,
    FieldSpec,
    OrderMapping,
    Strict,
)
from integrations.http.templates import placeholders

# Never read by kefu: stripped from every reply before it is mapped, so no card secret,
# redeem code or key can reach an Order, a log line or an error text. A bare name matches
# that key at any depth; a dotted path matches from the payload's root (lists crossed).
DEFAULT_DENYLIST = (
    "card_secret",
    "card_secrets",
    "cardsecret",
    "secret",
    "cdk",
    "cdkey",
    "code",
    "codes",
    "key",
    "keys",
    "license_key",
    "redeem_code",
    "activation_code",
    "password",
    "passwd",
    "pin",
    "cvv",
    "token",
    "fulfillment.payload",
    "fulfillment.delivery_data",
)


class Retry(Strict):
    attempts: int = Field(3, ge=1, le=10)  # tries of one GET in all; POST tries once
    backoff_seconds: float = Field(0.2, ge=0)  # before the 2nd try; doubled each time
    backoff_max_seconds: float = Field(2.0, ge=0)


class Breaker(Strict):
    failures: int = Field(5, ge=1)  # consecutive failed tries that open it
    reset_seconds: float = Field(30.0, gt=0)  # open this long, then one trial call


class RateLimit(Strict):
    per_second: float = Field(gt=0)
    burst: int = Field(1, ge=1)


class Cache(Strict):
    ttl_seconds: float = Field(30.0, ge=0)  # 0: no cache
    max_entries: int = Field(1024, ge=1)


# What each endpoint can fill in, besides the config's own ``vars``.
SUPPLIED = {
    "find": {"number", "telegram_user_id"},
    "recent": {"telegram_user_id", "limit", "account"},
    "channels": set(),
    "redeliver": {"number"},
    "linked_account": {"telegram_user_id"},
}


def _listed(value: Any) -> Any:
    return [value] if isinstance(value, dict) else value


def templates_of(endpoint: Endpoint) -> dict[str, str]:
    """Every template of an endpoint, by where it stands in the config."""
    found = {"path": endpoint.path}
    found |= {f"query.{k}": v for k, v in endpoint.query.items() if isinstance(v, str)}
    found |= {f"body.{k}": v for k, v in (endpoint.body or {}).items() if isinstance(v, str)}
    if endpoint.match is not None and isinstance(endpoint.match.equals, str):
        found["match.equals"] = endpoint.match.equals
    return found


def _read_paths(config: HttpBackendConfig) -> dict[str, str]:
    """Every path the config reads from a payload, by where it stands in the config."""
    paths: dict[str, str] = {}

    def spec(where: str, field: FieldSpec | None) -> None:
        for i, path in enumerate(field.path or ()) if field is not None else ():
            paths[f"{where}.path" + (f".{i}" if i else "")] = path

    for name in OrderMapping.model_fields:
        if name == "status":
            paths["mapping.status.path"] = config.mapping.status.path
            for i, rule in enumerate(config.mapping.status.rules):
                paths[f"mapping.status.rules.{i}.field"] = rule.field
        else:
            spec(f"mapping.{name}", getattr(config.mapping, name))
    for name in ChannelMapping.model_fields:
        if name == "state":
            paths["channel_mapping.state.path"] = config.channel_mapping.state.path
        else:
            spec(f"channel_mapping.{name}", getattr(config.channel_mapping, name))
    for fact, path in config.challenge.items():
        paths[f"challenge.{fact.value}"] = path
    for name, endpoint in config.endpoints:
        for part in ("match", "result"):
            condition = getattr(endpoint, part) if endpoint is not None else None
            if condition is not None:
                paths[f"endpoints.{name}.{part}.field"] = condition.field
        if endpoint is not None and endpoint.message is not None:
            paths[f"endpoints.{name}.message"] = endpoint.message
    return paths


class HttpBackendConfig(Strict):
    """One shop's HTTP API, as kefu reads it (the YAML's shape)."""

    preset: str | None = None  # the preset this config started from, if any
    name: str = "shop"  # names the backend in logs and errors
    base_url: str
    auth: Annotated[list[AuthSpec], BeforeValidator(_listed)] = Field(default_factory=list)
    vars: dict[str, str] = Field(default_factory=dict)  # operator values for templates
    timeout_seconds: float = Field(3.0, gt=0)
    retry: Retry = Field(default_factory=Retry)
    breaker: Breaker = Field(default_factory=Breaker)
    rate_limit: RateLimit | None = None
    cache: Cache = Field(default_factory=Cache)
    denylist: list[str] = Field(default_factory=list)  # added to DEFAULT_DENYLIST
    endpoints: Endpoints
    mapping: OrderMapping
    channel_mapping: ChannelMapping = Field(default_factory=ChannelMapping)
    challenge: dict[ChallengeFact, str] = Field(default_factory=dict)  # fact -> path

    @field_validator("vars", mode="before")
    @classmethod
    def _text_vars(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): v if isinstance(v, str) else str(v) for k, v in value.items()}
        return value

    @field_validator("base_url")
    @classmethod
    def _plain_url(cls, value: str) -> str:
        scheme, _, rest = value.partition("://")
        if scheme not in ("http", "https") or not rest:
            raise ValueError("an http:// or https:// URL")
        if "?" in rest or "#" in rest:
            raise ValueError("no query string or fragment: put parameters in an endpoint")
        if "@" in rest.split("/", 1)[0]:
            raise ValueError("no credentials in the URL: name them under auth")
        try:
            host = URL(value).host
        except ValueError:
            host = None
        if not host:
            raise ValueError("not a URL with a host name")
        return value.rstrip("/")

    def denied(self) -> Denylist:
        return Denylist([*DEFAULT_DENYLIST, *self.denylist])

    @model_validator(mode="after")
    def _consistent(self) -> HttpBackendConfig:
        for name, endpoint in self.endpoints:
            if endpoint is None:
                continue
            known = SUPPLIED[name] | set(self.vars)
            for where, template in templates_of(endpoint).items():
                unknown = sorted(placeholders(template) - known)
                if unknown:
                    raise ValueError(
                        f"endpoints.{name}.{where}: unknown placeholder {{{unknown[0]}}}"
                        f" (known here: {', '.join(sorted(known)) or 'none'}; add others"
                        " under vars)"
                    )
            clash = {a.param for a in self.auth if isinstance(a, QueryAuth)} & set(endpoint.query)
            if clash:
                raise ValueError(f"endpoints.{name}.query.{min(clash)}: auth adds it already")
        recent = self.endpoints.recent
        if (
            recent is not None
            and self.endpoints.linked_account is None
            and any("account" in placeholders(t) for t in templates_of(recent).values())
        ):
            raise ValueError("endpoints.recent uses {account}: configure linked_account")
        denylist = self.denied()
        for where, path in _read_paths(self).items():
            if denylist.denies(path):
                raise ValueError(f"{where}: {path!r} is on the denylist (kefu never reads it)")
        return self
