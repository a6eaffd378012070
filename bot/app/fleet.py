"""This kefu process among others on one database: its name and lease, the poller's lease,
and taking over a dead instance's outbox rows.

Several instances (webhook mode behind a load balancer, with Redis for the chat locks and
Telegram's budgets) each send the outbox rows they committed, and each holds a lease named
after itself, renewed every ``renew_every`` seconds. A row whose owner's lease ran out (a
kill -9, a lost host) is adopted by a live instance on its next heartbeat and sent; an
instance of this machine known gone (its pid no longer runs) is taken over at once. A
clean shutdown releases the lease, so what it could not send is adopted at once too.

Long polling is one instance's job: the ``poller`` lease refuses a second poller on the
same database with a clear line (Telegram itself would only answer 409 Conflict to each in
turn, for ever).

A lease that could run out before this process renews it (the database away too long, a
lease taken over) is *lost*: :attr:`Fleet.lost` is set, and the runtime stops kefu at once
without sending what it had queued, since another instance may be sending it now. A
supervisor starts it again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.storage.leases import INSTANCE, POLLER, LeaseStore
from bot.support.clock import Clock
from bot.support.instance import gone, same_process, worker_id_here
from bot.support.waiting import first_done

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FleetTuning:
    """How long a lease lasts unrenewed, how often it is renewed, how often rows held for
    their chat's order look again, and the chats' locks."""

    lease: float = 15.0
    renew_every: float = 5.0
    gate_poll: float = 0.2
    # A chat's Redis lock: how long it outlives a killed holder, and how long an update
    # waits for it before it is refused (a webhook answers 503, Telegram delivers again).
    chat_lock_ttl: float = 10.0
    chat_lock_wait: float = 60.0

    def __post_init__(self) -> None:
        if not 0 < self.renew_every < self.lease:
            raise ValueError("renew_every must be positive and below lease")
        if self.gate_poll <= 0 or self.chat_lock_ttl <= 0 or self.chat_lock_wait < 0:
            raise ValueError("gate_poll and chat_lock_ttl must be positive")


class PollerTaken(Exception):
    """Another live kefu long-polls this bot on this database."""


class Fleet:
    """This process's leases, renewed by a heartbeat that also calls the sender's beat
    (outcomes written again; a dead instance's rows adopted)."""

    def __init__(
        self, leases: LeaseStore, clock: Clock, tuning: FleetTuning, *, shared: bool
    ) -> None:
        """``shared``: other instances may run (Redis is configured): the instance lease,
        adoption and the chat gate are on. Alone, every pending row is this process's."""
        self.me = worker_id_here()
        self.shared = shared
        self.tuning = tuning
        self.lost = asyncio.Event()  # a lease ran out or was taken: stop, send nothing more
        self._leases = leases
        self._clock = clock
        self._held: list[str] = []
        self._heart: asyncio.Task[None] | None = None
        self._hook: asyncio.Task[None] | None = None
        self._beat_hook: Callable[[], Awaitable[object]] | None = None
        self._renewed = clock.monotonic()  # when the leases were last renewed
        self._on_lost: list[Callable[[], None]] = []
        self._stopping = asyncio.Event()

    def _until(self) -> datetime:
        return self._clock.now() + timedelta(seconds=self.tuning.lease)

    async def start(self, beat: Callable[[], Awaitable[object]]) -> None:
        """Hold this instance's lease (if shared) and start the heartbeat, which renews
        the leases and calls ``beat``."""
        if self.shared:
            name = INSTANCE + self.me
            await self._leases.take(name, self.me, self._until(), self._clock.now())
            self._held.append(name)
        self._renewed = self._clock.monotonic()
        self._beat_hook = beat
        self._heart = asyncio.create_task(self._beat(), name="fleet heartbeat")

    async def hold_poller(self) -> None:
        """Become the one poller, or raise :class:`PollerTaken` naming who is. A holder
        that does not renew its lease is waited out (a crashed container restarted in a
        new pid namespace cannot tell its old self is gone); one of this machine known
        gone, or of this very process (a test's crash), counts as gone at once."""
        if POLLER in self._held:
            return
        seen = None
        while True:
            now = self._clock.now()
            holder = await self._leases.take(
                POLLER, self.me, self._until(), now, dead=lambda o: gone(o) or same_process(o)
            )
            if holder is None:
                self._held.append(POLLER)
                return
            if seen is not None and holder.until != seen:  # renewed: it is alive
                raise PollerTaken(
                    f"another kefu ({holder.owner}) is long-polling this bot on this "
                    "database: long polling runs as one instance. Stop it, or run several "
                    "with --webhook behind a load balancer."
                )
            seen = holder.until
            left = (holder.until - now).total_seconds()
            await self._clock.sleep(min(max(left, 0.0), self.tuning.renew_every) + 0.1)

    async def _beat(self) -> None:
        while True:
            await first_done(self._clock.sleep(self.tuning.renew_every), self._stopping.wait())
            if self._stopping.is_set():
                return
            try:
                if self._held:
                    now = self._clock.now()
                    # Alone, a lease that ran out (a test's clock moved on) is taken back
                    # if nobody took it; with others, its end may have been acted on.
                    lost = await self._leases.renew(
                        self._held, self.me, self._until(), now, strict=self.shared
                    )
                    if lost:
                        self._lose(f"lease {', '.join(lost)} ran out or was taken over")
                        return
                    self._renewed = self._clock.monotonic()
            except Exception:  # the database is away: try again at the next beat
                log.exception("this instance's heartbeat failed")
            if self.shared and self._clock.monotonic() - self._renewed > self._margin:
                self._lose("its leases could not be renewed in time")
                return
            # The hook's work (adopting a dead instance's rows) may take longer than a
            # beat: it runs beside the renewals, never holding one back (a lease run out
            # under it would stop this instance), and one at a time.
            if self._beat_hook is not None and (self._hook is None or self._hook.done()):
                self._hook = asyncio.create_task(self._run_hook(), name="fleet beat")

    async def _run_hook(self) -> None:
        assert self._beat_hook is not None
        try:
            await self._beat_hook()
        except Exception:  # the database is away: try again at the next beat
            log.exception("this instance's heartbeat failed")

    @property
    def _margin(self) -> float:
        """How long unrenewed leases may go before they could run out unseen."""
        return self.tuning.lease - self.tuning.renew_every

    def when_lost(self, call: Callable[[], None]) -> None:
        """``call`` the moment a lease is lost (before the runtime stops kefu)."""
        self._on_lost.append(call)

    def _lose(self, why: str) -> None:
        log.critical("this kefu stops: %s (another instance may take over its work)", why)
        self._held.clear()
        self.lost.set()
        for call in self._on_lost:
            call()

    async def stop(self) -> None:
        """Stop the heartbeat (the leases are kept until :meth:`release`): a beat under
        way ends first (cancelled mid-query, it would strand its connection); one that
        hangs is cancelled."""
        self._stopping.set()
        running = {task for task in (self._heart, self._hook) if task is not None}
        if running:
            _, hanging = await asyncio.wait(running, timeout=5.0)
            for task in hanging:
                task.cancel()
            if hanging:
                await asyncio.wait(hanging)
        self._heart = self._hook = None

    async def release(self) -> None:
        """Let go of the leases: what is left pending is adopted by another instance at
        once."""
        if self._held:
            try:
                await self._leases.release(self._held, self.me)
            except Exception:  # they run out by themselves
                log.warning("releasing this instance's leases failed", exc_info=True)
            self._held.clear()
