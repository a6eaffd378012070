"""Telegram's send limits shared by every kefu instance, through Redis.

Each instance's :class:`~bot.telegram.outbox.limiter.Limiter` keeps the limits for what
that instance sends; with several instances behind one bot token, Telegram counts their
messages together. So, when Redis is configured, every counted call also asks one Lua
script, just before it goes, for its share of the same budgets: the bot's overall 30 a
second (less the tokens kept for answers when it is a broadcast; none of it for a paid
broadcast), and its chat's own (a private chat's, a group's 20 a minute). The script
answers 0 and takes both, or the milliseconds to wait and takes nothing; the call then
waits in its lane like any other (its local tokens given back). A 429 one instance hears
pauses the others too: its chat, or every chat, or every broadcast, as the local limiter
decided.

The budgets are GCRA, each one number per key (the theoretical arrival time), on Redis's
own clock, so the instances' clocks need not agree; a key expires once it is in the past.
If Redis does not answer (within a second), the call goes on the local limits alone
(logged): Telegram's 429s, waited out, are then the backstop. A refusal by the overall
budget holds every lane of this instance as long (not only the one that asked), so the
instances do not all ask again at once.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.telegram.outbox.limits import OutboxLimits

if TYPE_CHECKING:
    from redis.asyncio import Redis

log = logging.getLogger(__name__)

# KEYS: the overall budget, the chat's, the pause of every chat, the pause of broadcasts,
# the chat's pause. ARGV: cost, overall ms per message, overall ms allowed ahead (its
# burst), ms of it kept for answers, the chat's ms per message, the chat's ms allowed
# ahead, broadcast (1/0), paid (1/0).
# Returns "0" when granted (both taken), else "<why>:<ms to wait>", nothing taken; why is
# "p" (a 429's pause), "c" (the chat's budget) or "g" (the overall budget). A cost above
# a burst (an album) goes once its bucket is full, as in the local limiter; the tokens
# kept for answers are kept only up to the burst.
_TAKE = """
local t = redis.call('TIME')
local now = t[1] * 1000 + t[2] / 1000
local pause = math.max(tonumber(redis.call('GET', KEYS[3]) or '0'),
                       tonumber(redis.call('GET', KEYS[5]) or '0'))
if ARGV[7] == '1' then
  pause = math.max(pause, tonumber(redis.call('GET', KEYS[4]) or '0'))
end
if pause > now then return 'p:' .. tostring(pause - now) end
local cost = tonumber(ARGV[1])
local per, ahead = tonumber(ARGV[5]), tonumber(ARGV[6])
local ctat = math.max(tonumber(redis.call('GET', KEYS[2]) or '0'), now)
local cwait = ctat - now - (ahead - math.min(cost * per, ahead))
if cwait > 0 then return 'c:' .. tostring(cwait) end
local gafter = nil
if ARGV[8] ~= '1' then
  local gper, gahead, keep = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
  local gtat = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now)
  local gwait = gtat - now - (gahead - math.min(cost * gper + keep, gahead))
  if gwait > 0 then return 'g:' .. tostring(gwait) end
  gafter = gtat + cost * gper
end
local cafter = ctat + cost * per
redis.call('SET', KEYS[2], tostring(cafter), 'PX', math.ceil(cafter - now) + 1000)
if gafter then
  redis.call('SET', KEYS[1], tostring(gafter), 'PX', math.ceil(gafter - now) + 1000)
end
return '0'
"""

# KEYS: the pause to push. ARGV: milliseconds from now. A pause only ever grows.
_PAUSE = """
local t = redis.call('TIME')
local now = t[1] * 1000 + t[2] / 1000
local until_ = now + tonumber(ARGV[1])
if until_ > tonumber(redis.call('GET', KEYS[1]) or '0') then
  redis.call('SET', KEYS[1], tostring(until_), 'PX', math.ceil(tonumber(ARGV[1])) + 1000)
end
return 0
"""
# A Redis that stops answering (not refusing: silent) must not hold every send: past this,
# the local limits alone.
_ASK_TIMEOUT = 1.0


@dataclass(frozen=True)
class Refusal:
    """How long to wait, and whose budget said so: "pause" (a 429), "chat" or "all"."""

    seconds: float
    budget: str


class SharedBudget:
    """The overall and per-chat budgets (and 429 pauses) of one bot, in Redis."""

    def __init__(self, redis: Redis, limits: OutboxLimits, bot_id: str = "0") -> None:
        """``bot_id``: the token's number, so two bots on one Redis (staging beside
        production) do not share Telegram's budgets; braced, a Redis Cluster keeps a
        bot's keys in one slot, as one script must."""
        from redis.exceptions import RedisError  # imported with Redis configured only

        # What a silent or refusing Redis raises: the local limits alone apply then.
        self._errors = (RedisError, OSError, TimeoutError)
        self._limits = limits
        self._prefix = f"kefu:{{{bot_id}}}:outbox:"
        self._take = redis.register_script(_TAKE)
        self._pause = redis.register_script(_PAUSE)
        self._side: set[asyncio.Task[None]] = set()
        self._failing = False  # logged once per outage, not once per message

    def _chat_terms(self, chat_id: int) -> tuple[float, float]:
        """A chat's ms per message and ms allowed ahead (its burst)."""
        lim = self._limits
        if chat_id > 0:
            per = 1000.0 / lim.private_per_second
            return per, per * lim.private_burst
        per = 60_000.0 / lim.group_per_minute
        return per, per * lim.group_burst

    async def wait(self, chat_id: int, cost: int, broadcast: bool, paid: bool) -> Refusal | None:
        """None if ``cost`` messages to ``chat_id`` fit every instance's budgets now (they
        are taken), else how long to wait and why."""
        lim = self._limits
        per = 1000.0 / lim.global_per_second
        keep = per * lim.broadcast_reserve if broadcast else 0.0
        chat_per, chat_ahead = self._chat_terms(chat_id)
        names = ("all", f"chat:{chat_id}", "pause", "pause:bc", f"pause:chat:{chat_id}")
        args = [cost, per, per * lim.global_burst, keep, chat_per, chat_ahead]
        try:
            async with asyncio.timeout(_ASK_TIMEOUT):
                answer = await self._take(
                    keys=[self._prefix + n for n in names],
                    args=[*args, int(broadcast), int(paid)],
                )
        except self._errors as exc:  # the local limits alone
            if not self._failing:
                log.warning("shared send budget unavailable, local limits only: %r", exc)
            self._failing = True
            return None
        self._failing = False
        text = answer.decode() if isinstance(answer, bytes) else str(answer)
        if text == "0":
            return None
        why, _, ms = text.partition(":")
        return Refusal(float(ms) / 1000.0, {"p": "pause", "c": "chat"}.get(why, "all"))

    def pause(self, chat_id: int | None, seconds: float, held: str) -> None:
        """Tell every instance of a 429: its chat waits ``seconds``, and what the local
        limiter held ("all", "broadcasts") waits too."""
        keys = [f"pause:chat:{chat_id}"] if chat_id is not None else []
        keys += {"all": ["pause"], "broadcasts": ["pause:bc"]}.get(held, [])
        for key in keys:
            task = asyncio.ensure_future(self._push(self._prefix + key, seconds))
            self._side.add(task)
            task.add_done_callback(self._side.discard)

    async def _push(self, key: str, seconds: float) -> None:
        try:
            async with asyncio.timeout(_ASK_TIMEOUT):
                await self._pause(keys=[key], args=[seconds * 1000.0])
        except self._errors as exc:
            log.warning("could not share a 429's pause through Redis: %r", exc)
