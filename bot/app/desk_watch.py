"""The agents' group lost and found again.

When Telegram forbids the agents' group (kefu removed, or its rights taken), nothing meant
for it is dropped: its messages wait as pending outbox rows (bot.app.sender holds them),
tickets keep being filed, and the admins are told in private, again every ``alert_every``
while it lasts. kefu asks Telegram about the group every ``probe_every`` seconds; once it
answers, the admins hear the desk is back and the waiting messages go out in their order
(topics, cards, then what users sent meanwhile).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from bot.app.tuning import Tuning
from bot.support.clock import Clock
from bot.telegram.errors import Forbidden, TelegramError
from bot.telegram.ops import GetChat
from bot.telegram.outbox import Transport

log = logging.getLogger(__name__)

Alert = Callable[[str, dict[str, str]], Awaitable[None]]


class DeskWatch:
    """Holds the desk's messages while its group is lost, and sends them once it is back."""

    def __init__(
        self,
        chat_id: int,
        transport: Transport,
        clock: Clock,
        alert: Alert,
        resend: Callable[[int], Awaitable[int]],
        *,
        probe_every: float,
        alert_every: float,
    ) -> None:
        self.chat_id = chat_id
        self._transport = transport
        self._clock = clock
        self._alert = alert
        self._resend = resend
        self._probe_every = probe_every
        self._alert_every = alert_every
        self._probe: asyncio.Task[None] | None = None
        self.lost = False

    def paused(self, chat_id: int | None) -> bool:
        """Whether ``chat_id`` is the agents' group, lost for now."""
        return self.lost and chat_id == self.chat_id

    def holds(self, row_chat: int | None, error: BaseException) -> bool:
        """A message for the lost group waits rather than failing for good."""
        return row_chat == self.chat_id and isinstance(error, Forbidden)

    async def group_lost(self, chat_id: int, error: TelegramError) -> bool:
        """Telegram forbade ``chat_id``; False if it is not the agents' group."""
        if chat_id != self.chat_id:
            return False
        if not self.lost:
            self.lost = True
            log.error("the agents' group %s is lost: %s", chat_id, error.description)
            await self._alert(
                "alert-group-forbidden", {"chat": str(chat_id), "reason": error.description}
            )
            self._probe = asyncio.create_task(self._watch(), name="desk-watch")
        return True

    async def _watch(self) -> None:
        """Ask about the group until it answers; remind the admins meanwhile."""
        since_alert = 0.0
        while True:
            await self._clock.sleep(self._probe_every)
            since_alert += self._probe_every
            try:
                await self._transport.execute(GetChat(self.chat_id))
            except Exception as exc:
                if since_alert >= self._alert_every:
                    since_alert = 0.0
                    reason = getattr(exc, "description", None) or type(exc).__name__
                    await self._alert(
                        "alert-group-forbidden", {"chat": str(self.chat_id), "reason": reason}
                    )
                continue
            break
        self.lost = False
        waiting = await self._resend(self.chat_id)
        log.info("the agents' group %s is back: %s waiting messages go out", self.chat_id, waiting)
        await self._alert("alert-group-back", {"chat": str(self.chat_id), "count": str(waiting)})

    async def close(self) -> None:
        if self._probe is not None and not self._probe.done():
            self._probe.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._probe


def watch_for(
    chat_id: int | None,
    transport: Transport,
    clock: Clock,
    tuning: Tuning,
    alert: Alert,
    resend: Callable[[int], Awaitable[int]],
) -> DeskWatch | None:
    """The watch over the agents' group, if there is one."""
    if chat_id is None:
        return None
    return DeskWatch(
        chat_id,
        transport,
        clock,
        alert,
        resend,
        probe_every=tuning.desk_probe_every,
        alert_every=tuning.alert_every,
    )
