"""The one place that decides what a person's event means, in the documented order:
not a private chat (the desk's, later) → commands → buttons → the report in progress →
the main menu.
"""

from __future__ import annotations

import logging
import re
from zoneinfo import ZoneInfo

from dialogs.content import Content
from dialogs.events import Inbound, Kind
from dialogs.ports.tickets import Context, DraftStore, TicketLookup
from dialogs.report.draft import CHOOSE, ORDER_HINT, PREFIX, Draft
from dialogs.report.engine import ReportEngine, Step, TicketFiler
from dialogs.user import menu
from dialogs.views import Action, AnswerButton, Reply, SetLanguage, Text, View

log = logging.getLogger(__name__)
MY_TICKETS_SHOWN = 10
# t.me/<bot>?start=order_<number>: Telegram allows [A-Za-z0-9_-], up to 64 characters.
_DEEP_LINK_ORDER = re.compile(r"^order_([A-Za-z0-9_-]{1,58})$")


class Router:
    """Turns an Inbound event and the user's context into Actions. No I/O but the ports."""

    def __init__(
        self,
        content: Content,
        tickets: TicketLookup,
        drafts: DraftStore,
        filer: TicketFiler,
        tz: ZoneInfo,
    ) -> None:
        self.content = content
        self.tickets = tickets
        self.drafts = drafts
        self.tz = tz
        self.report = ReportEngine(content, filer, tz)

    async def route(self, event: Inbound, ctx: Context) -> list[Action]:
        if not event.is_private:
            # The agents' group is the desk's (a later issue); a press there is still
            # acknowledged, so no spinner hangs on an agent's screen.
            return [AnswerButton()] if event.kind is Kind.BUTTON else []
        draft = Draft.from_json(await self.drafts.get(event.user_id))
        if event.kind is Kind.COMMAND:
            step = await self._command(event, draft, ctx)
        elif event.kind is Kind.BUTTON:
            step = await self._button(event, draft, ctx)
            if not any(isinstance(a, AnswerButton) for a in step.actions):
                step.actions.insert(0, AnswerButton())  # every press is acknowledged
        elif draft is not None and draft.step != CHOOSE:
            step = await self.report.handle(event, draft, ctx.locale, event.user_id)
        elif event.kind is Kind.EDITED:
            step = Step(draft)
        else:
            hint = View(parts=(Text.of("unknown-input"),), buttons=self._menu(ctx).buttons)
            step = Step(draft, [Reply(hint, reply_to=event.message_id)])
        await self._keep(event.user_id, draft, step.draft)
        return step.actions

    async def _keep(self, user_id: int, before: Draft | None, after: Draft | None) -> None:
        if after is not None:
            await self.drafts.put(user_id, after.to_json())
        elif before is not None:
            await self.drafts.delete(user_id)

    def _menu(self, ctx: Context, greeting: Text | None = None) -> View:
        return menu.main_menu(self.content, ctx.locale, greeting)

    async def _command(self, event: Inbound, draft: Draft | None, ctx: Context) -> Step:
        match event.command:
            case "start":
                if draft is not None and draft.category:
                    # A report under way is offered back, even to a deep link: the link's
                    # fresh draft would otherwise silently replace the user's answers.
                    return self.report.offer_resume(draft, ctx.locale)
                link = _DEEP_LINK_ORDER.match(event.command_args or "")
                if link:
                    order = link.group(1)
                    greeting = Text.of("report-deep-link", order=order)
                    return Step(
                        ReportEngine.start_with_order(order), [Reply(self._menu(ctx, greeting))]
                    )
                greeting = Text.of("start-greeting", name=event.first_name or "")
                return Step(None if draft is None else draft, [Reply(self._menu(ctx, greeting))])
            case "cancel":
                if draft is not None:
                    return self.report.cancel(draft, ctx.locale)
                return Step(None, [Reply(View(parts=(Text.of("nothing-to-cancel"),)))])
            case "language":
                return Step(draft, [Reply(menu.language_chooser())])
            case _:
                return Step(draft, [Reply(self._menu(ctx, Text.of("unknown-command")))])

    async def _button(self, event: Inbound, draft: Draft | None, ctx: Context) -> Step:
        data = event.button_data or ""
        if data.startswith(PREFIX + ":") and draft is not None:
            return await self.report.handle(event, draft, ctx.locale, event.user_id)
        if data == menu.MENU:
            return Step(draft, [Reply(self._menu(ctx))])
        if data == menu.LANGUAGES:
            return Step(draft, [Reply(menu.language_chooser())])
        if data == menu.TICKETS:
            found = await self.tickets.recent(event.user_id, MY_TICKETS_SHOWN)
            view = menu.tickets_view(found, self.content, ctx.locale, self.tz)
            return Step(draft, [Reply(view)])
        if data.startswith(menu.LANGUAGE_PREFIX):
            locale = data.removeprefix(menu.LANGUAGE_PREFIX)
            if locale in menu.LANGUAGE_NAMES:
                new = Context(locale=locale)
                reply = Reply(self._menu(new, Text.of("language-set")))
                return Step(draft, [SetLanguage(locale), reply])
        if data.startswith(menu.CATEGORY_PREFIX):
            category = self.content.category(data.removeprefix(menu.CATEGORY_PREFIX))
            if category is not None:
                return self._open(category.id, draft, ctx)
        log.info("refused button data from user %s: %r", event.user_id, data[:64])
        if draft is not None and draft.category:  # refused, and the current step again
            return await self.report.handle(event, draft, ctx.locale, event.user_id)
        return Step(draft, [Reply(self._menu(ctx, Text.of("button-expired")))])

    def _open(self, category_id: str, draft: Draft | None, ctx: Context) -> Step:
        """A category was chosen: start its form, unless another report is under way."""
        if draft is None:
            return self.report.start(category_id, ctx.locale)
        if draft.step == CHOOSE:
            prefill = {ORDER_HINT: draft.answers[ORDER_HINT]} if ORDER_HINT in draft.answers else {}
            return self.report.start(category_id, ctx.locale, prefill)
        return self.report.offer_resume(draft, ctx.locale)
