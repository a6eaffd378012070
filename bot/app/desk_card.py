"""A ticket's card and topic name, from its rows: made when its topic is, and made again
(the card edited, the topic renamed) whenever the ticket changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from bot.app.render import Renderer
from bot.app.unit_of_work import UnitOfWork
from bot.storage.models import Ticket
from bot.storage.tickets import TicketStore
from bot.storage.users import UserStore
from bot.telegram.ops import Keyboard
from dialogs.content import Content
from dialogs.desk.card import CardFacts, PastTicket, card_view, category_title, topic_name
from dialogs.desk.commands import card_buttons
from dialogs.orders.snapshot import Snapshot


@dataclass
class DeskPlace:
    """Where the desk is and how it speaks. ``chat_id``: the default agents' group (more
    may be routed to, see bot.app.desk_groups). A group with topics has a topic per ticket;
    in one without, a ticket's messages form a chain of replies anchored on its card.
    Learnt from Telegram at start (KefuApp.start), per group; a group not asked yet is
    taken to have topics."""

    chat_id: int | None
    locale: str
    tz: ZoneInfo
    forums: dict[int, bool] = field(default_factory=dict)

    def is_forum(self, chat_id: int) -> bool:
        return self.forums.get(chat_id, True)

    def fill_for(self, chat_id: int) -> str:
        """How a ticket's message finds its place in ``chat_id``: its topic's thread, or
        its card."""
        return "topic" if self.is_forum(chat_id) else "chain"


@dataclass(frozen=True)
class Card:
    """A card as Telegram HTML with its buttons, and the name its topic should have."""

    text: str
    buttons: Keyboard | None
    topic_name: str


class CardMaker:
    """Renders a ticket's card in the desk's language."""

    def __init__(
        self,
        renderer: Renderer,
        users: UserStore,
        tickets: TicketStore,
        content: Content,
        place: DeskPlace,
    ) -> None:
        self.renderer = renderer
        self._users = users
        self._tickets = tickets
        self._content = content
        self._place = place

    async def card(self, unit: UnitOfWork, ticket: Ticket, reason: str) -> Card:
        locale, tz = self._place.locale, self._place.tz
        facts = await self._facts(unit, ticket, reason)
        title = self.renderer.plain_label(
            category_title(self._content, ticket.category, locale), locale
        )
        view = card_view(facts, self._content, locale, tz)
        buttons = card_buttons(ticket.public_id, bool(ticket.order_number)) if facts.open else ()
        return Card(
            self.renderer.text(view, locale),
            self.renderer.keyboard(buttons, locale) if buttons else None,
            topic_name(facts, title),
        )

    async def _facts(self, unit: UnitOfWork, ticket: Ticket, reason: str) -> CardFacts:
        user = await self._users.get(ticket.user_id, unit.session)
        previous = await self._tickets.previous(ticket.user_id, ticket.id, unit.session)
        return CardFacts(
            public_id=ticket.public_id,
            category=ticket.category,
            status=ticket.status,
            priority=ticket.priority,
            priority_reason=ticket.priority_reason,
            reason=reason,
            assignee=ticket.assignee_name,
            tags=tuple(ticket.tags),
            occurred_at=ticket.occurred_at,
            occurred_text=ticket.occurred_text,
            steps=ticket.steps,
            error_text=ticket.error_text,
            order_number=ticket.order_number,
            order=Snapshot.read(ticket.order_snapshot),
            fields=dict(ticket.fields),
            attachments=len(ticket.attachments),
            user_id=ticket.user_id,
            first_name=user.first_name if user else None,
            username=user.username if user else None,
            language=user.language if user else self._place.locale,
            first_seen=user.first_seen if user else unit.now,
            now=unit.now,
            previous=tuple(
                PastTicket(p.public_id, p.category, p.status, p.created_at) for p in previous
            ),
        )
