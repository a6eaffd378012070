"""Which agents' group a ticket's messages go to now: chosen once when it reaches the desk
(dialogs.desk.groups: by category or language, else the default group), and followed to a
new group after ``kefu desk move`` (the moves are read afresh in each unit of work, so a
move made from a terminal reaches every running instance at once)."""

from __future__ import annotations

from bot.app.desk_card import DeskPlace
from bot.app.unit_of_work import UnitOfWork
from bot.storage import desk_settings
from bot.storage.desk import DeskStore
from bot.storage.models import Ticket
from bot.storage.users import UserStore
from dialogs.desk.groups import DeskGroup, desk_chats, group_for, moved


class DeskGroups:
    """The agents' groups kefu serves and where each ticket belongs."""

    def __init__(self, place: DeskPlace, groups: tuple[DeskGroup, ...], users: UserStore) -> None:
        self._place = place
        self._groups = groups
        self._users = users

    async def known(self, desk: DeskStore) -> tuple[int, ...]:
        """Every agents' group kefu serves now: the configured ones and those moved to."""
        return desk_chats(self._place.chat_id, self._groups, await desk.moves())

    async def chat_for(self, unit: UnitOfWork, ticket: Ticket) -> int | None:
        """The group the ticket's messages go to now (recorded on the ticket); None
        without an agents' desk."""
        if self._place.chat_id is None:
            return None
        chosen = ticket.desk_chat_id
        if chosen is None:
            user = await self._users.get(ticket.user_id, unit.session)
            language = user.language if user is not None else self._place.locale
            chosen = group_for(self._groups, ticket.category, language, self._place.chat_id)
            assert chosen is not None
        now = moved(chosen, await desk_settings.moves(unit.session))
        ticket.desk_chat_id = now
        return now
