"""How fast broadcasts go: one limiter for every broadcast of the process, and of every
process through Redis when KEFU_REDIS_URL is set.

Both are a GCRA (the token bucket kept as one number, the "theoretical arrival time"): a
grant of ``n`` messages moves it ``n / rate`` seconds on; a grant is refused (with the wait)
while it would run more than ``burst / rate`` seconds ahead of now. Kept as one number, the
shared limiter is one Redis key changed by one script, so two instances never both take
the same second. A 429 pauses every sender for Telegram's ``retry_after``: the whole
broadcast slows down rather than each recipient retrying blindly.

The outbox (bot/telegram/outbox) still keeps Telegram's per-chat and overall limits under
this one, and answers to users go first there; this limiter only says how much of the
budget broadcasts take.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Protocol

from bot.support.clock import Clock

if TYPE_CHECKING:
    from redis.asyncio import Redis

# Grants are asked for in slices of this many seconds' worth, so that a fast broadcast
# (1000 a second) asks Redis about 20 times a second rather than 1000.
_SLICE = 0.05
_KEY = "broadcast:rate"
_PAUSE_KEY = "broadcast:pause"


class BroadcastRate(Protocol):
    """Hands out permission to send broadcast messages."""

    async def acquire(self, rate: float, paid: bool = False) -> int:
        """Wait until some messages may go at ``rate`` a second; how many (at least 1).
        Paid broadcasts have a budget of their own (Telegram counts them apart)."""
        ...

    async def pause(self, seconds: float) -> None:
        """Telegram answered 429: no broadcast message goes for ``seconds``."""
        ...


def _burst(rate: float) -> float:
    return max(1.0, rate * _SLICE)


def _lead(rate: float) -> float:
    """How far ahead of now the budget may be given: four slices (200 ms), so that a sender
    whose timer fires late (its event loop busy with a thousand answers a second) still
    finds its next slice ready and loses no time; one slice lost each late wake-up's
    lateness from the rate (about 88% of 1000 a second), two still 7%."""
    return 4 * _burst(rate) / rate


class LocalRate:
    """The limiter of one process, on the injected clock."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        # Per budget (free, paid): when what was given so far is used up.
        self._tat = {False: clock.monotonic(), True: clock.monotonic()}
        self._paused_until = 0.0

    async def acquire(self, rate: float, paid: bool = False) -> int:
        while True:
            now = self._clock.monotonic()
            if now < self._paused_until:
                await self._clock.sleep(self._paused_until - now)
                continue
            n = max(1, math.floor(_burst(rate)))
            tat = max(self._tat[paid], now)
            ahead = tat + n / rate - now
            allowed = _lead(rate)
            if ahead <= allowed + 1e-9:
                self._tat[paid] = tat + n / rate
                return n
            await self._clock.sleep(ahead - allowed)

    async def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, self._clock.monotonic() + seconds)


# KEYS: the rate's key, the pause's key. ARGV: n, interval (ms per message), allowed
# (ms ahead of now). Returns 0 when granted, else the milliseconds to wait. Redis's own
# clock is every instance's "now", so their clocks need not agree.
_SCRIPT = """
local t = redis.call('TIME')
local now = t[1] * 1000 + t[2] / 1000
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if paused > now then return math.ceil(paused - now) end
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local after = tat + tonumber(ARGV[1]) * tonumber(ARGV[2])
local ahead = after - now
if ahead > tonumber(ARGV[3]) then return math.ceil(ahead - tonumber(ARGV[3])) end
redis.call('SET', KEYS[1], tostring(after), 'PX', math.ceil(ahead) + 1000)
return 0
"""

_PAUSE_SCRIPT = """
local t = redis.call('TIME')
local now = t[1] * 1000 + t[2] / 1000
local until_ = now + tonumber(ARGV[1])
local paused = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ > paused then
  redis.call('SET', KEYS[1], tostring(until_), 'PX', math.ceil(tonumber(ARGV[1])) + 1000)
end
return 0
"""


class RedisRate:
    """The limiter every instance shares through one Redis key (see the module); the keys
    begin with ``prefix`` (kefu's: ``kefu:<bot id>:``, since Telegram's limits are a
    bot's)."""

    def __init__(self, redis: Redis, clock: Clock, prefix: str) -> None:
        self._redis = redis
        self._clock = clock
        self._keys = {
            paid: [prefix + _KEY + (":paid" if paid else ""), prefix + _PAUSE_KEY]
            for paid in (False, True)
        }
        self._take = redis.register_script(_SCRIPT)
        self._pause = redis.register_script(_PAUSE_SCRIPT)

    async def acquire(self, rate: float, paid: bool = False) -> int:
        n = max(1, math.floor(_burst(rate)))
        interval = 1000.0 / rate
        allowed = _lead(rate) * 1000
        while True:
            keys = self._keys[paid]
            wait_ms = int(await self._take(keys=keys, args=[n, interval, allowed]))
            if wait_ms <= 0:
                return n
            await self._clock.sleep(wait_ms / 1000)

    async def pause(self, seconds: float) -> None:
        await self._pause(keys=[self._keys[False][1]], args=[seconds * 1000])
