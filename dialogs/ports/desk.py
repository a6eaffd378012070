"""What the desk reads: a user's ticket in hand, the ticket behind a topic or a desk
message, and whether someone in the agents' group is one of its members."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from dialogs.desk.queue import QueueFacts
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
    assignee_id: int | None = None  # the agent who has it
    desk_chat_id: int | None = None  # the agents' group it belongs to
    held: int = 0  # a flooding user's messages held back on it now (dialogs.desk.flood)
    order_number: str | None = None  # the order it is about, if its report named one

    @property
    def claimed(self) -> bool:
        return self.assignee_id is not None


@dataclass(frozen=True)
class BanState:
    """A user banned from the desk, and whether they have had their one notice."""

    reason: str | None
    told: bool


class DeskLookup(Protocol):
    # Whether a first contact must press a button before reaching the desk (a setting).
    first_contact_check: bool

    async def active_ticket(self, user_id: int) -> DeskTicket | None:
        """The user's newest ticket still being worked on (open or waiting), or resolved
        lately (their next message reopens it), if any."""
        ...

    async def is_desk(self, chat_id: int) -> bool:
        """Whether ``chat_id`` is one of the agents' groups (configured, or moved to)."""
        ...

    async def in_topic(self, chat_id: int, thread_id: int) -> DeskTicket | None:
        """The ticket whose topic in the agents' group is ``thread_id``."""
        ...

    async def of_desk_message(self, chat_id: int, message_id: int) -> DeskTicket | None:
        """The ticket a message in the agents' group belongs to (its card, or a copy)."""
        ...

    async def find(self, query: str) -> list[DeskTicket]:
        """Tickets by public id, @username or user id, newest first."""
        ...

    async def ban_of(self, user_id: int) -> BanState | None: ...

    async def queue(self, public_id: str | None) -> QueueFacts:
        """Where the ticket stands in the queue (None: where a new one would)."""
        ...

    async def on_duty(self) -> list[tuple[int, str]]:
        """The agents on duty now: (user id, name)."""
        ...

    async def rating_state(self, user_id: int, public_id: str) -> str | None:
        """ "open" (the user's ticket, done, unrated), "rated", or None (not theirs or not
        done)."""
        ...

    async def awaiting_comment(self, user_id: int) -> str | None:
        """The user's ticket rated moments ago and still without a comment."""
        ...

    async def recent_from_user(self, public_id: str, seconds: int) -> int:
        """The user's messages relayed to the ticket's topic within ``seconds`` (by when
        they came): a burst, a flood."""
        ...

    async def unheard(self, user_id: int, since: datetime) -> tuple[int, ...]:
        """The user's messages nobody read (kept for a hand-off), sent since ``since``."""
        ...

    async def screening(self, user_id: int) -> str | None:
        """The user's first-contact screening: None (nothing decided yet), "checking",
        "held" or "clear" (dialogs.desk.screening)."""
        ...

    async def is_agent(self, chat_id: int, user_id: int) -> bool:
        """Whether ``user_id`` is a member of the agents' group ``chat_id`` now (cached
        briefly)."""
        ...
