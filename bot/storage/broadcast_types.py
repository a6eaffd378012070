"""What the broadcasts' store takes and gives: a broadcast to make, one recipient's outcome,
a broadcast as it stands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.storage.notice_tables import BroadcastRow
from dialogs.notices.broadcast import BroadcastState, Content, RecipientState


@dataclass(frozen=True)
class NewBroadcast:
    """What an admin (or a script, or kefu itself) asks to send."""

    content: Content
    audience: str  # the spec (dialogs.notices.broadcast.Audience)
    at: datetime
    created_by: int | None = None
    paid: bool = False
    purpose: str | None = None
    locale: str = "en"  # the admin's, for the progress message
    progress_chat: int | None = None


@dataclass(frozen=True)
class Outcome:
    """How sending to one recipient ended."""

    user_id: int
    state: RecipientState
    reason: str | None = None


@dataclass(frozen=True)
class BroadcastInfo:
    """A broadcast as it stands, with its recipients counted by state."""

    row: BroadcastRow
    counts: dict[str, int]

    @property
    def id(self) -> int:
        return self.row.id

    @property
    def state(self) -> BroadcastState:
        return BroadcastState(self.row.state)

    @property
    def content(self) -> Content:
        return Content.from_json(self.row.content)
