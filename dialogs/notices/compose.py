"""An admin's /broadcast, step by step, kept in the admin's draft: the message (a text with
its formatting, a photo or video with a caption, an album), its versions for other
languages, the audience (a button or a typed spec), when (now or a time to come), then a
preview with the recipients counted, confirmed (QueueBroadcast) or cancelled.

The draft's steps are named ``~bc:...``, which no report field can be (field ids are
a-z, 0-9 and _), and the broadcast lives under the answers' ``~bc`` key. Every prompt renews
the draft's token, which its buttons carry (compose_views.PREFIX): a press of an older
prompt's button, or forged data, is no press of this one (:meth:`Composer.press` says None).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from dialogs.actions import Action, Send
from dialogs.content import Content
from dialogs.entities_html import to_html
from dialogs.events import Inbound
from dialogs.events import MediaKind as InboundKind
from dialogs.languages import LANGUAGE_NAMES
from dialogs.notices import compose_views as views
from dialogs.notices.actions import QueueBroadcast
from dialogs.notices.broadcast import (
    Audience,
    AudienceError,
    AudienceKind,
    Media,
    MediaKind,
    Message,
)
from dialogs.notices.broadcast import Content as BroadcastContent
from dialogs.notices.schedule import ScheduleError, read_at
from dialogs.ports.notices import NoticeLookup
from dialogs.report.draft import Draft
from dialogs.report.engine import Step
from dialogs.views import Label, Literal, Text, View
from dialogs.when.display import local_time_text


class Stage:
    """The draft's steps."""

    MESSAGE = "~bc:message"
    VARIANTS = "~bc:variants"  # add a version for a language, or continue
    VARIANT = "~bc:variant"  # the version for the language chosen
    AUDIENCE = "~bc:audience"
    WHEN = "~bc:when"
    CONFIRM = "~bc:confirm"  # the preview


STEPS = frozenset(v for k, v in vars(Stage).items() if not k.startswith("_"))
KEY = "~bc"
CHANNELS_SHOWN = 6  # "asked about a channel" buttons, at most
_MEDIA = {InboundKind.PHOTO: MediaKind.PHOTO, InboundKind.VIDEO: MediaKind.VIDEO}


def is_broadcast(draft: Draft | None) -> bool:
    """The draft is an admin's broadcast under way (not a report)."""
    return draft is not None and draft.step in STEPS


def read_message(event: Inbound) -> Message | str:
    """The message ``event`` carries, or the locale key of why it cannot be broadcast."""
    if not event.media and not event.text:
        return "broadcast-media-refused"  # a location, a contact, a poll...
    media = []
    for ref in event.media:
        kind = _MEDIA.get(ref.kind)
        if kind is None:  # stickers, voice, documents...: not what a broadcast carries
            return "broadcast-media-refused"
        media.append(Media(kind, ref.file_id))
    message = Message(to_html(event.text or "", event.entities), tuple(media))
    return message.problem() or message


