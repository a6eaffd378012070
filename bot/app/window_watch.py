"""Maintenance windows watched on the durable job runner: one recurring job looks at every
window each ``every`` seconds and says, once per occurrence, what is due.

- **Announced**: a window flagged ``announce`` whose occurrence starts within its lead (or
  is on already, say just made) becomes a broadcast to its scope's users (the service: all;
  a category or channel: who reported it in 30 days), each in their language, with the
  expected end in kefu's time zone. Not essential: users who turned notices off are spared.
- **Restored**: an occurrence is over when an admin ends it, or, for a recurring window, at
  its scheduled end. A one-off past its expected end that nobody ended is not over: it is
  overdue (users must never be told "restored" while it may still be down). Then everyone
  who asked to be told, and everyone who filed a ticket in scope while it was on, gets an
  essential broadcast in their language; their wishes are answered.
- **Overdue**: a one-off past its expected end, not ended: the admins are reminded once,
  with how to end it.

Each is marked on the window's row by a compare-and-set in the transaction that makes the
broadcast (bot.storage.windows), so a job run twice, a restart or a second instance says
nothing twice. The reminder goes through the admins' alerts, which commit on their own: it
is marked first and unmarked if the alert fails (a kill between the two loses it; `kefu
maintenance list` still shows the window overdue).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.app.i18n import Translator
from bot.app.jobs import Handler
from bot.storage.audiences import Audiences
from bot.storage.broadcasts import BroadcastStore, NewBroadcast
from bot.storage.jobs import JobStore
from bot.storage.windows import StoredWindow, WindowStore, scope_text
from bot.support.clock import Clock
from dialogs.languages import LOCALES
from dialogs.notices.broadcast import Audience, Content, Message
from dialogs.notices.windows import Occurrence, ScopeKind, Window, WindowState
from dialogs.when.display import local_time_text

log = logging.getLogger(__name__)
WINDOW_WATCH = "window-watch"
# A scope's audience: who reported the category or channel this many days back.
AUDIENCE_DAYS = 30
# Occurrences read in one look for the latest one over (a kefu stopped for a long time
# tells only the latest; the next look goes on from it).
_SCAN = 1000

# The admins' alert: Notices.alert_admins(key, args).
Alert = Callable[[str, dict[str, str]], Awaitable[None]]


def audience_of(window: Window) -> str:
    """The broadcast audience of a window's scope (dialogs.notices.broadcast's spec)."""
    scope = window.scope
    if scope.kind is ScopeKind.SERVICE:
        return "all"
    return f"{scope.kind.value}:{scope.target}:{AUDIENCE_DAYS}"


def latest_over(window: Window, after: datetime | None, now: datetime) -> Occurrence | None:
    """The latest occurrence starting after ``after`` (None: any) that is over by ``now``,
    ending when it really did (an admin's end). A one-off is over only when ended (past its
    expected end it is overdue); one ended before it began is over with ``end <= start``."""
    if window.rule is None:
        ended = window.ended_at
        if ended is None or ended > now or (after is not None and window.start <= after):
            return None
        return Occurrence(window.start, ended)
    found = None
    after = after if after is not None else window.start - timedelta(microseconds=1)
    upcoming = window.next(after)
    for _ in range(_SCAN):
        if upcoming is None or upcoming.start > now:
            break
        ended = window.ended_at
        if ended is not None and upcoming.start <= ended < upcoming.end and ended <= now:
            found = Occurrence(upcoming.start, ended)  # an admin ended it early
        elif upcoming.end <= now:
            found = upcoming
        else:
            break  # on now: the later ones have not begun
        upcoming = window.next(upcoming.start)
    return found


class WindowWatch:
    """Schedules the watch's job and runs its passes."""

    def __init__(
        self,
        jobs: JobStore,
        windows: WindowStore,
        broadcasts: BroadcastStore,
        audiences: Audiences,
        translator: Translator,
        alert: Alert,
        clock: Clock,
        *,
        every: float,
        lead: float,
        tz: ZoneInfo,
        default_locale: str,
        channel_field: str,
        wake: Callable[[], None] = lambda: None,
    ) -> None:
        """``lead``: seconds before an occurrence its users are told, for a window that
        does not say; ``tz``: the zone times are shown in (KEFU_TIMEZONE); ``channel_field``:
        the report forms' payment-channel field; ``wake``: tells the broadcasts' sender
        there is work."""
        self._jobs = jobs
        self._windows = windows
        self._broadcasts = broadcasts
        self._audiences = audiences
        self._t = translator.t
        self._alert = alert
        self._clock = clock
        self._every = timedelta(seconds=every)
        self._lead = timedelta(seconds=lead)
        self._tz = tz
        self._locale = default_locale
        self._field = channel_field
        self._wake = wake

    def handlers(self) -> dict[str, Handler]:
        return {WINDOW_WATCH: self._pass}

    async def schedule(self) -> None:
        """Due one period from now, unless already pending (a restart does not delay it)."""
        at = self._clock.now() + self._every
        await self._jobs.schedule(WINDOW_WATCH, {}, at, key=WINDOW_WATCH, keep_pending=True)

    async def _pass(self, payload: dict[str, Any]) -> datetime:
        await self.run_once()
        return self._clock.now() + self._every

    async def run_once(self) -> None:
        """One look at every window that may have something to say."""
        for found in await self._windows.live():
            try:
                if found.announce:
                    await self._announce(found)
                await self._restore(found)
                await self._remind(found)
            except Exception:  # one window's failure must not silence the others
                log.exception("maintenance window %s: the watch failed; next look tries again",
                              found.id)  # fmt: skip

    async def _announce(self, found: StoredWindow) -> None:
        now, window = self._clock.now(), found.window
        lead = found.lead if found.lead is not None else self._lead
        for occurrence in (window.current(now), window.starting_within(now, lead)):
            if occurrence is None:
                continue
            if found.announced_for is not None and occurrence.start <= found.announced_for:
                continue
            spec = audience_of(window)
            # Read before the transaction: SQLite's one writer is not held meanwhile.
            recipients = await self._audiences.resolve(Audience.parse(spec), now)
            content = self._announcement(window, occurrence, now)
            async with self._windows.begin() as s:
                start = occurrence.start
                if not await self._windows.mark(s, found.id, "announced_for", start, start):
                    return
                if recipients:
                    new = NewBroadcast(content, spec, now, purpose=f"window:{found.id}:announced",
                                       locale=self._locale)  # fmt: skip
                    await self._broadcasts.create(new, recipients, s)
            log.info("maintenance window %s announced to %s users", found.id, len(recipients))
            self._wake()
            return

    def _announcement(self, window: Window, occurrence: Occurrence, now: datetime) -> Content:
        on = occurrence.start <= now
        expected = occurrence.end if window.rule is not None else window.end
        texts = {}
        for locale in LOCALES:
            if on:
                head = self._t(locale, "maintenance-under-way")
            else:
                start = local_time_text(occurrence.start, self._tz)
                head = self._t(locale, "maintenance-starts", start=start)
            # Past its expected end, the old time is never shown.
            if expected is not None and expected > now:
                end = local_time_text(expected, self._tz)
                until = self._t(locale, "maintenance-expected-end", end=end)
            else:
                until = self._t(locale, "maintenance-no-end")
            message = html.escape(window.message(locale, self._locale), quote=False)
            texts[locale] = f"{head}\n{until}\n\n{message}"
        return self._content(texts, essential=False)

    def _content(self, texts: dict[str, str], essential: bool) -> Content:
        variants = {locale: Message(text) for locale, text in texts.items()}
        default = variants.get(self._locale) or next(iter(variants.values()))
        return Content(default, variants, essential)

    async def _restore(self, found: StoredWindow) -> None:
        now, window = self._clock.now(), found.window
        after = found.restored_for
        if after is None and window.rule is not None:
            # An occurrence over before the window was made is none of its users' business.
            after = found.created_at - (window.duration or timedelta(0))
        occurrence = latest_over(window, after, now)
        if occurrence is None:
            return
        start = occurrence.start
        needless = occurrence.end <= start  # a one-off ended before it began
        told = 0
        async with self._windows.begin() as s:
            if not await self._windows.mark(s, found.id, "restored_for", start, start):
                return
            if not needless:
                owed = await self._windows.owed_restored(
                    s, found, start, occurrence.end, self._field
                )
                await self._windows.forget_wishes(s, found, now)
                if owed:
                    texts = {
                        locale: self._t(locale, "maintenance-restored",
                                        message=window.message(locale, self._locale))
                        for locale in LOCALES
                    }  # fmt: skip
                    new = NewBroadcast(self._content(texts, essential=True), f"asked:{found.topic}",
                                       now, purpose=f"window:{found.id}:restored",
                                       locale=self._locale)  # fmt: skip
                    await self._broadcasts.create(new, owed, s)
                    told = len(owed)
        log.info("maintenance window %s over (occurrence of %s): %s users told", found.id,
                 start.isoformat(), told)  # fmt: skip
        if told:
            self._wake()

    async def _remind(self, found: StoredWindow) -> None:
        now, window = self._clock.now(), found.window
        if window.state(now) is not WindowState.OVERDUE:
            return
        occurrence = window.current(now)
        if occurrence is None or window.end is None:  # overdue is on, with an end: never so
            return
        async with self._windows.begin() as s:
            if not await self._windows.mark(s, found.id, "reminded_at", now, occurrence.start):
                return
        args = {
            "id": str(found.id),
            "scope": scope_text(window),
            "end": local_time_text(window.end, self._tz),
        }
        try:
            await self._alert("maintenance-overdue-admin", args)
        except Exception:
            async with self._windows.begin() as s:  # said nothing: the next look tries again
                await self._windows.unmark(s, found.id, "reminded_at", now, found.reminded_at)
            raise
        log.warning("maintenance window %s is past its expected end: admins reminded", found.id)
