"""Where maintenance windows meet a private chat (dialogs.router asks at a few points):

- :meth:`MaintenanceRoute.route`, beside the notices: an admin's /maintenance and its
  steps (dialogs.notices.maintenance_admin), a user's window buttons (Continue my report,
  Tell me when it's over). To anyone but an admin /maintenance is an unknown command.
- :meth:`~MaintenanceRoute.opened`: a report just begun in a category a window on now
  covers (or the whole service): the window's notice is told first, instead of the
  form's first question, which Continue asks. Once per window and report.
- :meth:`~MaintenanceRoute.answered`: the payment channel just answered, and a window on
  now covers it: told first likewise; one starting within :data:`AVOID_LEAD`: the user is
  told to avoid the channel then, above the next question.
- :meth:`~MaintenanceRoute.shown`: every main menu sent gets the banner of the windows on
  now; the maintenance article (id :data:`ARTICLE`) shows them above its text.

"Now" is the event's date (a press is dated when kefu took it).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dialogs.actions import Action, AnswerButton, DropDraft, Origin, Send, SetLanguage
from dialogs.content import Content
from dialogs.events import Inbound, Kind
from dialogs.kb.views import shown_article
from dialogs.notices import maintenance_views as views
from dialogs.notices.actions import WishNotice
from dialogs.notices.maintenance_admin import MaintenanceAdmin, Stage, is_maintenance
from dialogs.notices.maintenance_admin_views import PREFIX as ADMIN_PREFIX
from dialogs.notices.routing import Routed
from dialogs.ports.notices import NoticeLookup
from dialogs.ports.windows import WindowLookup
from dialogs.report.draft import RESUME, Draft
from dialogs.report.engine import ReportEngine, Step
from dialogs.user import menu
from dialogs.views import ButtonView, Text, View

# What the router's notices are given: the admins' ids, what the notices read and, where
# the app keeps maintenance windows, what the dialogs read of them.
NoticeReads = (
    tuple[frozenset[int], NoticeLookup] | tuple[frozenset[int], NoticeLookup, WindowLookup]
)
# The windows a report was told of (its draft's answers: "~" is never a field id).
TOLD = "~told"
# How long before a window a user choosing its channel is told to avoid it (the watch's
# default lead before an announced window, Tuning.window_lead).
AVOID_LEAD = timedelta(hours=1)
ARTICLE = "maintenance"  # the knowledge base's article that shows the windows on now


class MaintenanceRoute:
    """The maintenance windows' part of a private chat's routing; with no ``windows`` (no
    store of them) it changes nothing."""

    def __init__(
        self,
        content: Content,
        tz: ZoneInfo,
        report: ReportEngine,
        admins: frozenset[int] = frozenset(),
        windows: WindowLookup | None = None,
        *,
        human: bool = False,
    ) -> None:
        """``human``: an agents' desk answers ("Talk to a person" is offered)."""
        self.content = content
        self.tz = tz
        self.report = report
        self.admins = admins
        self.windows = windows
        self.human = human
        self.channel_field = content.desk.tags.channel_field
        self.admin = MaintenanceAdmin(content, tz, windows) if windows is not None else None
        self._menus: dict[str, Any] = {}

    @classmethod
    def of(
        cls, content: Content, tz: ZoneInfo, report: ReportEngine, notices: NoticeReads | None,
        *, human: bool,
    ) -> MaintenanceRoute:  # fmt: skip
        """The part the router's ``notices`` give (none without the windows' lookup)."""
        windows = notices[2] if notices is not None and len(notices) == 3 else None
        if notices is None or windows is None:
            return cls(content, tz, report, human=human)
        return cls(content, tz, report, notices[0], windows, human=human)

    async def route(self, event: Inbound, draft: Draft | None, locale: str, menu: View) -> Routed:
        """Its answer to a private chat's event (as dialogs.notices.routing's: ``step`` when
        it took the event; else the draft to go on with, and what gave up /maintenance)."""
        if self.windows is None or self.admin is None:
            return Routed(None, draft)
        admin, ours = event.user_id in self.admins, is_maintenance(draft)
        if ours and not admin:  # no longer an admin: what they had begun is forgotten
            return Routed(None, None, [DropDraft()])
        match event.kind:
            case Kind.COMMAND:
                if event.command == "maintenance" and admin:
                    if draft is not None and draft.under_way:  # a report's answers are kept
                        first = View(parts=(Text.of("maintenance-admin-report-first"),))
                        return Routed(Step(draft, [Send(first)]), draft)
                    return Routed(await self.admin.start(event.date, locale), draft)
                if ours and event.command == "cancel":
                    return Routed(self.admin.cancel(menu), draft)
            case Kind.BUTTON:
                return await self._button(event, draft, ours, locale, menu)
            case Kind.MESSAGE if ours and draft is not None:
                if draft.step != Stage.LIST:
                    return Routed(await self.admin.take(event, draft, locale), draft)
                # The admin only looked at the list: the message is handled as usual.
            case Kind.EDITED if ours:  # an edit of a message already taken changes nothing
                return Routed(Step(draft), draft)
        return _given_up(draft) if ours else Routed(None, draft)

    async def _button(
        self, event: Inbound, draft: Draft | None, ours: bool, locale: str, menu: View
    ) -> Routed:
        data = event.button_data or ""
        step: Step | None = None
        if data.startswith(ADMIN_PREFIX + ":"):
            if ours and draft is not None and self.admin is not None:
                step = await self.admin.press(event, draft, locale, menu)
        elif ours:
            return _given_up(draft)
        elif data.startswith(views.PREFIX + ":"):
            step = await self._pressed(event, draft, locale)
        if step is None:  # not ours, an older prompt's, or forged: refused as expired
            return Routed(None, draft)
        step.actions.insert(0, AnswerButton())
        return Routed(step, draft)

    async def _pressed(self, event: Inbound, draft: Draft | None, locale: str) -> Step | None:
        """Continue my report (its present step, asked again), Tell me when it's over (a
        window on now: the wish kept, once however often pressed)."""
        _, action, arg = [*(event.button_data or "").split(":", 2), "", ""][:3]
        if action == views.GO and draft is not None and draft.under_way and arg == draft.token:
            return self.report.again(draft, locale)
        if action != views.TELL or not (arg.isascii() and arg.isdigit()) or self.windows is None:
            return None
        if int(arg) not in dict(await self.windows.active(event.date)):
            return None  # over already, or forged
        return Step(draft, [WishNotice(f"window:{int(arg)}"), Send(views.wish_noted(draft))])

    async def opened(self, event: Inbound, before: Draft | None, step: Step, locale: str) -> Step:
        """``step`` began a report (``before``: the draft until then): a window on now in
        its category's scope is told first."""
        draft = step.draft
        if self.windows is None or draft is None or not draft.under_way or draft.step == RESUME:
            return step
        if before is not None and before.under_way:  # not begun now: under way already
            return step
        return await self._told_first(event, draft, step, locale, None)

    async def answered(
        self, event: Inbound, asked: str, before: Any, step: Step, locale: str
    ) -> Step:
        """After the report took an answer to field ``asked`` (``before``: its answer until
        now): a payment channel under maintenance is told first; one whose window starts
        soon, to be avoided, above the next question."""
        draft = step.draft
        if self.windows is None or draft is None or event.kind is Kind.EDITED:
            return step
        channel = draft.answers.get(asked)
        if asked != self.channel_field or channel is None or channel == before:
            return step
        told = await self._told_first(event, draft, step, locale, str(channel))
        if told is not step:
            return told
        now = event.date
        soon = [
            views.avoid(w, occurrence, str(channel), self.tz, self.content, locale)
            for _, w in await self.windows.starting_within(now, AVOID_LEAD)
            if w.scope.covers(draft.category, str(channel))
            and (occurrence := w.starting_within(now, AVOID_LEAD)) is not None
        ]
        at = _last_send(step.actions)
        if not soon or at is None:
            return step
        question = step.actions[at]
        assert isinstance(question, Send)
        led = replace(question, view=replace(question.view, parts=(*soon, *question.view.parts)))
        return Step(draft, [*step.actions[:at], led, *step.actions[at + 1 :]])

    async def _told_first(
        self, event: Inbound, draft: Draft, step: Step, locale: str, channel: str | None
    ) -> Step:
        """The windows on now covering the draft's category (and ``channel``) that it was
        not told of: their notice instead of the step's question (``step`` itself when
        there is none)."""
        assert self.windows is not None
        told = draft.answers.get(TOLD)
        told = [i for i in told if isinstance(i, int)] if isinstance(told, list) else []
        on = [
            (window_id, window)
            for window_id, window in await self.windows.active(event.date)
            if window_id not in told and window.scope.covers(draft.category, channel)
        ]
        at = _last_send(step.actions)
        if not on or at is None:
            return step
        draft.answers[TOLD] = [*told, *(window_id for window_id, _ in on)]
        notice = views.told_first(
            on, event.date, self.tz, self.content, locale, draft, person=self.human
        )
        return Step(draft, [*step.actions[:at], Send(notice), *step.actions[at + 1 :]])

    async def shown(self, event: Inbound, locale: str, actions: list[Action]) -> list[Action]:
        """``actions`` with the banner of the windows on now in each main menu they send,
        and those windows (or that none is on) above the maintenance article."""
        if self.windows is None or not event.is_private:
            return actions
        marked: list[tuple[int, bool, str]] = []  # (where, a menu, in which language)
        for at, action in enumerate(actions):
            if isinstance(action, SetLanguage):  # what follows is in the new language
                locale = action.locale
            elif isinstance(action, Send) and isinstance(action.to, Origin):
                if action.view.buttons and action.view.buttons == self._menu(locale):
                    marked.append((at, True, locale))
                elif shown_article(action.view) == ARTICLE:
                    marked.append((at, False, locale))
        if not marked:
            return actions
        on = await self.windows.active(event.date)
        out = list(actions)
        for at, is_menu, language in marked:
            send = out[at]
            assert isinstance(send, Send)
            parts = send.view.parts
            if is_menu:  # under the menu's words, just above its buttons
                banner = views.banner(on, event.date, self.tz, self.content, language)
                parts = (*parts, *banner)
            else:
                parts = (*views.live(on, event.date, self.tz, self.content, language), *parts)
            out[at] = replace(send, view=replace(send.view, parts=parts))
        return out

    def _menu(self, locale: str) -> tuple[tuple[ButtonView, ...], ...]:
        """The main menu's buttons in ``locale`` (a view with them is the main menu)."""
        if locale not in self._menus:
            built = menu.main_menu(self.content, locale, human=self.human)
            self._menus[locale] = built.buttons
        return self._menus[locale]


def _given_up(draft: Draft | None) -> Routed:
    return Routed(None, None, [DropDraft()] if draft is not None else [])


def _last_send(actions: list[Action]) -> int | None:
    """Where the step's question is: its last message."""
    return next((i for i in range(len(actions) - 1, -1, -1) if isinstance(actions[i], Send)), None)
