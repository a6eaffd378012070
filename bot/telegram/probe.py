"""Ask the Bot API who the bot is (getMe): does the server answer, and does it take the token?

A plain HTTP request with aiohttp, whichever runtime library kefu runs on, so that `kefu
check` and the start of `kefu run` can tell an operator in one line what is wrong. The
result only reports what happened; what to do about it is the caller's decision. No text
it holds contains the token: URLs are given as the API's base URL, without ``/bot<token>``.
"""

from __future__ import annotations

import errno
import json
import socket
import ssl
from dataclasses import dataclass
from enum import Enum
from typing import Any

import aiohttp

from bot.support.redaction import Redactor

DEFAULT_TIMEOUT = 5.0  # seconds for the whole request: connect, send, answer


class Outcome(Enum):
    OK = "ok"  # 200 and a bot user: the token works
    REFUSED = "refused"  # 401: the server answers, the token is not (or no longer) valid
    UNREACHABLE = "unreachable"  # no HTTP answer at all: connection refused, timeout, DNS...
    UNEXPECTED = "unexpected"  # an HTTP answer, but not a Bot API's answer to getMe


@dataclass(frozen=True)
class ProbeResult:
    """What getMe told (or failed to tell) about the token and the API at ``api_url``."""

    outcome: Outcome
    api_url: str  # the base URL asked, never with the token
    username: str | None = None  # the bot's @username, when OK
    status: int | None = None  # the HTTP status, when there was an answer
    detail: str = ""  # why, in a few words (Telegram's description, the network error)

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.OK

    @property
    def passing(self) -> bool:
        """A fault that may be gone in a moment (network, 5xx, 429), not a wrong setting."""
        if self.outcome is Outcome.UNREACHABLE:
            return True
        return self.outcome is Outcome.UNEXPECTED and (
            self.status == 429 or (self.status or 0) >= 500
        )

    def describe(self) -> str:
        """One line for an operator, without the token."""
        match self.outcome:
            case Outcome.OK:
                return (
                    f"the bot token works (@{self.username}) "
                    f"and the Bot API at {self.api_url} answers"
                )
            case Outcome.REFUSED:
                return (
                    f"the Bot API at {self.api_url} refused the bot token "
                    f"({self.status} {self.detail})"
                )
            case Outcome.UNREACHABLE:
                return f"cannot connect to the Bot API at {self.api_url} ({self.detail})"
            case _:
                return f"unexpected answer to getMe from {self.api_url}: {self.detail}"


async def get_me(
    api_url: str,
    token: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109 - one bound for the whole request
    session: aiohttp.ClientSession | None = None,
) -> ProbeResult:
    """Call ``{api_url}/bot{token}/getMe`` once, within ``timeout`` seconds."""
    base = api_url.rstrip("/")
    scrub = Redactor([token])
    url = f"{base}/bot{token}/getMe"
    own = session is None
    client = session or aiohttp.ClientSession()
    try:
        async with client.get(url, timeout=aiohttp.ClientTimeout(total=timeout)) as resp:
            status = resp.status
            body = await resp.read()
    except TimeoutError:  # aiohttp's timeouts are TimeoutErrors too
        waited = f"no answer within {round(timeout, 1):g} s"
        return ProbeResult(Outcome.UNREACHABLE, base, detail=waited)
    except (aiohttp.ClientError, OSError, ValueError) as exc:  # ValueError: a URL it refuses
        return ProbeResult(Outcome.UNREACHABLE, base, detail=scrub(_network_reason(exc)))
    finally:
        if own:
            await client.close()
    return _read_answer(base, status, body, scrub)


def _read_answer(base: str, status: int, body: bytes, scrub: Redactor) -> ProbeResult:
    data: Any
    try:
        data = json.loads(body)
    except ValueError:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        data = None
    description = ""
    if isinstance(data, dict) and isinstance(data.get("description"), str):
        description = scrub(data["description"])[:200]
    if status == 401:
        detail = description or "Unauthorized"
        return ProbeResult(Outcome.REFUSED, base, status=status, detail=detail)
    result = data.get("result") if isinstance(data, dict) else None
    if status == 200 and isinstance(data, dict) and data.get("ok") is True:
        if isinstance(result, dict) and isinstance(result.get("username"), str):
            return ProbeResult(Outcome.OK, base, username=result["username"], status=status)
        return ProbeResult(
            Outcome.UNEXPECTED, base, status=status, detail="HTTP 200 without a bot user"
        )
    if data is None:
        what = f"HTTP {status}, not a Bot API answer (no JSON)"
    else:
        what = f"HTTP {status}" + (f" {description}" if description else "")
    return ProbeResult(Outcome.UNEXPECTED, base, status=status, detail=what)


def _network_reason(exc: BaseException) -> str:
    """A few words for a failed connection, rather than aiohttp's text (its "ssl:default"
    names the TLS setting it used, not a problem)."""
    if isinstance(exc, aiohttp.ClientConnectorCertificateError | ssl.SSLCertVerificationError):
        return "its TLS certificate is not valid"
    if isinstance(exc, aiohttp.ClientSSLError | ssl.SSLError):
        return "TLS handshake failed"
    cause = exc.os_error if isinstance(exc, aiohttp.ClientConnectorError) else exc
    if isinstance(cause, socket.gaierror):
        return "host name not found"
    if isinstance(cause, ConnectionRefusedError) or getattr(cause, "errno", None) == (
        errno.ECONNREFUSED
    ):
        return "connection refused"
    if isinstance(cause, TimeoutError):
        return "connection timed out"
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return "the server closed the connection"
    if isinstance(exc, aiohttp.InvalidURL):
        return "not a URL aiohttp can use"
    if isinstance(cause, OSError) and (cause.strerror or str(cause)):
        return (cause.strerror or str(cause)).lower()
    return type(exc).__name__
