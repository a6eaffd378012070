"""What the desk reads: a user's ticket in hand, the ticket behind a topic or a desk
message, and whether someone in the agents' group is one of its members."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from dialogs.tickets.priority import TicketPriority
from dialogs.tickets.status import TicketStatus


@dataclass(frozen=True)
class DeskTicket:
    """A ticket as the desk routes by it."""

    public_id: str
    user_id: int
    status: TicketStatus
    category: str = ""
    user_language: str = "en"
    thread_id: int | None = None
    priority: TicketPriority = TicketPriority.NORMAL


@dataclass(frozen=True)
class BanState:
    """A user banned from the desk, and whether they have had their one notice."""

    reason: str | None
    told: bool


class DeskLookup(Protocol):
    async def active_ticket(self, user_id: int) -> DeskTicket | None:
        """The user's newest ticket still being worked on (open or waiting), or resolved
        lately (their next message reopens it), if any."""
        ...

    async def in_topic(self, thread_id: int) -> DeskTicket | None:
        """The ticket whose topic in the agents' group is ``thread_id``."""
        ...

    async def of_desk_message(self, message_id: int) -> DeskTicket | None:
        """The ticket a message in the agents' group belongs to (its card, or a copy)."""
        ...

    async def find(self, query: str) -> list[DeskTicket]:
        """Tickets by public id, @username or user id, newest first."""
        ...

    async def ban_of(self, user_id: int) -> BanState | None: ...

    async def is_agent(self, user_id: int) -> bool:
        """Whether ``user_id`` is a member of the agents' group now (cached briefly)."""
        ...