class Composer:
    """The steps of an admin's broadcast; each method returns the Step (draft, actions)."""

    def __init__(self, content: Content, tz: ZoneInfo, lookup: NoticeLookup) -> None:
        self.content = content
        self.tz = tz
        self.lookup = lookup

    @staticmethod
    def start() -> Step:
        """The first prompt: the message to send."""
        draft = Draft(category="", answers={KEY: {"variants": {}}}, step=Stage.MESSAGE)
        view = View(parts=(Text.of("broadcast-ask-message"),), buttons=(views.cancel_row(draft),))
        return Step(draft, [Send(view)])

    @staticmethod
    def cancel(menu: View) -> Step:
        """Dropped, nothing sent; the menu, so the admin has somewhere to go."""
        return Step(
            None, [Send(View(parts=(Text.of("broadcast-cancelled"),), buttons=menu.buttons))]
        )

    async def take(self, event: Inbound, draft: Draft, locale: str) -> Step:
        """A message at the current step: the broadcast's message or a version of it, a
        typed audience, a typed time; anything else asks the step again."""
        state = _state(draft)
        text = (event.text or "").strip()
        if draft.step in (Stage.MESSAGE, Stage.VARIANT):
            read = read_message(event)
            if isinstance(read, str):
                return await self.ask(draft, draft.step, locale, Text.of(read))
            if draft.step == Stage.MESSAGE:
                state["default"] = read.to_json()
            elif (language := state.pop("for", None)) in LANGUAGE_NAMES:
                state["variants"][language] = read.to_json()
            return await self.ask(draft, Stage.VARIANTS, locale)
        if draft.step == Stage.AUDIENCE and text and not event.media:
            audience = self._audience(text)
            if isinstance(audience, Text):
                return await self.ask(draft, Stage.AUDIENCE, locale, audience)
            state["audience"] = audience.spec
            return await self.ask(draft, Stage.WHEN, locale)
        if draft.step == Stage.WHEN and text and not event.media:
            try:
                at = read_at(text, event.date, self.tz)
            except ScheduleError as refused:
                return await self.ask(draft, Stage.WHEN, locale, Text.of(refused.key))
            state["at"] = at.isoformat()
            return await self.ask(draft, Stage.CONFIRM, locale)
        return await self.ask(draft, draft.step, locale, Text.of("unknown-input"))

    async def press(self, event: Inbound, draft: Draft, locale: str, menu: View) -> Step | None:
        """A button of the current prompt; None for any other (an older prompt's, forged)."""
        parts = (event.button_data or "").split(":", 3)
        if len(parts) < 3 or parts[0] != views.PREFIX or parts[1] != draft.token:
            return None
        action, arg, state = parts[2], parts[3] if len(parts) > 3 else "", _state(draft)
        if action == views.CANCEL:
            return self.cancel(menu)
        match draft.step, action:
            case (Stage.VARIANTS, views.ADD) if arg in LANGUAGE_NAMES:
                state["for"] = arg
                return await self.ask(draft, Stage.VARIANT, locale)
            case (Stage.VARIANTS, views.GO):
                return await self.ask(draft, Stage.AUDIENCE, locale)
            case (Stage.VARIANT, views.BACK):
                state.pop("for", None)
                return await self.ask(draft, Stage.VARIANTS, locale)
            case (Stage.AUDIENCE, views.PICK):
                audience = self._audience(arg)
                if isinstance(audience, Text):
                    return None  # not one the buttons offer: forged
                state["audience"] = audience.spec
                return await self.ask(draft, Stage.WHEN, locale)
            case (Stage.WHEN, views.NOW):
                state["at"] = None
                return await self.ask(draft, Stage.CONFIRM, locale)
            case (Stage.CONFIRM, views.OK):
                return self._queue(state)
        return None

    async def ask(self, draft: Draft, step: str, locale: str, said: Text | None = None) -> Step:
        """The prompt of ``step`` (after ``said``: why the last answer was refused), its
        buttons made new so that older ones stop working."""
        state = _state(draft)
        # A draft missing what an earlier step gave (it cannot be, but it never breaks):
        # that step is asked again.
        if step != Stage.MESSAGE and "default" not in state:
            step = Stage.MESSAGE
        elif step == Stage.CONFIRM and "audience" not in state:
            step = Stage.AUDIENCE
        draft.step = step
        draft.renew()
        first: tuple[Label, ...] = (said,) if said is not None else ()
        sends: list[Action] = []
        match step:
            case Stage.MESSAGE:
                parts, rows = (Text.of("broadcast-ask-message"),), (views.cancel_row(draft),)
            case Stage.VARIANT:
                language = LANGUAGE_NAMES.get(state.get("for", ""), "")
                parts = (Text.of("broadcast-ask-variant", language=language),)
                back = views.button(draft, Text.of("broadcast-back"), views.BACK)
                rows = ((back, *views.cancel_row(draft)),)
            case Stage.VARIANTS:
                done = list(state["variants"])
                parts = (Text.of("broadcast-ask-variants", languages=views.languages_text(done)),)
                rows = views.variant_rows(draft, state["variants"])
            case Stage.AUDIENCE:
                channels = await self.lookup.asked_channels(CHANNELS_SHOWN)
                parts = (Text.of("broadcast-ask-audience"),)
                rows = views.audience_rows(draft, self.content, locale, channels)
            case Stage.WHEN:
                parts = (Text.of("broadcast-ask-when", zone=self.tz.key),)
                now = views.button(draft, Text.of("broadcast-now"), views.NOW)
                rows = ((now, *views.cancel_row(draft)),)
            case _:
                sends, parts = await self._preview(state, locale)
                ok = views.button(draft, Text.of("broadcast-confirm"), views.OK)
                rows = ((ok, *views.cancel_row(draft)),)
        return Step(draft, [*sends, Send(View(parts=(*first, *parts), buttons=rows))])

    async def _preview(
        self, state: dict[str, Any], locale: str
    ) -> tuple[list[Action], tuple[Label, ...]]:
        """Each version as its users will see it, then what the summary says: the audience,
        how many it holds now, when."""
        content = _content(state)
        audience = Audience.parse(state["audience"])
        count = await self.lookup.count(audience.spec, content.essential)
        at = state.get("at")
        when: Label = (
            Literal(local_time_text(datetime.fromisoformat(at), self.tz))
            if at
            else Text.of("broadcast-when-now")
        )
        shown: list[Action] = [
            Send(views.message_view(m)) for m in (content.default, *content.variants.values())
        ]
        versions = (
            Text.of(
                "broadcast-preview-variants", languages=views.languages_text(list(content.variants))
            )
            if content.variants
            else Text.of("broadcast-preview-single")
        )
        label = views.audience_label(audience, self.content, locale)
        summary = Text.of(
            "broadcast-preview", audience=label, spec=audience.spec, count=count, when=when
        )
        return shown, (versions, summary)

    @staticmethod
    def _queue(state: dict[str, Any]) -> Step:
        at = state.get("at")
        queue = QueueBroadcast(
            _content(state), state["audience"], datetime.fromisoformat(at) if at else None
        )
        return Step(None, [queue, Send(View(parts=(Text.of("broadcast-queued"),)))])

    def _audience(self, spec: str) -> Audience | Text:
        """The audience ``spec`` names, or why it names none (a locale key, with the spec)."""
        try:
            audience = Audience.parse(spec)
        except AudienceError as refused:
            return Text.of(refused.key, spec=spec)
        if (
            audience.kind is AudienceKind.CATEGORY
            and self.content.category(audience.value or "") is None
        ):
            return Text.of("broadcast-bad-category", spec=spec)
        return audience


def _state(draft: Draft) -> dict[str, Any]:
    state = draft.answers.setdefault(KEY, {})
    if not isinstance(state, dict):
        state = draft.answers[KEY] = {}
    if not isinstance(state.get("variants"), dict):
        state["variants"] = {}
    return state


def _content(state: dict[str, Any]) -> BroadcastContent:
    variants = {code: Message.from_json(m) for code, m in state["variants"].items()}
    return BroadcastContent(Message.from_json(state["default"]), variants)
