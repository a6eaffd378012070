"""What the notices' dialogs decide, beyond sending: a broadcast queued or moved, a user's
choice about notices, a wish to be told when something is over, a user who blocked or
unblocked the bot, an admin's maintenance window started or ended. Members of
dialogs.actions.Action, applied by the app (bot/app/notice_effects.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dialogs.notices.broadcast import Content
from dialogs.notices.windows import Window


@dataclass(frozen=True)
class QueueBroadcast:
    """An admin's broadcast, confirmed: made with its recipients (the audience as it is
    now), sent from ``at`` (None: at once); its progress is shown in the admin's chat."""

    content: Content
    audience: str
    at: datetime | None = None
    paid: bool = False


@dataclass(frozen=True)
class MoveBroadcast:
    """Pause, resume or cancel a broadcast (dialogs.notices.broadcast.MOVES)."""

    broadcast_id: int
    action: str


@dataclass(frozen=True)
class SetNotices:
    """The user's choice (/notices): ``off`` leaves them out of broadcasts that are not
    essential; answers about their own tickets always reach them."""

    off: bool


@dataclass(frozen=True)
class WishNotice:
    """The user asked to be told when ``topic`` is over (``window:ID``)."""

    topic: str


@dataclass(frozen=True)
class SetBlocked:
    """Telegram said the user blocked (or unblocked) the bot: left out of audiences."""

    blocked: bool


@dataclass(frozen=True)
class StartWindow:
    """An admin's maintenance window (/maintenance), confirmed: kept, and announced to its
    scope's users by the windows' watch if ``announce``."""

    window: Window
    announce: bool = False


@dataclass(frozen=True)
class EndWindow:
    """An admin ended window ``window_id`` (a one-off before its start: cancelled); the
    windows' watch then tells who asked that the service is back."""

    window_id: int


NoticeAction = (
    QueueBroadcast | MoveBroadcast | SetNotices | WishNotice | SetBlocked | StartWindow | EndWindow
)
