"""What the desk reads (dialogs.ports.desk), over the stores and getChatMember."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.app.desk_card import DeskPlace
from bot.app.tuning import Tuning
from bot.storage.desk import DeskStore
from bot.storage.models import Ticket
from bot.storage.ticket_ids import normalise
from bot.storage.tickets import TicketStore
from bot.storage.users import UserStore
from bot.support.clock import Clock
from bot.telegram.errors import BadRequest, Forbidden
from bot.telegram.ops import GetChat, GetChatMember
from bot.telegram.outbox import Transport
from dialogs.ports.desk import BanState, DeskTicket

log = logging.getLogger(__name__)

# Statuses of someone who is in the group. "restricted" may be a former member, and a
# restricted account has no business answering users anyway.
MEMBER_STATUSES = frozenset({"creator", "administrator", "member"})


class AgentMembers:
    """Whether someone is a member of the agents' group: Telegram's getChatMember, each
    answer kept ``ttl`` seconds (a removed agent loses the desk within that)."""

    def __init__(self, transport: Transport, chat_id: int, clock: Clock, ttl: float) -> None:
        self._transport = transport
        self.chat_id = chat_id
        self._clock = clock
        self._ttl = ttl
        self._known: dict[int, tuple[bool, float]] = {}

    async def is_member(self, user_id: int) -> bool:
        """A 5xx or 429 with an earlier answer at hand uses it; without one it raises, and
        the update is taken again later rather than an agent's message dropped."""
        now = self._clock.monotonic()
        known = self._known.get(user_id)
        if known is not None and now - known[1] < self._ttl:
            return known[0]
        try:
            answer = await self._transport.execute(GetChatMember(self.chat_id, user_id))
            member = answer.status in MEMBER_STATUSES
        except BadRequest as exc:  # "user not found", "member not found"
            log.info("getChatMember for %s: %s", user_id, exc.description)
            member = False
        except Exception:
            if known is not None:
                return known[0]
            raise
        self._known[user_id] = (member, now)
        return member


class StoreDeskLookup:
    """The desk's reads: tickets and topics from the database, members from Telegram."""

    def __init__(
        self,
        users: UserStore,
        tickets: TicketStore,
        desk: DeskStore,
        members: AgentMembers,
        reopen_within: timedelta,
        clock: Clock,
    ) -> None:
        """``reopen_within``: how long after it was resolved a user's message reopens a
        ticket (rather than being a new matter)."""
        self._reopen_within = reopen_within
        self._clock = clock
        self._users = users
        self._tickets = tickets
        self._desk = desk
        self._members = members
        self._chat_id = members.chat_id

    async def active_ticket(self, user_id: int) -> DeskTicket | None:
        found = await self._tickets.active_for(user_id, self._reopen_within)
        return await self._desk_ticket(found)

    async def in_topic(self, thread_id: int) -> DeskTicket | None:
        return await self._desk_ticket(await self._desk.ticket_in_thread(self._chat_id, thread_id))

    async def of_desk_message(self, message_id: int) -> DeskTicket | None:
        return await self._desk_ticket(
            await self._desk.ticket_of_card_chain(self._chat_id, message_id)
        )

    async def find(self, query: str) -> list[DeskTicket]:
        """By public id ("k-7f3q2" too), @username, or user id."""
        query = query.strip()
        public_id = normalise(query) if not query.isdigit() else None
        if public_id is not None:
            found = await self._desk_ticket(await self._tickets.by_public_id(public_id))
            return [found] if found is not None else []
        if query.startswith("@"):
            user = await self._users.by_username(query[1:])
            user_id = user.id if user is not None else None
        else:
            user_id = int(query) if query.isascii() and query.isdigit() else None
        if user_id is None:
            return []
        tickets = await self._tickets.for_user(user_id, limit=10)
        return [t for t in [await self._desk_ticket(x) for x in tickets] if t is not None]

    async def ban_of(self, user_id: int) -> BanState | None:
        return await self._desk.ban_of(user_id)

    async def unheard(self, user_id: int, since: datetime) -> tuple[int, ...]:
        user = await self._users.get(user_id)
        floor = since.timestamp()
        return tuple(m for m, at in (user.unheard if user else []) if at >= floor)

    async def recent_from_user(self, public_id: str, seconds: int) -> int:
        since = self._clock.now() - timedelta(seconds=seconds)
        return await self._desk.user_messages_since(public_id, since)

    async def is_agent(self, user_id: int) -> bool:
        return await self._members.is_member(user_id)

    async def _desk_ticket(self, ticket: Ticket | None) -> DeskTicket | None:
        if ticket is None:
            return None
        user = await self._users.get(ticket.user_id)
        place = await self._desk.place_of(ticket.id)
        thread = place[0] if place is not None else None
        return DeskTicket(
            ticket.public_id,
            ticket.user_id,
            ticket.status,
            ticket.category,
            user.language if user is not None else "en",
            thread,
            ticket.priority,
        )


def desk_reads(
    chat_id: int | None,
    transport: Transport,
    clock: Clock,
    tuning: Tuning,
    users: UserStore,
    tickets: TicketStore,
    desk: DeskStore,
) -> tuple[int, StoreDeskLookup] | None:
    """The agents' group and what the desk reads, for the router; None without a desk."""
    if chat_id is None:
        return None
    members = AgentMembers(transport, chat_id, clock, tuning.member_ttl)
    reopen = timedelta(seconds=tuning.reopen_within)
    return chat_id, StoreDeskLookup(users, tickets, desk, members, reopen, clock)


async def learn_forum(transport: Transport, chat_id: int, place: DeskPlace) -> Forbidden | None:
    """Whether the agents' group has topics (a topic per ticket) or not (a chain of
    replies per ticket). Unreachable now: topics are assumed; a 403 is returned (the group
    is lost, see bot.app.desk_watch)."""
    try:
        found = await transport.execute(GetChat(chat_id))
    except Forbidden as exc:
        return exc
    except Exception as exc:
        log.error("the agents' group %s cannot be read now: %s", chat_id, exc)
        return None
    place.forum = bool(found.forum)
    if not place.forum:
        log.info("the agents' group has no topics: each ticket is a chain of replies")
    return None
