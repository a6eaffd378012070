"""Only the sandbox's own page may drive it: every request must name the address kefu
serves (the Host header) and, when it says where it comes from (Origin), come from there.

The page has no login, so without this any website open in the same browser could: a
cross-site form or ``fetch`` posting text/plain needs no CORS preflight (aiohttp's
``request.json()`` ignores Content-Type), a WebSocket is not bound by the same-origin
policy at all, and DNS rebinding points a site's own name at 127.0.0.1, which makes the
loopback bind no defence by itself. A rebound name still shows in the Host header, and a
foreign page in the Origin header, so both are checked. (:func:`bot.sandbox.web.server._act`
also takes JSON only, so a cross-site POST would need a preflight the server never grants.)
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web
from yarl import URL

# Names a browser on this machine reaches a loopback bind by; no DNS answer can rebind them.
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
# Binds on every interface: people open it by one of the machine's addresses.
WILDCARDS = frozenset({"", "0.0.0.0", "::"})  # noqa: S104 (recognised, not bound)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Served:
    """Where the sandbox listens: the ``--host`` it was given and the port bound (set once
    the site is up, as ``--port 0`` picks it then)."""

    host: str
    port: int = 0

    def address(self) -> str:
        """The page's address, as `kefu sandbox` prints it."""
        host = "127.0.0.1" if self.host in WILDCARDS else self.host
        return f"http://{f'[{host}]' if ':' in host else host}:{self.port}/"

    def refusal(self, host_header: str | None, origin: str | None) -> str | None:
        """Why a request with these headers is refused, or None when it may go on."""
        where = _parse(f"http://{host_header}") if host_header else None
        if where is None or not self._is_ours(*where):
            return (
                f"refused: Host {host_header!r} is not this sandbox's address; "
                f"open {self.address()}"
            )
        if origin is not None and _parse(origin) != where:
            # The page's own requests come from http://<Host>; anything else is another site.
            return f"refused: a page from {origin!r} may not drive this sandbox"
        return None

    def _is_ours(self, scheme: str, host: str, port: int | None) -> bool:
        if scheme != "http" or port != self.port:
            return False
        if host in LOOPBACK or host == self.host.strip("[]").lower():
            return True
        # On every interface: any of the machine's addresses, typed as a number. A name
        # could be anyone's, rebound here.
        return self.host in WILDCARDS and _is_ip(host)


def guard(served: Served) -> Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]:
    """aiohttp middleware refusing (403, with the reason) what :meth:`Served.refusal` does."""

    @web.middleware
    async def check(request: web.Request, handler: Handler) -> web.StreamResponse:
        refusal = served.refusal(request.headers.get("Host"), request.headers.get("Origin"))
        if refusal is None:
            return await handler(request)
        if request.path.startswith("/api/"):  # the page's act() shows the reason as a toast
            return web.json_response({"ok": False, "error": refusal}, status=403)
        return web.Response(status=403, text=refusal)

    return check


def _parse(url: str) -> tuple[str, str, int | None] | None:
    try:
        parsed = URL(url)
        return parsed.scheme, (parsed.host or "").lower(), parsed.port
    except ValueError:
        return None


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
