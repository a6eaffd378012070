"""Where notices meet a private chat (dialogs.router asks at each turn, before the report):
an admin's /broadcast and its steps, a broadcast's progress buttons, and every user's
/notices (notices on or off).

Admins are the ids the app is given (KEFU_ADMIN_IDS): to anyone else /broadcast is an
unknown command and a broadcast's button an expired one, so nothing says they exist. A
broadcast under way takes the admin's messages, its own buttons and /cancel; any other
command or button gives it up (as an order's challenge is given up) and is handled as if
there had been none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from dialogs.actions import Action, AnswerButton, DropDraft, Send
from dialogs.content import Content
from dialogs.events import Inbound, Kind
from dialogs.notices import progress
from dialogs.notices.actions import SetNotices
from dialogs.notices.compose import Composer, is_broadcast
from dialogs.notices.compose_views import PREFIX as COMPOSE_PREFIX
from dialogs.ports.notices import NoticeLookup
from dialogs.report.draft import Draft
from dialogs.report.engine import Step
from dialogs.views import ButtonView, Text, View

NOTICES_ON, NOTICES_OFF = "nt:on", "nt:off"  # /notices' button: turn them on, or off


@dataclass
class Routed:
    """What the notices made of an event: ``step`` when they took it; else the draft the
    router goes on with and what gave up a broadcast under way (``dropped``)."""

    step: Step | None
    draft: Draft | None
    dropped: list[Action] = field(default_factory=list)


class NoticeRoute:
    """The notices' part of a private chat's routing."""

    def __init__(
        self, content: Content, tz: ZoneInfo, admins: frozenset[int], lookup: NoticeLookup
    ) -> None:
        self.admins = admins
        self.lookup = lookup
        self.composer = Composer(content, tz, lookup)

    async def route(self, event: Inbound, draft: Draft | None, locale: str, menu: View) -> Routed:
        """The notices' answer to a private chat's event; ``menu``: the user's main menu."""
        admin = event.user_id in self.admins
        ours = is_broadcast(draft)
        if ours and not admin:  # no longer an admin: what they had begun is forgotten
            return Routed(None, None, [DropDraft()])
        match event.kind:
            case Kind.COMMAND:
                return await self._command(event, draft, ours, admin, menu)
            case Kind.BUTTON:
                return await self._button(event, draft, ours, admin, locale, menu)
            case Kind.MESSAGE if ours and draft is not None:
                return Routed(await self.composer.take(event, draft, locale), draft)
            case Kind.EDITED if ours:  # an edit of a message already taken changes nothing
                return Routed(Step(draft), draft)
        return Routed(None, draft)

    async def _command(
        self, event: Inbound, draft: Draft | None, ours: bool, admin: bool, menu: View
    ) -> Routed:
        if event.command == "notices":
            view = notices_view(await self.lookup.notices_off(event.user_id))
            return Routed(Step(draft, [Send(view)]), draft)
        if event.command == "broadcast" and admin:
            if draft is not None and draft.under_way:  # a report's answers are not thrown away
                first = View(parts=(Text.of("broadcast-report-first"),))
                return Routed(Step(draft, [Send(first)]), draft)
            return Routed(self.composer.start(), draft)
        if ours and event.command == "cancel":
            return Routed(self.composer.cancel(menu), draft)
        return _given_up(draft) if ours else Routed(None, draft)

    async def _button(
        self, event: Inbound, draft: Draft | None, ours: bool, admin: bool, locale: str, menu: View
    ) -> Routed:
        data = event.button_data or ""
        if data.startswith(progress.PREFIX):
            moved = progress.pressed(data, admin)
            return Routed(Step(draft, moved), draft) if moved is not None else Routed(None, draft)
        if data in (NOTICES_ON, NOTICES_OFF):
            off = data == NOTICES_OFF
            told = [AnswerButton(), SetNotices(off), Send(notices_view(off, changed=True))]
            return Routed(Step(draft, told), draft)
        if data.startswith(COMPOSE_PREFIX + ":"):
            step = await self.composer.press(event, draft, locale, menu) if ours and draft else None
            if step is None:  # an older prompt's, or forged: refused as expired, nothing changed
                return Routed(None, draft)
            step.actions.insert(0, AnswerButton())
            return Routed(step, draft)
        return _given_up(draft) if ours else Routed(None, draft)


def _given_up(draft: Draft | None) -> Routed:
    return Routed(None, None, [DropDraft()] if draft is not None else [])


def notices_view(off: bool, *, changed: bool = False) -> View:
    """Whether the user gets notices (maintenance, paused payment channels, announcements),
    that answers about their own tickets arrive whatever they choose, and the button that
    turns them the other way. ``changed``: said just after the user's press."""
    if off:
        said = Text.of("notices-now-off") if changed else Text.of("notices-off")
        button = ButtonView(Text.of("notices-turn-on"), NOTICES_ON)
    else:
        said = Text.of("notices-now-on") if changed else Text.of("notices-on")
        button = ButtonView(Text.of("notices-turn-off"), NOTICES_OFF)
    return View(parts=(said, Text.of("notices-tickets-always")), buttons=((button,),))
