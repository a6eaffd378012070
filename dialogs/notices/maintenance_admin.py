"""An admin's /maintenance, step by step, kept in the admin's draft: the windows on or
planned, each with End (EndWindow); or Start: the scope (the whole service, a category, a
payment channel), the message (one text, and a version per language if wished), the
expected end (a time to come, read as a broadcast's is), announced or not, a preview, then
Confirm (StartWindow: on from that moment) or Cancel.

The draft's steps are named ``~mw:...`` (no report field can be: field ids are a-z, 0-9
and _), and the window lives under the answers' ``~mw`` key. Every prompt renews the
draft's token, which its buttons carry (maintenance_admin_views.PREFIX): a press of an
older prompt's button, or forged data, is no press of this one (:meth:`press` says None).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dialogs.actions import Send
from dialogs.content import Content
from dialogs.events import Inbound
from dialogs.languages import LANGUAGE_NAMES, LOCALES
from dialogs.notices import maintenance_admin_views as views
from dialogs.notices.actions import EndWindow, StartWindow
from dialogs.notices.maintenance_views import scope_label
from dialogs.notices.schedule import ScheduleError, read_at
from dialogs.notices.windows import Window
from dialogs.ports.windows import WindowLookup
from dialogs.report.draft import Draft
from dialogs.report.engine import Step
from dialogs.views import Label, Literal, Text, View
from dialogs.when.display import local_time_text


class Stage:
    """The draft's steps, in their order."""

    LIST = "~mw:list"  # the windows on or planned: End one, or Start
    SCOPE = "~mw:scope"
    MESSAGE = "~mw:message"
    VARIANTS = "~mw:variants"  # add a version for a language, or continue
    VARIANT = "~mw:variant"  # the version for the language chosen
    END = "~mw:end"
    ANNOUNCE = "~mw:announce"
    CONFIRM = "~mw:confirm"  # the preview


ORDER = [v for k, v in vars(Stage).items() if not k.startswith("_")]
STEPS = frozenset(ORDER)
KEY = "~mw"
MESSAGE_CHARS = 1000  # as `kefu maintenance start` takes: with kefu's lines, one message
HORIZON = timedelta(days=366)  # how far ahead planned windows are listed
# What a step needs from an earlier one: missing (it cannot be, but never breaks), that
# step is asked again.
_NEEDS = ((Stage.SCOPE, "scope"), (Stage.MESSAGE, "default"), (Stage.END, "end"),
          (Stage.ANNOUNCE, "announce"))  # fmt: skip
# An expected end refused: said in the words of an end rather than of a broadcast's time.
_TIME_KEYS = {"broadcast-bad-time": "maintenance-admin-bad-time",
              "broadcast-time-past": "maintenance-admin-time-past"}  # fmt: skip


def is_maintenance(draft: Draft | None) -> bool:
    """The draft is an admin's /maintenance under way (not a report)."""
    return draft is not None and draft.step in STEPS


