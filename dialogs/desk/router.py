"""What an event in the agents' group means: an agent's answer to relay to a user, a
command or a card button (dialogs.desk.commands), or nothing. Only members of the group
act; a message posted anonymously, as the group, names no one and is not relayed (the
topic is told why)."""

from __future__ import annotations

import logging

from dialogs.actions import Action, AnswerButton, Relay, RelayEdit, Send
from dialogs.content import Content
from dialogs.desk.commands import BUTTON_PREFIX, DeskCommands
from dialogs.desk.screening import RELEASE_PREFIX, Screening
from dialogs.events import Inbound, Kind
from dialogs.kb.library import KnowledgeBase
from dialogs.orders.agents import OrderAgents
from dialogs.ports.desk import DeskLookup, DeskTicket
from dialogs.ports.stats import DeskStatsPort
from dialogs.views import Text, View

log = logging.getLogger(__name__)


class DeskRouter:
    """Routes the agents' groups' events; events of any other group are not kefu's."""

    def __init__(
        self,
        lookup: DeskLookup,
        content: Content,
        locale: str,
        stats: DeskStatsPort | None = None,
        orders: OrderAgents | None = None,
        kb: KnowledgeBase | None = None,
    ) -> None:
        """Which groups are the agents' the ``lookup`` says (configured, or moved to);
        ``orders``: the shop's orders, as agents look them up; ``kb``: the articles."""
        self.lookup = lookup
        self.orders = orders
        self.commands = DeskCommands(content, lookup, locale, stats, kb)
        self.screening = Screening(content, lookup)

    async def route(self, event: Inbound) -> list[Action]:
        if not await self.lookup.is_desk(event.chat_id):
            # Not kefu's group: a press is still acknowledged, so no spinner hangs.
            return [AnswerButton()] if event.kind is Kind.BUTTON else []
        if event.kind is Kind.BUTTON:
            return await self._button(event)
        if event.kind is Kind.COMMAND and not event.anonymous:
            if not await self._agent(event):
                return []
            if event.command == "order" and self.orders is not None:
                return await self.orders.command(event, await self._ticket(event))
            anywhere = await self.commands.group_command(event)
            if anywhere is not None:
                return anywhere
        ticket = await self._ticket(event)
        if ticket is None:
            return []  # the group's own talk, outside any ticket
        if event.anonymous:
            if event.kind is Kind.EDITED:
                return []  # told when it was posted
            return [Send(View(parts=(Text.of("desk-anonymous"),)), reply_to=event.message_id)]
        if not await self._agent(event):
            return []
        if event.kind is Kind.COMMAND:
            # Never relayed: a mistyped command must not reach the user.
            return await self.commands.topic_command(event, ticket)
        if event.kind is Kind.EDITED:
            return [] if (event.text or "").startswith("/") else [RelayEdit(ticket.public_id)]
        return [Relay(ticket.public_id)]

    async def _agent(self, event: Inbound) -> bool:
        if await self.lookup.is_agent(event.chat_id, event.user_id):
            return True
        log.info("refused: user %s is not a member of the agents' group", event.user_id)
        return False

    async def _button(self, event: Inbound) -> list[Action]:
        """A card button; forged or stale data, or a press by a non-member, changes
        nothing and says why."""
        if (event.button_data or "").startswith(RELEASE_PREFIX):  # a held user's Release
            if event.anonymous or not await self._agent(event):
                return [AnswerButton(Text.of("desk-not-agent"))]
            return await self.screening.release(event)
        parts = (event.button_data or "").split(":", 3)
        if len(parts) < 3 or parts[0] != BUTTON_PREFIX:
            return [AnswerButton(Text.of("desk-button-expired"))]
        if event.anonymous or not await self._agent(event):
            return [AnswerButton(Text.of("desk-not-agent"))]
        found = [t for t in await self.lookup.find(parts[2]) if t.public_id == parts[2]]
        # Only in its own group: a member of another group cannot act on it by forged data.
        if not found or found[0].desk_chat_id not in (None, event.chat_id):
            return [AnswerButton(Text.of("desk-button-expired"))]
        if parts[1] == "o" and self.orders is not None:
            return await self.orders.refresh(event, found[0])
        return self.commands.button(event, found[0], parts[1], parts[3] if len(parts) > 3 else "")

    async def _ticket(self, event: Inbound) -> DeskTicket | None:
        """The ticket the message is about: its topic's, or (a group without topics, or
        the General topic) the one whose message it answers."""
        if event.thread_id is not None:
            found = await self.lookup.in_topic(event.chat_id, event.thread_id)
            if found is not None:
                return found
        if event.reply_to is not None:
            return await self.lookup.of_desk_message(event.chat_id, event.reply_to)
        return None
