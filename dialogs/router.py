"""The one place that decides what a person's event means, in the documented order:
not a private chat (the desk's) → a banned user → first-contact screening (spam held, the
check asked: dialogs.desk.screening) → an order's challenge under way → the notices (an
admin's broadcast under way, /notices, a broadcast's buttons: dialogs.notices.routing) →
commands → buttons → the report in progress → the ticket in hand (relayed to its agents) →
a request for a person → the main menu.
"""

from __future__ import annotations

import logging
import re
from zoneinfo import ZoneInfo

from dialogs.actions import Action, AnswerButton, ChangeTicket, Send, SetLanguage, ToDesk, Unheard
from dialogs.content import Content
from dialogs.desk.handoff import HandOff
from dialogs.desk.rating import Rating
from dialogs.desk.router import DeskRouter
from dialogs.desk.screening import Screening
from dialogs.draft_change import with_draft as _with_draft
from dialogs.events import Context, Inbound, Kind
from dialogs.kb.library import KnowledgeBase
from dialogs.kb.routing import KbRoute, kept
from dialogs.languages import LANGUAGE_NAMES
from dialogs.notices.maintenance_routing import MaintenanceRoute, NoticeReads
from dialogs.notices.membership import membership
from dialogs.notices.routing import NoticeRoute
from dialogs.orders.agents import OrderAgents
from dialogs.orders.asking import OrderAsking
from dialogs.orders.routing import OrderRoute
from dialogs.ports.desk import DeskLookup
from dialogs.ports.drafts import DraftStore
from dialogs.ports.stats import DeskStatsPort
from dialogs.ports.tickets import TicketLookup
from dialogs.report.draft import CHOOSE, PREFIX, Draft
from dialogs.report.engine import ReportEngine, Step
from dialogs.tickets.status import ACTIVE, TicketStatus
from dialogs.user import language, menu, my_tickets
from dialogs.views import Text, View

log = logging.getLogger(__name__)
MY_TICKETS_SHOWN = 10
# Why a hand-off reached the desk, as the card says it (locale keys).
ASKED = "desk-reason-asked"
WORDS = "desk-reason-words"
# t.me/<bot>?start=order_<number>: Telegram allows [A-Za-z0-9_-], up to 64 characters.
_DEEP_LINK_ORDER = re.compile(r"^order_([A-Za-z0-9_-]{1,58})$")


