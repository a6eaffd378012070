"""What every runtime does, whichever library it is on: start, poll or serve the webhook,
hand updates to KefuApp, confirm only what is handled, and shut down cleanly.

A runtime (aiogram, python-telegram-bot) subclasses :class:`LibraryRuntime` and supplies the
library's part: fetch updates, parse one, feed it to the library's handlers (which translate
it and queue the event behind its chat: KefuApp.dispatch), and the few bot calls around them.
Those hooks raise :mod:`bot.telegram.errors` kinds, never a library's exceptions.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar
from urllib.parse import urlparse

import aiohttp
from aiohttp import web

from bot.app.chat_order import LockTimeout
from bot.app.fleet import PollerTaken
from bot.app.handling import Handling
from bot.app.kefu_app import KefuApp
from bot.support.redaction import Redactor
from bot.support.waiting import first_done
from bot.telegram import probe
from bot.telegram.errors import Conflict, RetryAfter, ServerError, TelegramError, Unauthorized
from bot.telegram.runtimes.common import SECRET_HEADER, FatalRuntimeError
from bot.telegram.runtimes.update_ledger import UpdateLedger

log = logging.getLogger(__name__)
U = TypeVar("U")  # the library's Update


class LibraryRuntime(ABC, Generic[U]):
    """The library-neutral half of a runtime; see the module's docstring."""

    library = "?"  # the library and its version, for the log

    def __init__(self, app: KefuApp, redactor: Redactor) -> None:
        self.app = app
        self.settings = app.settings
        self.clock = app.clock
        self.redactor = redactor
        self.ledger = UpdateLedger()
        self._confirmed: int | None = None  # the offset the last poll asked with

    # --- the library's part ------------------------------------------------------------

    async def _open(self) -> None:
        """Get the library ready (before anything is sent)."""

    @abstractmethod
    async def _close(self) -> None:
        """Release the library's connections (the last step of shutting down)."""

    @abstractmethod
    async def _get_updates(
        self, offset: int | None, wait: float, limit: int
    ) -> Sequence[dict[str, Any]]:
        """getUpdates, long-polling for ``wait`` seconds, as the JSON objects Telegram sent:
        updates still in hand come back on every poll, and only new ones are worth parsing."""

    @abstractmethod
    async def _delete_webhook(self) -> None: ...

    @abstractmethod
    async def _set_webhook(self, url: str, secret: str) -> None: ...

    @abstractmethod
    def _update_id(self, update: U) -> int: ...

    @abstractmethod
    def _parse(self, data: Any) -> U:
        """A webhook's JSON body as an update; ValueError if it is not one."""

    @abstractmethod
    async def _dispatch(self, update: U) -> Handling | None:
        """Feed the update to the library's handlers; the Handling of the event they queued
        (None when the update holds nothing for kefu)."""

    # --- serving -----------------------------------------------------------------------

    async def run(self, stop: asyncio.Event, webhook: bool = False) -> None:
        """Serve until ``stop`` is set, then shut down cleanly: take no more updates, finish
        those in hand, send what is queued, confirm the offset. The library's connection
        is closed whatever happens."""
        try:
            if webhook:
                self.settings.webhook()  # refuse to start without URL and secret
            if not await self._check_telegram(stop):
                return  # stopped while waiting to ask again
            watch: asyncio.Future[None] | None = None
            try:
                await self._open()
                if not webhook:
                    await self._hold_poller()
                await self.app.start()
                lost = self.app.fleet.lost
                watch = asyncio.ensure_future(first_done(lost.wait(), stop.wait()))
                watch.add_done_callback(lambda _: stop.set())  # a lost lease stops kefu
                log.info(
                    "kefu on %s, by %s", self.library, "webhook" if webhook else "long polling"
                )
                if webhook:
                    await self._serve_webhook(stop)
                else:
                    await self._delete_webhook()
                    await self._poll(stop)
            except Unauthorized as exc:
                why = f"Telegram refused the bot token ({exc.description})"
                raise FatalRuntimeError(why) from None
            finally:
                if watch is not None:
                    watch.cancel()
                await self.app.close()  # safe after a partial start
                if not webhook:  # by webhook, Telegram counts each 200 as confirmed
                    await self._confirm_offset()
            if self.app.fleet.lost.is_set():
                raise FatalRuntimeError(
                    "stopped: this instance's lease was lost (see the log), so it sent nothing "
                    "more; start it again"
                )
        finally:
            await self._close()

    async def _hold_poller(self) -> None:
        """Long polling is one instance's: a second poller on this database stops here,
        in one line, rather than trading 409 Conflicts with the first for ever."""
        try:
            await self.app.fleet.hold_poller()
        except PollerTaken as exc:
            raise FatalRuntimeError(f"cannot poll: {exc}") from None

    async def _check_telegram(self, stop: asyncio.Event) -> bool:
        """getMe before anything else, within ``Tuning.startup_check`` in all: a refused
        token or a Bot API out of reach stops kefu at once, in one line, rather than after
        a long round of retried sends. A passing fault (network, 5xx, 429) is asked again
        after each of ``Tuning.startup_retries`` while time is left. False if ``stop`` was
        set meanwhile."""
        api_url, token = str(self.settings.telegram_api_url), self.settings.token()
        clock = self.clock
        started = clock.monotonic()
        deadline = started + self.app.tuning.startup_check
        waits = iter(self.app.tuning.startup_retries)
        tries = 0
        async with aiohttp.ClientSession() as session:
            while True:
                tries += 1
                timeout = min(probe.DEFAULT_TIMEOUT, max(deadline - clock.monotonic(), 0.1))
                result = await probe.get_me(api_url, token, timeout=timeout, session=session)
                if result.ok:
                    log.info("%s", self.redactor(result.describe()))
                    self.app.bot_username = result.username
                    return True
                wait = next(waits, None)
                left = deadline - clock.monotonic()
                if not result.passing or wait is None or left < wait + 0.5:
                    why = f"cannot start: {self.redactor(result.describe())}"
                    if tries > 1:
                        why += f"; asked {tries} times in {clock.monotonic() - started:.0f} s"
                    raise FatalRuntimeError(why)
                log.debug("getMe failed (%s); again in %.1f s",
                          self.redactor(result.describe()), wait)  # fmt: skip
                await first_done(clock.sleep(wait), stop.wait())
                if stop.is_set():
                    return False

    async def _hand_on(self, update: U) -> Handling | None:
        handling = await self._dispatch(update)
        self.ledger.track(self._update_id(update), handling.done if handling else None)
        return handling

    # --- long polling ------------------------------------------------------------------

    async def _poll(self, stop: asyncio.Event) -> None:
        failures = conflicts = 0
        stopped = asyncio.ensure_future(stop.wait())
        try:
            while not stop.is_set():
                wait = self.settings.poll_timeout
                self._confirmed = offset = self.ledger.offset()
                fetch = asyncio.ensure_future(self._get_updates(offset, wait, 100))
                await asyncio.wait({fetch, stopped}, return_when=asyncio.FIRST_COMPLETED)
                if not fetch.done():
                    fetch.cancel()  # what it would have fetched stays unconfirmed: not lost
                    break
                try:
                    updates = fetch.result()
                except (ServerError, Conflict) as exc:  # network, 5xx, another poller
                    failures += 1
                    conflicts = conflicts + 1 if isinstance(exc, Conflict) else 0
                    if conflicts >= self.app.tuning.poll_conflicts:
                        raise FatalRuntimeError(
                            f"cannot poll: Telegram answered {exc} {conflicts} times in a row: "
                            "another program polls this bot, or set a webhook for it. Stop it "
                            "(or run kefu with --webhook)."
                        ) from None
                    await self._pause(stop, self.app.tuning.outbox.backoff(failures), exc)
                    continue
                except RetryAfter as exc:
                    await self._pause(stop, exc.retry_after, exc)
                    continue
                failures = conflicts = 0
                fresh = [u for u in updates if self.ledger.take(u["update_id"])]
                for data in fresh:
                    try:
                        update = self._parse(data)
                    except ValueError:
                        # Nothing kefu could act on: confirmed, so it does not come back.
                        log.error("skipped update %s: %s cannot read it", data["update_id"],
                                  self.library)  # fmt: skip
                        continue
                    await self._hand_on(update)
                in_hand = self.ledger.in_hand()
                if in_hand:
                    # Updates stay unconfirmed until done, so asking again now would bring
                    # every one still in hand back (a poll, and its decoding, per update
                    # handled): let them finish first, a moment at most.
                    await first_done(
                        asyncio.wait(in_hand),
                        self.clock.sleep(self.app.tuning.busy_poll_interval),
                        stop.wait(),
                    )
        finally:
            stopped.cancel()

    async def _pause(self, stop: asyncio.Event, seconds: float, exc: TelegramError) -> None:
        log.warning("getUpdates failed (%s); again in %.1f s", self.redactor(str(exc)), seconds)
        await first_done(self.clock.sleep(seconds), stop.wait())

    async def _confirm_offset(self) -> None:
        """Tell Telegram the updates handled so far are done, so a restart skips them."""
        offset = self.ledger.offset()
        if offset is None or offset == self._confirmed:
            # The last poll asked with this offset, and Telegram forgets what is below it
            # as a request arrives: asking again would only cut that request short (409
            # "terminated by other getUpdates request"). Had it not arrived, the updates
            # come again and the recorded ledger knows them.
            return
        try:
            await self._get_updates(offset, 0, 1)
        except Exception as exc:  # shutting down: say so, but do not hide the real exit
            log.warning("could not confirm the last updates: %s", self.redactor(str(exc)))

    # --- webhook -----------------------------------------------------------------------

    async def _serve_webhook(self, stop: asyncio.Event) -> None:
        url, secret = self.settings.webhook()
        host, port = self.settings.listen_address
        server = web.Application()
        server.router.add_post(urlparse(url).path or "/", self._webhook_handler(secret))
        runner = web.AppRunner(server, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, host, port).start()
        try:
            await self._set_webhook(url, secret)
            log.info("serving the webhook on %s:%s", host, port)
            await stop.wait()
        finally:
            await runner.cleanup()

    def _webhook_handler(self, secret: str) -> Callable[[web.Request], Awaitable[web.Response]]:
        expected = secret.encode()

        async def handle(request: web.Request) -> web.Response:
            # Header bytes outside UTF-8 come back from aiohttp as surrogates: kept as the
            # same bytes, so they simply do not match (a 403, never a 500).
            given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "surrogateescape")
            if not hmac.compare_digest(given, expected):
                return web.Response(status=403, text="forbidden")
            try:
                update = self._parse(await request.json())
            # Malformed JSON is a ValueError; JSON nested thousands deep a RecursionError
            # (in the decoder or the library's model); a body of the wrong shape may be
            # a TypeError. Each is the sender's fault: a 400, never a 500.
            except (ValueError, RecursionError, TypeError):
                return web.Response(status=400, text="not an update")
            if not self.ledger.take(self._update_id(update)):
                return web.Response(text="ok")  # a redelivery of one already taken
            handling = await self._hand_on(update)
            if handling is not None:
                try:
                    # Answer once its effects are stored and replies queued: a crash before
                    # that leaves the update to Telegram's retry, and a slow chat's sending
                    # does not hold up the webhook (Telegram sends the next update after).
                    await handling.handled
                except LockTimeout:
                    return web.Response(status=503, text="busy")  # Telegram will retry
            return web.Response(text="ok")

        return handle
