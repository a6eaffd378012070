"""One Bot API call for the head of a lane, and what each kind of answer does to the queue.

- success: the part is done; the item's future gets the combined result after its last part;
- 429 (RetryAfter): the chat waits ``retry_after`` (every chat, if Telegram says the limit
  is global or 429s keep coming), then the same part is sent again: never doubled, never lost;
  ``on_retry_after`` is told the wait and the item's priority (a broadcast slows down);
- 5xx / timeout (ServerError): the chat backs off (base, 2*base... capped), then retries;
- either, past the item's horizon (``OutboxLimits.retry_horizon`` after it was submitted):
  the future fails with the last error;
- the item's ``prepare`` cannot fill in the part (what it needed failed): the future fails;
- 403 (Forbidden): a private chat's user blocked the bot, a group removed it; the chat's whole
  queue fails and the caller is told (``on_blocked`` / ``on_group_forbidden``);
- 400 (BadRequest) or anything unexpected: the future fails.
Every outcome but success is logged with the chat, the method and Telegram's reason.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable

from bot.support.clock import Clock
from bot.telegram.errors import BadRequest, Forbidden, RetryAfter, ServerError
from bot.telegram.outbox.lanes import Item, Lane
from bot.telegram.outbox.limiter import Limiter
from bot.telegram.outbox.limits import OutboxLimits
from bot.telegram.outbox.priority import Priority
from bot.telegram.outbox.transport import OnBlocked, OnGroupForbidden, OnRetryAfter, Transport

log = logging.getLogger(__name__)


def _method(item: Item) -> str:
    return type(item.part).__name__


class Delivery:
    """Sends one part of a lane's head item and applies Telegram's answer to the lane."""

    def __init__(
        self,
        transport: Transport,
        clock: Clock,
        limits: OutboxLimits,
        limiter: Limiter,
        on_blocked: OnBlocked | None,
        on_group_forbidden: OnGroupForbidden | None,
        on_retry_after: OnRetryAfter | None = None,
    ) -> None:
        self._transport = transport
        self._clock = clock
        self._limits = limits
        self._limiter = limiter
        self._on_blocked = on_blocked
        self._on_group_forbidden = on_group_forbidden
        self._on_retry_after = on_retry_after

    async def send_part(self, lane: Lane, item: Item) -> None:
        """Send ``item``'s next part (``item`` is ``lane``'s current item and stays so on a
        retry)."""
        try:
            call = await item.next_call()
        except Exception as exc:
            log.warning("%s to chat %s cannot be sent: %s", _method(item), lane.key, exc)
            self._fail(lane, item, exc)
            return
        try:
            result = await self._transport.execute(call)
        except RetryAfter as exc:
            self._retry_after(lane, item, exc)
        except ServerError as exc:
            self._server_error(lane, item, exc)
        except Forbidden as exc:
            await self._forbidden(lane, item, exc)
        except BadRequest as exc:
            log.warning("Telegram refused %s to chat %s: %s", exc.method, lane.key, exc.description)
            self._fail(lane, item, exc)
        except Exception as exc:
            # A runtime bug, not a Telegram answer: fail loudly rather than retry blindly.
            log.exception("%s to chat %s failed unexpectedly", _method(item), lane.key)
            self._fail(lane, item, exc)
        else:
            if item.advance(result):
                lane.remove(item)
                if not item.future.done():  # its caller may have cancelled it meanwhile
                    item.future.set_result(item.combined())

    def _past_horizon(self, lane: Lane, item: Item, wait: float, exc: Exception) -> bool:
        """True (and the item failed) if waiting ``wait`` more would pass its horizon."""
        if self._clock.monotonic() + wait <= item.give_up_at:
            return False
        log.error(
            "%s to chat %s: still failing at the end of its retry horizon, giving up: %s",
            _method(item),
            lane.key,
            exc,
        )
        self._fail(lane, item, exc)
        return True

    def _retry_after(self, lane: Lane, item: Item, exc: RetryAfter) -> None:
        if self._on_retry_after is not None:
            try:
                self._on_retry_after(exc.retry_after, item.priority)
            except Exception:  # the caller's bug must not stall the queue
                log.exception("Outbox callback %r failed", self._on_retry_after)
        if self._past_horizon(lane, item, exc.retry_after, exc):
            return
        now = self._clock.monotonic()
        lane.paused_until = max(lane.paused_until, now + exc.retry_after)
        broadcast = item.priority is Priority.BROADCAST
        held = self._limiter.note_retry_after(exc.retry_after, now, exc.is_global, broadcast)
        if self._limiter.shared is not None:  # the other instances wait as this one does
            self._limiter.shared.pause(lane.key, exc.retry_after, held)
        log.warning(
            "429 on %s to chat %s: waiting %.1fs%s",
            exc.method,
            lane.key,
            exc.retry_after,
            {"all": " (all chats)", "broadcasts": " (all broadcasts)"}.get(held, ""),
        )

    def _server_error(self, lane: Lane, item: Item, exc: ServerError) -> None:
        item.server_errors += 1
        delay = self._limits.backoff(item.server_errors)
        if self._past_horizon(lane, item, delay, exc):
            return
        lane.paused_until = max(lane.paused_until, self._clock.monotonic() + delay)
        log.warning(
            "%s to chat %s: server error (%s), retry %d in %.1fs",
            exc.method,
            lane.key,
            exc.description,
            item.server_errors,
            delay,
        )

    async def _forbidden(self, lane: Lane, item: Item, exc: Forbidden) -> None:
        chat_id = lane.key
        if chat_id is None:  # a bot-wide call: nothing else to stop
            log.error("Telegram forbade %s: %s", exc.method, exc.description)
            self._fail(lane, item, exc)
            return
        dropped = len(lane.items)
        self._fail(lane, item, exc)
        while lane.items:  # the rest would meet the same 403: fail them now
            queued = lane.items.popleft()
            if not queued.future.done():
                queued.future.set_exception(Forbidden(exc.method, exc.description))
        if chat_id > 0:
            log.warning(
                "User %s blocked the bot (%s); dropped %d queued",
                chat_id,
                exc.description,
                dropped,
            )
            await _notify(self._on_blocked, chat_id)
        else:
            log.error(
                "Lost group %s (%s: %s); dropped %d queued",
                chat_id,
                exc.method,
                exc.description,
                dropped,
            )
            await _notify(self._on_group_forbidden, chat_id, exc)

    def _fail(self, lane: Lane, item: Item, exc: BaseException) -> None:
        lane.remove(item)
        if item.index:  # a split message: say which parts did arrive
            ids = item.combined().message_ids
            log.warning(
                "Chat %s got %d of %d parts (message ids %s) before the failure",
                lane.key,
                item.index,
                len(item.parts),
                ids,
            )
        if not item.future.done():
            item.future.set_exception(exc)


async def _notify(callback: Callable[..., Awaitable[None] | None] | None, *args: object) -> None:
    """Call a plain or coroutine callback; its own failure is logged, not raised into the
    outbox (the queue must keep moving)."""
    if callback is None:
        return
    try:
        outcome = callback(*args)
        if inspect.isawaitable(outcome):
            await outcome
    except Exception:
        log.exception("Outbox callback %r failed for %s", callback, args)
