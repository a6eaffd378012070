"""Delivering updates to a webhook, as Telegram does: POST JSON, in order, retry on failure.

Each pending update is POSTed as ``application/json`` to the URL, with the header
``X-Telegram-Bot-Api-Secret-Token`` when a secret was set. A 2xx answer confirms it; any
other status or a connection error leaves it pending, is reported by getWebhookInfo as
``last_error_date`` / ``last_error_message`` (Telegram's wording), and is retried after
``retry_delay`` real seconds. Updates go one at a time, so they arrive in order. A 2xx
answer may carry a Bot API call (``{"method": ...}`` as JSON or a multipart form, which
aiogram sends when a handler returns a method); the double executes it, as Telegram does.
Unlike Telegram, plain http:// and any port are accepted (tests serve on 127.0.0.1).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot.support.clock import Clock
from bot.telegram.double.params import Params, params_from_body, read_multipart
from bot.telegram.double.updates import UpdateQueue
from bot.telegram.double.world import Notifier

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105
ReplyExecutor = Callable[[str, Params], Awaitable[None]]


@dataclass(frozen=True)
class Attempt:
    """One POST of one update: the HTTP status, or the connection error."""

    update_id: int
    status: int | None
    error: str | None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class WebhookDeliverer:
    """Pushes the update queue to the webhook URL while one is set."""

    def __init__(
        self,
        queue: UpdateQueue,
        clock: Clock,
        execute_reply: ReplyExecutor,
        *,
        retry_delay: float = 0.1,
        request_timeout: float = 10.0,
    ) -> None:
        self.queue = queue
        self.clock = clock
        self.execute_reply = execute_reply
        self.retry_delay = retry_delay
        self.request_timeout = request_timeout
        self.url = ""
        self.secret: str | None = None
        self.max_connections = 40
        self.last_error_date: int | None = None
        self.last_error_message: str | None = None
        self.attempts: list[Attempt] = []
        self.changed = Notifier()  # wakes whoever waits for delivery attempts
        self._task: asyncio.Task[None] | None = None

    async def start(self, url: str, secret: str | None, max_connections: int = 40) -> None:
        await self.stop()
        self.url, self.secret, self.max_connections = url, secret, max_connections
        self.last_error_date = self.last_error_message = None
        self._task = asyncio.create_task(self._run(), name="telegram-double-webhook")

    async def stop(self) -> None:
        self.url, self.secret = "", None
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def info(self, pending: int) -> dict[str, Any]:
        """The ``WebhookInfo`` object."""
        out: dict[str, Any] = {
            "url": self.url,
            "has_custom_certificate": False,
            "pending_update_count": pending,
        }
        if self.url:
            out["max_connections"] = self.max_connections
            out["ip_address"] = "127.0.0.1"
            if self.queue.allowed is not None:
                out["allowed_updates"] = sorted(self.queue.allowed)
        if self.last_error_date is not None:
            out["last_error_date"] = self.last_error_date
            out["last_error_message"] = self.last_error_message
        return out

    async def _run(self) -> None:
        async with aiohttp.ClientSession() as session:
            while True:
                await self.queue.arrived.wait_until(lambda: self.queue.pending_count > 0, None)
                update = self.queue.peek(1)[0]
                delivered = await self._deliver(session, update)
                if delivered:
                    self.queue.confirm(update["update_id"] + 1)
                self.changed.notify()  # after the confirmation: waiters see a settled state
                if not delivered:
                    await asyncio.sleep(self.retry_delay)

    async def _deliver(self, session: aiohttp.ClientSession, update: dict[str, Any]) -> bool:
        headers = {SECRET_HEADER: self.secret} if self.secret else {}
        timeout = aiohttp.ClientTimeout(total=self.request_timeout)
        try:
            async with session.post(
                self.url, json=update, headers=headers, timeout=timeout
            ) as resp:
                attempt = Attempt(update["update_id"], resp.status, None)
                if attempt.ok:
                    self.attempts.append(attempt)
                    await self._reply(resp)
                    return True
                self._failed(
                    attempt, f"Wrong response from the webhook: {resp.status} {resp.reason}"
                )
        except aiohttp.ClientConnectorError:
            self._failed(Attempt(update["update_id"], None, "refused"), "Connection refused")
        except TimeoutError:
            self._failed(Attempt(update["update_id"], None, "timeout"), "Read timeout expired")
        except aiohttp.ClientError as exc:
            self._failed(Attempt(update["update_id"], None, type(exc).__name__), type(exc).__name__)
        return False

    def _failed(self, attempt: Attempt, message: str) -> None:
        self.attempts.append(attempt)
        self.last_error_date = int(self.clock.now().timestamp())
        self.last_error_message = message

    async def _reply(self, resp: aiohttp.ClientResponse) -> None:
        """Run a Bot API call the webhook returned in its response body, if any."""
        try:
            if resp.content_type.startswith("multipart/"):
                params = await read_multipart(aiohttp.MultipartReader.from_response(resp))
            else:
                params = params_from_body(resp.content_type, await resp.read())
        except Exception:  # a body we can't read is not a reply; Telegram ignores it too
            log.debug("webhook reply body ignored", exc_info=True)
            return
        method = params.values.pop("method", None)
        if isinstance(method, str) and method:
            await self.execute_reply(method, params)
