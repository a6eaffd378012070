"""The notices' effects inside an update's unit of work (dialogs/notices/actions.py): an
admin's broadcast made with its recipients, a broadcast paused, resumed or cancelled, a
user's choice about notices, a wish to be told, a user who blocked or unblocked the bot,
an admin's maintenance window started or ended (in the unit's transaction: a redelivered
update makes no second window)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.app.unit_of_work import UnitOfWork
from bot.storage.audiences import Audiences
from bot.storage.broadcasts import BroadcastStore, NewBroadcast
from bot.storage.database import upsert_insert
from bot.storage.models import NoticeWishRow
from bot.storage.users import UserStore
from bot.storage.windows import WindowStore
from dialogs.events import Inbound
from dialogs.notices.actions import (
    EndWindow,
    MoveBroadcast,
    NoticeAction,
    QueueBroadcast,
    SetBlocked,
    SetNotices,
    StartWindow,
    WishNotice,
)
from dialogs.notices.broadcast import Audience

log = logging.getLogger(__name__)


class NoticeEffects:
    """Applies the notice actions; ``wake`` tells the broadcast sender there is work,
    ``windows_changed`` what the dialogs read of the windows that one was made or ended."""

    def __init__(
        self,
        users: UserStore,
        broadcasts: BroadcastStore,
        audiences: Audiences,
        wake: Callable[[], None] = lambda: None,
        windows: WindowStore | None = None,
        windows_changed: Callable[[], None] = lambda: None,
    ) -> None:
        self._users = users
        self._broadcasts = broadcasts
        self._audiences = audiences
        self.wake = wake
        # Told of a broadcast an admin moved (the sender shows its new state at once).
        self.moved: Callable[[int], None] = lambda broadcast_id: None
        self._windows = windows
        self._windows_changed = windows_changed

    async def apply(
        self, unit: UnitOfWork, event: Inbound, locale: str, action: NoticeAction
    ) -> None:
        session = unit.session
        match action:
            case QueueBroadcast(content=content, audience=spec, at=at, paid=paid):
                audience = Audience.parse(spec)
                recipients = await self._audiences.resolve(audience, unit.now, content.essential)
                new = NewBroadcast(
                    content=content,
                    audience=audience.spec,
                    at=at or unit.now,
                    created_by=event.user_id,
                    paid=paid,
                    locale=locale,
                    progress_chat=event.chat_id,
                )
                made = await self._broadcasts.create(new, recipients, session)
                log.info("broadcast %s queued by %s for %s", made, event.user_id, len(recipients))
                unit.then.append(self.wake)
            case MoveBroadcast(broadcast_id=broadcast_id, action=move):
                # Its own transaction: the sender reads the state as it goes.
                await self._broadcasts.move(broadcast_id, move)
                unit.then.append(lambda: self.moved(broadcast_id))
            case SetNotices(off=off):
                await self._users.set_notices_off(event.user_id, off, session)
            case WishNotice(topic=topic):
                values = {"user_id": event.user_id, "topic": topic, "at": unit.now}
                statement = upsert_insert(session)(NoticeWishRow).values(**values)
                await session.execute(statement.on_conflict_do_nothing())
            case SetBlocked(blocked=blocked):
                await self._users.mark_blocked(event.user_id, blocked, session)
            case StartWindow(window=window, announce=announce) if self._windows is not None:
                made = await self._windows.add(
                    window, announce=announce, created_by=event.user_id, session=session
                )
                log.info("maintenance window %s started by %s", made, event.user_id)
                unit.then.append(self._windows_changed)
            case EndWindow(window_id=window_id) if self._windows is not None:
                outcome, _ = await self._windows.end(window_id, session)
                log.info("maintenance window %s ended by %s: %s", window_id, event.user_id,
                         outcome.value)  # fmt: skip
                unit.then.append(self._windows_changed)