class Router:
    """Turns an Inbound event and the user's context into Actions. No I/O but the ports."""

    def __init__(
        self,
        content: Content,
        tickets: TicketLookup,
        drafts: DraftStore,
        tz: ZoneInfo,
        *,
        desk: tuple[int, DeskLookup] | None = None,
        desk_locale: str = "en",
        stats: DeskStatsPort | None = None,
        orders: OrderAsking | None = None,
        kb: KnowledgeBase | None = None,
        notices: NoticeReads | None = None,
    ) -> None:
        """``desk``: the agents' group and what the desk reads, or None when there is no
        agents' desk (the dialogs read no settings); ``stats``: the desk's figures (/stats);
        ``orders``: the shop's orders, as users may ask about them; ``kb``: the articles
        that answer questions typed at the menu; ``notices``: the admins' ids (/broadcast,
        /maintenance), what the notices read (/notices) and the maintenance windows."""
        self.content = content
        self.tickets = tickets
        self.drafts = drafts
        self.tz = tz
        self.report = ReportEngine(content, tz, desk=desk is not None)
        agents = OrderAgents(orders) if orders is not None else None
        self.desk = DeskRouter(desk[1], content, desk_locale, stats, agents, kb) if desk else None
        self.handoff = HandOff(content, desk[1]) if desk is not None else None
        self.rating = Rating(desk[1]) if desk is not None else None
        self.screening = Screening(content, desk[1]) if desk is not None else None
        example, channel = content.order_example(), content.desk.tags.channel_field
        self.orders = OrderRoute(orders, self.report, example, channel) if orders else None
        self.kb = KbRoute(kb, self.report, content) if kb is not None else None
        self.notices = NoticeRoute(content, tz, *notices[:2]) if notices is not None else None
        self.windows = MaintenanceRoute.of(content, tz, self.report, notices, human=bool(desk))

    async def route(self, event: Inbound, ctx: Context) -> list[Action]:
        # Every main menu sent shows the maintenance windows on now (a banner).
        return await self.windows.shown(event, ctx.locale, await self._route(event, ctx))

    async def _route(self, event: Inbound, ctx: Context) -> list[Action]:
        if event.kind is Kind.MEMBERSHIP:  # blocked or unblocked: marked, nothing said
            return list(membership(event))
        if not event.is_private:
            if self.desk is not None:
                return await self.desk.route(event)
            # No desk: a press is still acknowledged, so no spinner hangs on a screen.
            return [AnswerButton()] if event.kind is Kind.BUTTON else []
        handoff = self.handoff
        if handoff is not None and (refused := await handoff.banned(event)) is not None:
            return refused
        # First contact: spam held, the check asked, or a person let through (see there).
        screened = await self.screening.screen(event, self._menu(ctx)) if self.screening else None
        if screened is not None and screened.done:
            return screened.actions
        draft = Draft.from_json(await self.drafts.get(event.user_id))
        first = screened.actions if screened is not None else []
        if self.orders is not None:  # a challenge under way takes the message first
            taken, dropped = await self.orders.challenge(event, draft, ctx.locale, self._menu(ctx))
            if taken is not None:
                return [*first, *_with_draft(taken.actions, draft, taken.draft)]
            first = [*first, *dropped]
        # An admin's broadcast or /maintenance under way, /notices, their buttons, users'
        for part in (p for p in (self.notices, self.windows) if p is not None):
            routed = await part.route(event, draft, ctx.locale, self._menu(ctx))
            if routed.step is not None:
                return [*first, *_with_draft(routed.step.actions, draft, routed.step.draft)]
            draft, first = routed.draft, [*first, *routed.dropped]
        if event.kind is Kind.COMMAND:
            if event.command == "human" and handoff is not None:
                step = await handoff.to_person(event, draft, ASKED, self._menu(ctx))
            else:
                step = await self._command(event, draft, ctx)
        elif event.kind is Kind.BUTTON:
            if event.button_data == menu.HUMAN and handoff is not None:
                step = await handoff.to_person(event, draft, ASKED, self._menu(ctx))
            else:  # a report begun in a window's scope is told of it first
                step = await self._button(event, draft, ctx)
                step = await self.windows.opened(event, draft, step, ctx.locale)
            if not any(isinstance(a, AnswerButton) for a in step.actions):
                step.actions.insert(0, AnswerButton())  # every press is acknowledged
        elif handoff is not None and handoff.asks_for_person(event, draft, in_form=True):
            step = await handoff.to_person(event, draft, WORDS, self._menu(ctx))
        elif draft is not None and draft.step != CHOOSE:
            step = await self._report(event, draft, ctx)
        elif handoff is not None and (ticket := await handoff.active(event.user_id)):
            # The ticket's agents read everything the user sends, edits too ("客服，我的
            # 订单..." included: it goes to them, with no hand-off notice each time); a
            # text just after rating a resolved one is the rating's comment instead.
            said = None
            if ticket.status not in ACTIVE and self.rating is not None:
                said = await self.rating.comment(event)
            step = Step(draft, said or await handoff.relay(event, ticket))
        elif handoff is not None and handoff.asks_for_person(event, draft, in_form=False):
            step = await handoff.to_person(event, draft, WORDS, self._menu(ctx))
        elif event.kind is Kind.EDITED:
            step = Step(draft)
        else:  # at the menu: a question is searched for first
            if self.kb is not None and event.kind is Kind.MESSAGE and (event.text or "").strip():
                step = self.kb.ask(event, draft, ctx.locale, self._menu(ctx))
            else:
                hint = View(parts=(Text.of("unknown-input"),), buttons=self._menu(ctx).buttons)
                step = Step(draft, [Send(hint, reply_to=event.message_id)])
            if handoff is not None:  # a hand-off later carries it to the agents
                step.actions.insert(0, Unheard(event.message_ids))
        return [*first, *_with_draft(step.actions, draft, step.draft)]

    async def _report(self, event: Inbound, draft: Draft, ctx: Context) -> Step:
        """The report's step; a report filed goes to the desk, with the user's place in its
        queue told in the confirmation."""
        asked, before = draft.step, draft.answers.get(draft.step)
        step = self.report.handle(event, draft, ctx.locale, event.user_id)
        step = await self.windows.answered(event, asked, before, step, ctx.locale)  # a channel
        if self.orders is not None:
            step = await self.orders.in_report(event, asked, before, step, ctx.locale)
        if self.kb is not None:  # "These may help", before Submit
            step = self.kb.may_help(step, ctx.locale)
        if self.handoff is not None and any(isinstance(a, ToDesk) for a in step.actions):
            step.actions = await self.handoff.with_wait(step.actions, None)
        return step

    def _menu(self, ctx: Context, greeting: Text | None = None) -> View:
        return menu.main_menu(self.content, ctx.locale, greeting, human=self.desk is not None)

    def _help(self, draft: Draft | None, ctx: Context) -> View:
        """What kefu can do and its commands; with the menu's buttons, unless a report is
        under way (its question's buttons stay the ones to use, and keep working)."""
        if draft is not None and draft.step != CHOOSE:
            return View(parts=(Text.of("help"),))
        return View(parts=(Text.of("help"),), buttons=self._menu(ctx).buttons)

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
                    linked = ReportEngine.start_with_order(order)
                    then: list[Action] = [Send(self._menu(ctx, greeting))]
                    if self.orders is not None:
                        return await self.orders.deep_link(event, linked, then)
                    return Step(linked, then)
                greeting = Text.of("start-greeting", name=event.first_name or "")
                return Step(None if draft is None else draft, [Send(self._menu(ctx, greeting))])
            case "cancel":
                if draft is not None and draft.holds_report:
                    return self.report.cancel(draft, ctx.locale)
                # The menu's buttons, so the user has somewhere to go from here.
                return Step(None, [Send(self._menu(ctx, Text.of("nothing-to-cancel")))])
            case "help":
                return Step(draft, [Send(self._help(draft, ctx))])
            case "language":
                return Step(draft, [Send(language.language_chooser())])
            case "order" if self.orders is not None:
                return await self.orders.command(event, draft)
            case "queue" if self.handoff is not None:
                return Step(draft, [Send(await self.handoff.queue_view(event))])
            case _:
                return Step(draft, [Send(self._menu(ctx, Text.of("unknown-command")))])

    async def _button(self, event: Inbound, draft: Draft | None, ctx: Context) -> Step:
        data = event.button_data or ""
        if data.startswith(PREFIX + ":") and draft is not None:
            return await self._report(event, draft, ctx)
        if data == menu.MENU:
            return Step(draft, [Send(self._menu(ctx))])
        if self.rating is not None and (rated := await self.rating.press(event)) is not None:
            return Step(draft, rated)
        if data == menu.LANGUAGES:
            return Step(draft, [Send(language.language_chooser())])
        if data == menu.TICKETS:
            found = await self.tickets.recent(event.user_id, MY_TICKETS_SHOWN)
            view = my_tickets.tickets_view(found, self.content, ctx.locale, self.tz)
            return Step(draft, [Send(view)])
        if data.startswith((my_tickets.DETAIL_PREFIX, my_tickets.CLOSE_PREFIX)):
            step = await self._ticket_button(event, draft, ctx, data)
            if step is not None:
                return step
        if data.startswith(language.LANGUAGE_PREFIX):
            locale = data.removeprefix(language.LANGUAGE_PREFIX)
            if locale in LANGUAGE_NAMES:
                new = Context(locale=locale)
                reply = Send(self._menu(new, Text.of("language-set")))
                return Step(draft, [SetLanguage(locale), reply])
        if data.startswith(menu.CATEGORY_PREFIX):
            category = self.content.category(data.removeprefix(menu.CATEGORY_PREFIX))
            if category is not None:
                return self._open(category.id, draft, ctx)
        if self.orders is not None and (pressed := await self.orders.button(event, draft)):
            return pressed
        if self.kb is not None and (
            read := self.kb.button(event, draft, ctx.locale, self._menu(ctx))
        ):
            return read
        log.info("refused button data from user %s: %r", event.user_id, data[:64])
        if draft is not None and draft.category:  # refused, and the current step again
            return self.report.handle(event, draft, ctx.locale, event.user_id)
        return Step(draft, [Send(self._menu(ctx, Text.of("button-expired")))])

    async def _ticket_button(
        self, event: Inbound, draft: Draft | None, ctx: Context, data: str
    ) -> Step | None:
        """A ticket's detail, or the user closing it; None for a ticket that is not the
        user's (forged data is refused like any stale button)."""
        public_id = data.split(":", 1)[1]
        found = await self.tickets.detail(event.user_id, public_id)
        if found is None:
            return None
        if data.startswith(my_tickets.DETAIL_PREFIX):
            view = my_tickets.detail_view(found, self.content, ctx.locale, self.tz)
            return Step(draft, [Send(view)])
        if found.summary.status not in ACTIVE:
            view = my_tickets.detail_view(found, self.content, ctx.locale, self.tz)
            return Step(draft, [Send(view)])
        close = ChangeTicket(
            public_id,
            event.user_id,
            actor_kind="user",
            actor_name=event.first_name,
            status=TicketStatus.CLOSED,
        )
        told = View(
            parts=(Text.of("my-ticket-closed", id=public_id),), buttons=self._menu(ctx).buttons
        )
        return Step(draft, [close, Send(told)])

    def _open(self, category_id: str, draft: Draft | None, ctx: Context) -> Step:
        """A category was chosen: start its form, unless another report is under way."""
        if draft is None:
            return self.report.start(category_id, ctx.locale)
        if draft.step == CHOOSE:
            # A deep link's order (and what it was found to be), the question asked.
            return self.report.start(category_id, ctx.locale, kept(draft))
        return self.report.offer_resume(draft, ctx.locale)