class MaintenanceAdmin:
    """The steps of an admin's /maintenance; each method returns the Step (draft, actions)."""

    def __init__(self, content: Content, tz: ZoneInfo, windows: WindowLookup) -> None:
        self.content = content
        self.tz = tz
        self.windows = windows

    async def start(self, now: datetime, locale: str) -> Step:
        """The windows on or planned, each with End, and Start."""
        draft = Draft(category="", answers={KEY: {"variants": {}}}, step=Stage.LIST)
        return await self.ask(draft, Stage.LIST, now, locale)

    @staticmethod
    def cancel(menu: View) -> Step:
        """Dropped, nothing changed; the menu, so the admin has somewhere to go."""
        said = View(parts=(Text.of("maintenance-admin-cancelled"),), buttons=menu.buttons)
        return Step(None, [Send(said)])

    async def take(self, event: Inbound, draft: Draft, locale: str) -> Step:
        """A message at the current step: the message or a version of it, a typed end;
        anything else asks the step again."""
        state, now = _state(draft), event.date
        text = (event.text or "").strip()
        if draft.step in (Stage.MESSAGE, Stage.VARIANT):
            if event.media or not text:
                return await self.ask(draft, draft.step, now, locale,
                                      Text.of("maintenance-admin-text-only"))  # fmt: skip
            if len(text) > MESSAGE_CHARS:
                too_long = Text.of("maintenance-admin-too-long", count=len(text),
                                   limit=MESSAGE_CHARS)  # fmt: skip
                return await self.ask(draft, draft.step, now, locale, too_long)
            if draft.step == Stage.MESSAGE:
                state["default"] = text
            elif (language := state.pop("for", None)) in LANGUAGE_NAMES:
                state["variants"][language] = text
            return await self.ask(draft, Stage.VARIANTS, now, locale)
        if draft.step == Stage.END and text and not event.media:
            try:
                at = read_at(text, now, self.tz)
            except ScheduleError as refused:
                why = Text.of(_TIME_KEYS.get(refused.key, refused.key))
                return await self.ask(draft, Stage.END, now, locale, why)
            state["end"] = at.isoformat()
            return await self.ask(draft, Stage.ANNOUNCE, now, locale)
        return await self.ask(draft, draft.step, now, locale, Text.of("unknown-input"))

    async def press(self, event: Inbound, draft: Draft, locale: str, menu: View) -> Step | None:
        """A button of the current prompt; None for any other (an older prompt's, forged)."""
        parts = (event.button_data or "").split(":", 3)
        if len(parts) < 3 or parts[0] != views.PREFIX or parts[1] != draft.token:
            return None
        action, arg, state = parts[2], parts[3] if len(parts) > 3 else "", _state(draft)
        now = event.date
        if action == views.CANCEL:
            return self.cancel(menu)
        match draft.step, action:
            case (Stage.LIST, views.START):
                return await self.ask(draft, Stage.SCOPE, now, locale)
            case (Stage.LIST, views.END) if arg.isascii() and arg.isdigit():
                return await self._end(int(arg), now)
            case (Stage.SCOPE, views.PICK):
                if views.scope_of(arg) not in views.scopes(self.content):
                    return None  # not one the buttons offer: forged
                state["scope"] = arg
                return await self.ask(draft, Stage.MESSAGE, now, locale)
            case (Stage.VARIANTS, views.ADD) if arg in LANGUAGE_NAMES:
                state["for"] = arg
                return await self.ask(draft, Stage.VARIANT, now, locale)
            case (Stage.VARIANTS, views.GO):
                return await self.ask(draft, Stage.END, now, locale)
            case (Stage.VARIANT, views.BACK):
                state.pop("for", None)
                return await self.ask(draft, Stage.VARIANTS, now, locale)
            case (Stage.ANNOUNCE, views.YES | views.NO):
                state["announce"] = action == views.YES
                return await self.ask(draft, Stage.CONFIRM, now, locale)
            case (Stage.CONFIRM, views.OK):
                return await self._start(draft, now, locale)
        return None

    async def ask(
        self, draft: Draft, step: str, now: datetime, locale: str, said: Label | None = None
    ) -> Step:
        """The prompt of ``step`` (after ``said``: why the last answer was refused), its
        buttons made new so that older ones stop working."""
        state = _state(draft)
        for needed, key in _NEEDS:
            if ORDER.index(step) > ORDER.index(needed) and key not in state:
                step = needed
                break
        draft.step = step
        draft.renew()
        cancel = views.cancel_row(draft)
        rows: views.Rows = (cancel,)
        match step:
            case Stage.LIST:
                found = await self._found(now)
                parts, rows = views.listed(found, now, self.tz, self.content, locale, draft)
            case Stage.SCOPE:
                parts = (Text.of("maintenance-admin-ask-scope"),)
                rows = views.scope_rows(draft, self.content, locale)
            case Stage.MESSAGE:
                parts = (Text.of("maintenance-admin-ask-message", limit=MESSAGE_CHARS),)
            case Stage.VARIANTS:
                done = views.languages_text(list(state["variants"]))
                parts = (Text.of("broadcast-ask-variants", languages=done),)
                rows = views.variant_rows(draft, state["variants"])
            case Stage.VARIANT:
                language = LANGUAGE_NAMES.get(state.get("for", ""), "")
                parts = (Text.of("broadcast-ask-variant", language=language),)
                rows = ((views.button(draft, Text.of("broadcast-back"), views.BACK), *cancel),)
            case Stage.END:
                parts = (Text.of("maintenance-admin-ask-end", zone=self.tz.key),)
            case Stage.ANNOUNCE:
                scope = self._scope(state, locale)
                parts = (Text.of("maintenance-admin-ask-announce", scope=scope),)
                yes = views.button(draft, Text.of("maintenance-admin-announce-yes"), views.YES)
                no = views.button(draft, Text.of("maintenance-admin-announce-no"), views.NO)
                rows = ((yes, no), cancel)
            case _:
                parts = (self._preview(state, locale),)
                rows = ((views.button(draft, Text.of("maintenance-admin-confirm"), views.OK),
                         *cancel),)  # fmt: skip
        first: tuple[Label, ...] = (said,) if said is not None else ()
        return Step(draft, [Send(View(parts=(*first, *parts), buttons=rows))])

    def _preview(self, state: dict[str, Any], locale: str) -> Label:
        end = datetime.fromisoformat(state["end"])
        told = (
            Text.of("maintenance-admin-announced-yes")
            if state["announce"]
            else Text.of("maintenance-admin-announced-no")
        )
        return Text.of(
            "maintenance-admin-preview",
            scope=self._scope(state, locale),
            end=local_time_text(end, self.tz),
            announce=told,
            messages=views.messages_text(_messages(state)),
        )

    async def _start(self, draft: Draft, now: datetime, locale: str) -> Step:
        state = _state(draft)
        scope = views.scope_of(state["scope"])
        end = datetime.fromisoformat(state["end"])
        if scope is None or end <= now:  # the end passed while the preview was read
            why = Text.of("maintenance-admin-time-past")
            return await self.ask(draft, Stage.END, now, locale, why)
        # From the minute (as `kefu maintenance start` does): a message Telegram dates to
        # the whole second, just after the press, must find it on.
        start = now.replace(second=0, microsecond=0)
        window = Window(scope, _messages(state), start, end, tz=self.tz)
        started = View(parts=(Text.of("maintenance-admin-started"),))
        return Step(None, [StartWindow(window, bool(state["announce"])), Send(started)])

    async def _end(self, window_id: int, now: datetime) -> Step | None:
        """End (or cancel, before it began) a window listed; None for one not on the list
        now (ended meanwhile, or forged)."""
        window = dict(await self._found(now)).get(window_id)
        if window is None or not views.endable(window, now):
            return None
        key = "maintenance-admin-ended" if window.current(now) else "maintenance-admin-dropped"
        return Step(None, [EndWindow(window_id), Send(View(parts=(Text.of(key, id=window_id),)))])

    async def _found(self, now: datetime) -> list[tuple[int, Window]]:
        """The windows on now, then those planned within :data:`HORIZON`, by id."""
        found = dict(await self.windows.active(now))
        for window_id, window in await self.windows.starting_within(now, HORIZON):
            found.setdefault(window_id, window)
        return sorted(found.items())

    def _scope(self, state: dict[str, Any], locale: str) -> Label:
        scope = views.scope_of(state.get("scope", ""))
        return scope_label(scope, self.content, locale) if scope is not None else Literal("—")


def _state(draft: Draft) -> dict[str, Any]:
    state = draft.answers.setdefault(KEY, {})
    if not isinstance(state, dict):
        state = draft.answers[KEY] = {}
    if not isinstance(state.get("variants"), dict):
        state["variants"] = {}
    return state


def _messages(state: dict[str, Any]) -> dict[str, str]:
    """The message in every language: its own version, else the one text given."""
    return {code: state["variants"].get(code) or state["default"] for code in LOCALES}
