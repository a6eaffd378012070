"""The report's ports and effects for engine tests: drafts in a dict, tickets in a list.

These stand in for the database, not for the engine: the engine under test is real, and
its actions are applied here the way the executor applies them."""

from __future__ import annotations

import copy
from typing import Any

from dialogs.actions import Action, DropDraft, FileTicket, KeepDraft
from dialogs.desk.queue import QueueFacts
from dialogs.tickets.report import NewTicket


class MemoryDrafts:
    def __init__(self) -> None:
        self.data: dict[int, dict[str, Any]] = {}

    async def get(self, user_id: int) -> dict[str, Any] | None:
        return copy.deepcopy(self.data.get(user_id))

    async def put(self, user_id: int, data: dict[str, Any]) -> None:
        self.data[user_id] = copy.deepcopy(data)

    async def delete(self, user_id: int) -> None:
        self.data.pop(user_id, None)


class MemoryEffects:
    """Applies the draft and ticket actions; tickets get ids K-TEST1, K-TEST2..."""

    def __init__(self, drafts: MemoryDrafts) -> None:
        self.drafts = drafts
        self.filed: list[NewTicket] = []

    async def apply(self, user_id: int, actions: list[Action]) -> dict[str, Any]:
        results: dict[str, Any] = {}
        for action in actions:
            match action:
                case KeepDraft(data=data):
                    await self.drafts.put(user_id, data)
                case DropDraft():
                    await self.drafts.delete(user_id)
                case FileTicket(ticket=ticket, result=name):
                    self.filed.append(copy.deepcopy(ticket))
                    results[name] = f"K-TEST{len(self.filed)}"
        return results


class QueueOnlyDesk:
    """A desk with nobody's tickets in it yet: an empty queue whose recent waits are
    ``waits`` (seconds). Stands in for the desk's database reads."""

    def __init__(self, waits: tuple[float, ...]) -> None:
        self.waits = waits

    async def queue(self, public_id: str | None) -> QueueFacts:
        return QueueFacts(position=1, recent_waits=self.waits, on_duty=1)

    async def active_ticket(self, user_id: int) -> None:
        return None

    async def ban_of(self, user_id: int) -> None:
        return None

    async def awaiting_comment(self, user_id: int) -> None:
        return None

    async def unheard(self, user_id: int, since: object) -> tuple[int, ...]:
        return ()

    first_contact_check = False

    async def screening(self, user_id: int) -> str:
        return "clear"  # a person: first-contact screening is tests/dialogs/desk's
