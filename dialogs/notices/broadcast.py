"""Broadcasts (issue 15): who gets one, what it says, and how far it has got.

Plain data, shared by the admins' /broadcast dialog, ``kefu broadcast`` and the sender:

- :class:`Audience` is written as a short spec an admin can type and a script can pass:
  ``all``, ``locale:zh-Hans``, ``open-tickets``, ``category:ID[:DAYS]``, ``channel:ID[:DAYS]``
  (users who reported it in the last DAYS days, 30 by default) and ``asked:TOPIC`` (users who
  asked to be told about a channel or a maintenance window, ``asked:channel:ID``,
  ``asked:window:ID``).
- :class:`Message` is what one user receives (Telegram HTML text, or media with the text as
  caption); :class:`Content` is the default message and its variants per language.
- :class:`Progress` is the recipients' count by state, and the rate and ETA read from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import Any

from dialogs.languages import LANGUAGE_NAMES

DEFAULT_DAYS = 30
MAX_DAYS = 365
# Telegram's limits: a text, a caption, an album.
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
ALBUM_LIMIT = 10
_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")


class AudienceError(ValueError):
    """An audience spec that names nothing kefu knows; ``key`` is the locale key saying why."""

    def __init__(self, key: str, spec: str) -> None:
        super().__init__(f"{key}: {spec!r}")
        self.key = key
        self.spec = spec


class AudienceKind(StrEnum):
    ALL = "all"
    LOCALE = "locale"
    OPEN_TICKETS = "open-tickets"
    CATEGORY = "category"
    CHANNEL = "channel"
    ASKED = "asked"


@dataclass(frozen=True)
class Audience:
    """Who a broadcast is for; users who blocked the bot are never in it, and users who
    opted out of notices only when the broadcast is essential (see :class:`Content`)."""

    kind: AudienceKind
    value: str | None = None
    days: int | None = None

    @classmethod
    def parse(cls, spec: str) -> Audience:
        """The audience a spec names; raises :class:`AudienceError` for a bad one."""
        text = spec.strip()
        head, _, rest = text.partition(":")
        match head:
            case "all" | "open-tickets" if not rest:
                return cls(AudienceKind(head))
            case "locale":
                if rest not in LANGUAGE_NAMES:
                    raise AudienceError("broadcast-bad-locale", spec)
                return cls(AudienceKind.LOCALE, rest)
            case "category" | "channel":
                value, _, days = rest.partition(":")
                if not _ID.match(value):
                    raise AudienceError("broadcast-bad-audience", spec)
                return cls(AudienceKind(head), value, _days(days, spec))
            case "asked":
                kind, _, value = rest.partition(":")
                if kind not in ("channel", "window") or not _ID.match(value):
                    raise AudienceError("broadcast-bad-audience", spec)
                return cls(AudienceKind.ASKED, rest)
        raise AudienceError("broadcast-bad-audience", spec)

    @property
    def spec(self) -> str:
        """The spec :meth:`parse` reads back (``category:topup:30``)."""
        if self.value is None:
            return self.kind.value
        if self.days is not None:
            return f"{self.kind.value}:{self.value}:{self.days}"
        return f"{self.kind.value}:{self.value}"

    @property
    def since(self) -> timedelta | None:
        """How far back a report counts (category and channel audiences)."""
        return timedelta(days=self.days) if self.days is not None else None


def _days(text: str, spec: str) -> int:
    if not text:
        return DEFAULT_DAYS
    if not text.isdigit() or not 1 <= int(text) <= MAX_DAYS:
        raise AudienceError("broadcast-bad-days", spec)
    return int(text)


class MediaKind(StrEnum):
    PHOTO = "photo"
    VIDEO = "video"


@dataclass(frozen=True)
class Media:
    """A photo or video Telegram already has (its file_id)."""

    kind: MediaKind
    file_id: str


@dataclass(frozen=True)
class Message:
    """What one recipient gets: ``text`` in Telegram HTML, the caption when there is media;
    one medium is a photo or video with caption, several an album (the caption on the
    first)."""

    text: str = ""
    media: tuple[Media, ...] = ()

    def problem(self) -> str | None:
        """The locale key of what is wrong with it for Telegram, or None."""
        if not self.text.strip() and not self.media:
            return "broadcast-empty"
        if len(self.media) > ALBUM_LIMIT:
            return "broadcast-album-too-big"
        limit = CAPTION_LIMIT if self.media else TEXT_LIMIT
        if len(self.text) > limit:
            return "broadcast-too-long"
        return None

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "media": [[m.kind.value, m.file_id] for m in self.media]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Message:
        media = tuple(Media(MediaKind(kind), file_id) for kind, file_id in data.get("media", []))
        return cls(str(data.get("text", "")), media)


@dataclass(frozen=True)
class Content:
    """The default message and its variants by locale: each user gets theirs, else the
    default. ``essential`` notices (a service restored to those who asked, an answer about
    their own report) reach users who opted out of notices too."""

    default: Message
    variants: dict[str, Message] = field(default_factory=dict)
    essential: bool = False

    def for_locale(self, locale: str) -> Message:
        return self.variants.get(locale, self.default)

    def to_json(self) -> dict[str, Any]:
        return {
            "default": self.default.to_json(),
            "variants": {k: v.to_json() for k, v in self.variants.items()},
            "essential": self.essential,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Content:
        variants = {k: Message.from_json(v) for k, v in data.get("variants", {}).items()}
        default = Message.from_json(data["default"])
        return cls(default, variants, bool(data.get("essential", False)))


class BroadcastState(StrEnum):
    SCHEDULED = "scheduled"  # waiting for its time
    RUNNING = "running"
    PAUSED = "paused"
    CANCELLED = "cancelled"  # the recipients still pending never get it
    DONE = "done"

    @property
    def finished(self) -> bool:
        return self in (BroadcastState.CANCELLED, BroadcastState.DONE)


# What an admin may do to a broadcast in each state, and what it becomes.
MOVES: dict[str, dict[BroadcastState, BroadcastState]] = {
    "pause": {BroadcastState.SCHEDULED: BroadcastState.PAUSED,
              BroadcastState.RUNNING: BroadcastState.PAUSED},
    "resume": {BroadcastState.PAUSED: BroadcastState.RUNNING},
    "cancel": {BroadcastState.SCHEDULED: BroadcastState.CANCELLED,
               BroadcastState.RUNNING: BroadcastState.CANCELLED,
               BroadcastState.PAUSED: BroadcastState.CANCELLED},
}  # fmt: skip


class RecipientState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    BLOCKED = "blocked"  # 403: blocked the bot or deactivated; never retried
    FAILED = "failed"  # another 400, or 5xx and timeouts past the retries; with the reason


@dataclass(frozen=True)
class Progress:
    """How far a broadcast has got, and how fast it went over the last stretch."""

    sent: int = 0
    blocked: int = 0
    failed: int = 0
    pending: int = 0
    rate: float | None = None  # messages a second lately; None before there is a figure

    @property
    def total(self) -> int:
        return self.sent + self.blocked + self.failed + self.pending

    @property
    def done(self) -> int:
        return self.total - self.pending

    @property
    def eta(self) -> timedelta | None:
        if not self.pending:
            return timedelta(0)
        if not self.rate:
            return None
        return timedelta(seconds=round(self.pending / self.rate))

    @classmethod
    def of(cls, counts: dict[str, int], rate: float | None = None) -> Progress:
        return cls(
            sent=counts.get(RecipientState.SENT, 0),
            blocked=counts.get(RecipientState.BLOCKED, 0),
            failed=counts.get(RecipientState.FAILED, 0),
            pending=counts.get(RecipientState.PENDING, 0),
            rate=rate,
        )
