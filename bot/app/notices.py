"""What kefu says on its own when something goes wrong: the apology for a failed update, the
word to a user whose reply never arrived, and the admins' alerts (a lost agents' group, a
desk message given up on), each committed like any other message."""

from __future__ import annotations

import logging

from bot.app.desk_topics import topic_gone
from bot.app.executor import Executor
from bot.app.notify import Notify
from bot.app.topic_fill import TopicMissing
from bot.app.unit_of_work import Redelivered, UnitOfWork, UnitsOfWork
from bot.config import Settings
from bot.storage.desk import DeskStore
from bot.storage.models import OutboxMessage, Ticket
from bot.storage.users import UserStore
from bot.support.clock import Clock
from bot.telegram.errors import BadRequest, Forbidden, TelegramError, failure_reason
from bot.telegram.outbox import Priority
from dialogs.events import Inbound
from dialogs.views import Text, View

log = logging.getLogger(__name__)


class Notices:
    """Apologies, delivery failures and admin alerts; ``alert_every`` seconds between two
    alerts about one chat."""

    def __init__(
        self,
        settings: Settings,
        clock: Clock,
        users: UserStore,
        units: UnitsOfWork,
        executor: Executor,
        alert_every: float,
        desk: DeskStore,
    ) -> None:
        self._desk = desk
        self._settings = settings
        self._clock = clock
        self._users = users
        self._units = units
        self._executor = executor
        self._alert_every = alert_every
        self._alerted: dict[int, float] = {}  # chat id -> when the admins were last alerted

    async def apologise(self, event: Inbound, locale: str) -> bool:
        """Tell the user (or, in the agents' group, the agent, in the topic) something went
        wrong, in the unit that records the update as handled (a redelivery would fail the
        same way, and apologise again). False if even that could not be recorded."""
        key = "error-try-again" if event.is_private else "desk-error-not-done"
        try:
            async with self._units.begin(event.update_ids) as unit:
                view = View(parts=(Text.of(key),))
                await self._executor.send(
                    unit,
                    event.chat_id,
                    view,
                    locale,
                    thread=event.thread_id,
                    reply_to=event.message_id,
                    priority=Priority.ANSWER,
                    notify=Notify.NOBODY,
                )
        except Redelivered:
            return True
        except Exception:
            log.exception("could not even apologise to chat %s", event.chat_id)
            return False
        return True

    async def tell(
        self,
        unit: UnitOfWork,
        chat_id: int,
        key: str,
        locale: str,
        priority: Priority,
        **args: str,
    ) -> None:
        """One of kefu's own strings to ``chat_id``, in ``unit``; its failure tells nobody."""
        view = View(parts=(Text.of(key, **args),))
        await self._executor.send(
            unit, chat_id, view, locale, priority=priority, notify=Notify.NOBODY
        )

    async def user_blocked(self, chat_id: int) -> None:
        log.info("user %s blocked the bot; nothing more is sent to them", chat_id)
        await self._users.mark_blocked(chat_id)

    async def group_lost(self, chat_id: int, error: TelegramError) -> None:
        log.error("the bot lost group %s: %s", chat_id, error.description)
        if self._first_alert(chat_id):
            await self._alert_admins(
                "alert-group-forbidden", chat=str(chat_id), reason=error.description
            )

    async def send_failed(self, row: OutboxMessage, error: BaseException) -> None:
        """A message failed for good: the user hears that a reply did not reach them, the
        admins that a desk message did not reach the desk. A user who blocked the bot is
        told nothing (and marked, see user_blocked); an agent's message that did not reach
        its user is explained in the ticket's topic."""
        topics = self._executor.topics
        await topics.forget_failed(self._units, row)  # a topic not made: made again later
        resent = topic_gone(row, error) and await topics.resend(self._units, self._desk, row)
        if resent:
            return  # sent again, into a new topic if need be: nobody need hear of it
        if row.notify == Notify.DESK and not isinstance(error, TopicMissing):
            await self._tell_topic(row, error)
            return
        if isinstance(error, Forbidden):  # user_blocked or group_lost saw to it
            return
        if row.notify == Notify.USER and row.chat_id is not None and row.chat_id > 0:
            user = await self._users.get(row.chat_id)
            locale = user.language if user else row.locale or self._settings.default_locale
            key = "error-try-again" if isinstance(error, BadRequest) else "error-not-delivered"
            async with self._units.begin() as unit:
                await self.tell(unit, row.chat_id, key, locale, Priority.ANSWER)
        elif row.notify == Notify.ADMINS and self._first_alert(row.chat_id or 0):
            await self._alert_admins(
                "alert-desk-message-failed", chat=str(row.chat_id), reason=failure_reason(error)
            )

    async def _tell_topic(self, row: OutboxMessage, error: BaseException) -> None:
        """Why a copy did not reach the other side, in the ticket's topic: an agent's
        message the user did not get (that the user blocked the bot is said once per
        ``alert_every``, not for every message), or a user's message Telegram would not
        copy into the desk (the user is asked to say it in words)."""
        if self._settings.agent_chat_id is None or row.ticket_id is None:
            return
        if row.chat_id is not None and row.chat_id < 0:  # the user's message, into the desk
            text = Text.of("desk-not-copied", reason=failure_reason(error))
            user_id = (row.link or {}).get("user")
            if isinstance(user_id, int) and "copied" in failure_reason(error):
                user = await self._users.get(user_id)
                locale = user.language if user else self._settings.default_locale
                async with self._units.begin() as unit:
                    await self.tell(unit, user_id, "error-not-passed-on", locale, Priority.ANSWER)
        elif isinstance(error, Forbidden):
            if not self._first_alert(-abs(row.ticket_id) - 1):  # apart from chat ids
                return
            text = Text.of("desk-user-blocked")
        else:
            text = Text.of("desk-not-delivered", reason=failure_reason(error))
        async with self._units.begin() as unit:
            ticket = await unit.session.get(Ticket, row.ticket_id)
            if ticket is not None:  # a failure of this line is nobody's to hear: no loop
                await self._executor.changes.tell_topic(unit, ticket, text, notify=Notify.NOBODY)

    def _first_alert(self, chat_id: int) -> bool:
        """True unless the admins were alerted about this chat within ``alert_every``: an
        outage must not become one alert per message it failed."""
        now = self._clock.monotonic()
        last = self._alerted.get(chat_id)
        if last is not None and now - last < self._alert_every:
            return False
        self._alerted[chat_id] = now
        return True

    async def alert_admins(self, key: str, args: dict[str, str]) -> None:
        """One of kefu's alerts to every admin, in private (KEFU_ADMIN_IDS)."""
        await self._alert_admins(key, **args)

    async def _alert_admins(self, key: str, **args: str) -> None:
        if not self._settings.admin_ids:
            log.critical("no admin to alert (KEFU_ADMIN_IDS): %s %s", key, args)
            return
        async with self._units.begin() as unit:
            for admin in self._settings.admin_ids:
                user = await self._users.get(admin, unit.session)
                locale = user.language if user else self._settings.default_locale
                await self.tell(unit, admin, key, locale, Priority.DESK, **args)
