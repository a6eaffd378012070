"""Credentials: how the config names them, how they are read, and how they are kept out of
every text kefu writes.

The config holds only the names of environment variables; the values are read once, when
the backend is built, from an injectable mapping (os.environ by default). On the wire they
are added by `WireAuth` to each request bound for the shop's own origin, and only there (an
epay merchant key travels in the query string, so the URL aiohttp sends, and puts into its
exceptions, holds it: no URL is ever written). Whatever text still leaves kefu (log
arguments, exception messages) goes through `Redactor`, which blanks every secret in its
plain, URL-encoded and Basic-auth forms.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Literal
from urllib.parse import quote, quote_plus

from pydantic import BaseModel, ConfigDict, Field, model_validator
from yarl import URL

EnvName = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]


_LITERAL_SECRET_KEYS = {"value", "secret", "token", "password", "key", "api_key", "user"}


class _Auth(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _no_literal_secret(cls, data: Any) -> Any:
        if isinstance(data, dict):
            written = sorted(k for k in data if k in _LITERAL_SECRET_KEYS)
            if written:
                raise ValueError(
                    f"{written[0]!r}: a secret is never written in the config; name the"
                    " environment variable holding it (env, user_env, password_env)"
                )
        return data


class HeaderAuth(_Auth):
    type: Literal["header"]
    name: str  # e.g. X-Api-Key
    env: EnvName
    prefix: str = ""  # e.g. "Token " before the secret


class BearerAuth(_Auth):
    type: Literal["bearer"]
    env: EnvName


class BasicAuth(_Auth):
    type: Literal["basic"]
    user_env: EnvName
    password_env: EnvName


class QueryAuth(_Auth):
    type: Literal["query"]
    param: str  # e.g. key
    env: EnvName


AuthSpec = Annotated[HeaderAuth | BearerAuth | BasicAuth | QueryAuth, Field(discriminator="type")]


class MissingSecret(ValueError):
    """An environment variable the config names is not set (or empty)."""


class Secret:
    """A credential's value; its str and repr never show it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__


def _encoded(value: str) -> set[str]:
    """A secret as it may stand in text: plain, URL-encoded the stdlib's ways, and as yarl
    (aiohttp's URLs) quotes it in a query string and a path."""
    in_query = URL.build(query={"k": value}).raw_query_string.removeprefix("k=")
    in_path = URL.build(path="/" + value).raw_path.removeprefix("/")
    return {value, quote(value, safe=""), quote_plus(value), in_query, in_path}


class Credentials:
    """The secrets of a config's auth blocks, read from ``env``: query parameters and
    headers to add on the wire, and every form of them to blank from text."""

    def __init__(self, auth: Iterable[AuthSpec], env: Mapping[str, str]) -> None:
        self.params: list[tuple[str, Secret]] = []
        self.headers: list[tuple[str, Secret]] = []
        forms: set[str] = set()
        for index, spec in enumerate(auth):

            def read(field: str, spec: Any = spec, index: int = index) -> str:
                name = getattr(spec, field)
                value = env.get(name, "")
                if not value:
                    raise MissingSecret(
                        f"auth.{index}.{field}: environment variable {name} is not set"
                    )
                forms.update(_encoded(value))
                return value

            if isinstance(spec, QueryAuth):
                self.params.append((spec.param, Secret(read("env"))))
            elif isinstance(spec, HeaderAuth):
                self.headers.append((spec.name, Secret(spec.prefix + read("env"))))
            elif isinstance(spec, BearerAuth):
                self.headers.append(("Authorization", Secret("Bearer " + read("env"))))
            else:
                pair = f"{read('user_env')}:{read('password_env')}"
                token = base64.b64encode(pair.encode()).decode()
                forms.update((pair, token))
                self.headers.append(("Authorization", Secret("Basic " + token)))
        self.redactor = Redactor(forms)


class Redactor:
    """Blanks secrets out of text; the last guard on every log argument and error."""

    def __init__(self, secrets: Iterable[str]) -> None:
        # Longest first, so a secret containing another is blanked whole.
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def __call__(self, text: object) -> str:
        out = str(text)
        for secret in self._secrets:
            out = out.replace(secret, "***")
        return out


class WireAuth:
    """Adds the credentials to each request bound for the shop's origin (scheme, host and
    port of the configured base URL) as it is sent, and to no request bound elsewhere (a
    redirect, were one followed, would not take the key along)."""

    def __init__(self, origin: URL, credentials: Credentials) -> None:
        self._origin = (origin.scheme, origin.host, origin.port)
        self._params = credentials.params
        self._headers = credentials.headers

    def sign(
        self, url: URL, params: Mapping[str, str]
    ) -> tuple[dict[str, str], dict[str, str] | None]:
        """The query parameters and the extra headers of a request to ``url``."""
        if (url.scheme, url.host, url.port) != self._origin:
            return dict(params), None
        signed = {**params, **{name: s.reveal() for name, s in self._params}}
        return signed, {name: s.reveal() for name, s in self._headers} or None
