"""The one place that decides what a person's event means, in the documented order:
not a private chat (the desk's, later) → commands → buttons → (later: an open ticket, the
active dialog step) → the main menu.
"""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from dialogs import menu
from dialogs.content import Content
from dialogs.events import Inbound, Kind
from dialogs.ports import Context, TicketLookup
from dialogs.views import Action, AnswerButton, Reply, SetLanguage, Text, View

log = logging.getLogger(__name__)
MY_TICKETS_SHOWN = 10


class Router:
    """Turns an Inbound event and the user's context into Actions. No I/O but the ports."""

    def __init__(self, content: Content, tickets: TicketLookup, tz: ZoneInfo) -> None:
        self.content = content
        self.tickets = tickets
        self.tz = tz

    async def route(self, event: Inbound, ctx: Context) -> list[Action]:
        if not event.is_private:
            return []
        if event.kind is Kind.COMMAND:
            return await self._command(event, ctx)
        if event.kind is Kind.BUTTON:
            return [AnswerButton(), *await self._button(event, ctx)]
        if event.kind is Kind.EDITED:
            return []  # an edit of something already handled changes nothing yet
        return [
            Reply(
                View(parts=(Text.of("unknown-input"),), buttons=self._menu(ctx).buttons),
                reply_to=event.message_id,
            )
        ]

    def _menu(self, ctx: Context, greeting: Text | None = None) -> View:
        return menu.main_menu(self.content, ctx.locale, greeting)

    async def _command(self, event: Inbound, ctx: Context) -> list[Action]:
        match event.command:
            case "start":
                greeting = Text.of("start-greeting", name=event.first_name or "")
                return [Reply(self._menu(ctx, greeting))]
            case "language":
                return [Reply(menu.language_chooser())]
            case "cancel":
                return [Reply(View(parts=(Text.of("nothing-to-cancel"),)))]
            case _:
                return [Reply(self._menu(ctx, Text.of("unknown-command")))]

    async def _button(self, event: Inbound, ctx: Context) -> list[Action]:
        data = event.button_data or ""
        if data == menu.MENU:
            return [Reply(self._menu(ctx))]
        if data == menu.LANGUAGES:
            return [Reply(menu.language_chooser())]
        if data == menu.TICKETS:
            found = await self.tickets.recent(event.user_id, MY_TICKETS_SHOWN)
            return [Reply(menu.tickets_view(found, self.content, ctx.locale, self.tz))]
        if data.startswith(menu.LANGUAGE_PREFIX):
            locale = data.removeprefix(menu.LANGUAGE_PREFIX)
            if locale in menu.LANGUAGE_NAMES:
                new = Context(locale=locale)
                return [SetLanguage(locale), Reply(self._menu(new, Text.of("language-set")))]
        if data.startswith(menu.CATEGORY_PREFIX):
            category = self.content.category(data.removeprefix(menu.CATEGORY_PREFIX))
            if category is not None:
                title = category.title.get(ctx.locale)
                return [Reply(View(parts=(Text.of("category-chosen", category=title),)))]
        log.info("unknown button data from user %s: %r", event.user_id, data[:64])
        return [Reply(self._menu(ctx, Text.of("button-expired")))]
