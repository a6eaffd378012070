"""The double's flood limits: a written model of Telegram's, on the injected clock.

Telegram does not publish its algorithm. Its Bots FAQ says a bot can send about 30
messages per second in all, about one per second to a single chat (short bursts are
tolerated), and no more than 20 per minute to one group. The double models that as token
buckets:

* **per token** (the whole bot): ``global_per_second`` = 30 tokens per second, holding at
  most ``global_burst`` = 30;
* **per private chat**: ``private_per_second`` = 1 per second, ``private_burst`` = 3;
* **per group or supergroup** (all of a forum's topics together): ``group_per_minute``
  = 20 per minute, ``group_burst`` = 20;
* **per token, paid** (Bot API 7.11): a call with ``allow_paid_broadcast`` true pays
  ``paid_per_second`` = 1000 tokens per second, holding at most ``paid_burst`` = 1000,
  *instead of* the free per-token bucket, as Telegram documents: "allow up to 1000
  messages per second, ignoring broadcasting limits for a fee of 0.1 Telegram Stars per
  message". Its chat's bucket is charged as for any call. The methods that take it:
  sendMessage, sendPhoto, sendDocument, sendVideo, sendAnimation, sendAudio, sendVoice,
  sendVideoNote, sendSticker, sendLocation, sendContact, sendMediaGroup and copyMessage
  (elsewhere it is ignored, as Telegram ignores parameters a method does not have).

Every bucket starts full and refills continuously with the clock's ``monotonic()`` time,
never above its burst. Counted methods: sendMessage, sendPhoto, sendDocument,
sendVideo, sendAnimation, sendAudio, sendVoice, sendVideoNote, sendSticker, sendLocation,
sendContact, copyMessage, forwardMessage, editMessageText, editMessageReplyMarkup and
createForumTopic cost 1; sendMediaGroup costs one per item and copyMessages one per
message it copies (the ones it skips cost nothing). A call needs its cost from both the
token's bucket (the paid one for a paid call) and its chat's bucket. A cost larger than a
bucket's burst (an album of 10 into a private chat) is let through when that bucket is full
and leaves it in debt, so the following calls wait for the refill: the album is possible,
but not free. Every message a paid call sends is counted (``paid_messages``; an album's
items one by one) with its 0.1 Star (``stars_spent``), with ``Limits.unlimited()`` too; the
bot's Star balance is not modelled (it never runs short).

When a bucket lacks tokens the call fails with 429, ``parameters.retry_after`` = the
seconds until every bucket involved could pay, rounded up to a whole second and at least
1, and the description ``Too Many Requests: retry after N``, as Telegram answers. A
rejected call takes nothing from any bucket, and neither does a call that fails for another
reason (a 400 is decided before the limits are charged). ``Limits.unlimited()`` turns the
model off. Only the bot's calls are counted; what the driver does as a user is free.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.support.clock import Clock
from bot.telegram.double.errors import too_many_requests

# Methods that spend the send budget; sendMediaGroup pays per item and copyMessages per copy
# (see the module docstring).
COUNTED_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendVideo",
        "sendAnimation",
        "sendAudio",
        "sendVoice",
        "sendVideoNote",
        "sendSticker",
        "sendLocation",
        "sendContact",
        "sendMediaGroup",
        "copyMessages",
        "copyMessage",
        "forwardMessage",
        "editMessageText",
        "editMessageReplyMarkup",
        "createForumTopic",
    }
)
# Methods that take ``allow_paid_broadcast`` (Bot API 7.11), among those the double has.
PAID_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendVideo",
        "sendAnimation",
        "sendAudio",
        "sendVoice",
        "sendVideoNote",
        "sendSticker",
        "sendLocation",
        "sendContact",
        "sendMediaGroup",
        "copyMessage",
    }
)
STARS_PER_PAID_MESSAGE = 0.1


# Refill arithmetic is in floats: 20 per minute is 0.333... per second. Without slack, waiting
# exactly the advertised retry_after could leave a bucket a hair short of a token.
_EPSILON = 1e-9


@dataclass(frozen=True)
class Limits:
    """Bucket sizes and refill rates; the defaults are the model described above."""

    global_per_second: float = 30.0
    global_burst: float = 30.0
    private_per_second: float = 1.0
    private_burst: float = 3.0
    group_per_minute: float = 20.0
    group_burst: float = 20.0
    paid_per_second: float = 1000.0
    paid_burst: float = 1000.0
    enabled: bool = True

    @classmethod
    def unlimited(cls) -> Limits:
        """No flood limits at all."""
        return cls(enabled=False)


class TokenBucket:
    """Holds up to ``capacity`` tokens, refilled at ``rate`` per second of ``clock`` time."""

    def __init__(self, capacity: float, rate: float, clock: Clock) -> None:
        self.capacity = capacity
        self.rate = rate
        self._clock = clock
        self._tokens = capacity
        self._at = clock.monotonic()

    @property
    def tokens(self) -> float:
        self._refill()
        return self._tokens

    def _refill(self) -> None:
        now = self._clock.monotonic()
        self._tokens = min(self.capacity, self._tokens + (now - self._at) * self.rate)
        self._at = now

    def wait_for(self, cost: float) -> float:
        """Seconds until this bucket can pay ``cost`` (0 if it can now)."""
        self._refill()
        # A cost above the burst could never be met: such a call needs a full bucket.
        needed = min(cost, self.capacity)
        if self._tokens + _EPSILON >= needed:
            return 0.0
        return (needed - self._tokens) / self.rate if self.rate > 0 else float("inf")

    def take(self, cost: float) -> None:
        self._refill()
        self._tokens -= cost  # may go negative: the debt of an oversized call


class RateLimiter:
    """The buckets of one bot: its token's (free and paid), and one per chat, made on first
    use; and what paid broadcasts have cost."""

    def __init__(self, limits: Limits, clock: Clock) -> None:
        self.limits = limits
        self._clock = clock
        self._global = TokenBucket(limits.global_burst, limits.global_per_second, clock)
        self._paid = TokenBucket(limits.paid_burst, limits.paid_per_second, clock)
        self._chats: dict[int, TokenBucket] = {}
        self.paid_messages = 0  # messages sent with allow_paid_broadcast

    @property
    def stars_spent(self) -> float:
        """Telegram Stars the paid messages cost (0.1 each)."""
        return round(self.paid_messages * STARS_PER_PAID_MESSAGE, 1)

    def _chat_bucket(self, chat_id: int, is_group: bool) -> TokenBucket:
        bucket = self._chats.get(chat_id)
        if bucket is None:
            if is_group:
                rate, burst = self.limits.group_per_minute / 60.0, self.limits.group_burst
            else:
                rate, burst = self.limits.private_per_second, self.limits.private_burst
            bucket = self._chats[chat_id] = TokenBucket(burst, rate, self._clock)
        return bucket

    def charge(self, chat_id: int, is_group: bool, cost: int = 1, paid: bool = False) -> None:
        """Pay ``cost`` for a send to ``chat_id`` (a paid broadcast from the paid bucket)
        or raise the 429 Telegram would send."""
        if self.limits.enabled:
            token = self._paid if paid else self._global
            buckets = (token, self._chat_bucket(chat_id, is_group))
            wait = max(bucket.wait_for(cost) for bucket in buckets)
            if wait > 0:
                raise too_many_requests(wait)
            for bucket in buckets:
                bucket.take(cost)
        if paid:
            self.paid_messages += cost

    def tokens(
        self, chat_id: int | None = None, *, is_group: bool = False, paid: bool = False
    ) -> float:
        """Tokens left in the token's bucket (``paid``: its paid one), or in a chat's (for
        tests and the docs)."""
        if chat_id is None:
            return (self._paid if paid else self._global).tokens
        return self._chat_bucket(chat_id, is_group).tokens
