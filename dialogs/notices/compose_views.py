"""What an admin's /broadcast shows (dialogs.notices.compose decides when): its prompts'
buttons, an audience in words, and a broadcast's message as its users will see it."""

from __future__ import annotations

from dialogs.content import Content
from dialogs.languages import LANGUAGE_NAMES
from dialogs.limits import CALLBACK_DATA_LIMIT
from dialogs.notices.broadcast import Audience, AudienceKind, MediaKind, Message
from dialogs.report.draft import Draft
from dialogs.views import ButtonView, Html, Label, Literal, Text, View

PREFIX = "bd"  # bd:<token>:<action>[:<arg>]: a button of the admin's current prompt
CATEGORY_DAYS = 30  # the category buttons' window ("reported it in the last 30 days")
# The buttons' actions.
CANCEL, ADD, GO, BACK, PICK, NOW, OK = "cancel", "add", "go", "back", "aud", "now", "ok"


def button(draft: Draft, label: Label, action: str, arg: str = "") -> ButtonView:
    """A button of the prompt going out now (the draft's current token)."""
    return ButtonView(label, f"{PREFIX}:{draft.token}:{action}" + (f":{arg}" if arg else ""))


def cancel_row(draft: Draft) -> tuple[ButtonView, ...]:
    return (button(draft, Text.of("broadcast-cancel"), CANCEL),)


def variant_rows(draft: Draft, done: dict[str, object]) -> tuple[tuple[ButtonView, ...], ...]:
    """A button per language ("Add English version", or "Replace" once there is one),
    then Continue, then Cancel."""
    adds = tuple(
        button(
            draft,
            Text.of("broadcast-redo-variant" if locale in done else "broadcast-add-variant",
                    language=name),
            ADD,
            locale,
        )
        for locale, name in LANGUAGE_NAMES.items()
    )  # fmt: skip
    go = (button(draft, Text.of("broadcast-continue"), GO),)
    return (adds, go, cancel_row(draft))


def audience_rows(
    draft: Draft, content: Content, locale: str, channels: list[str]
) -> tuple[tuple[ButtonView, ...], ...]:
    """Everyone; each language; users with open tickets; each category's reporters of the
    last 30 days; users who asked about a channel (``channels``); Cancel."""
    specs: list[list[str]] = [
        ["all"],
        [f"locale:{code}" for code in LANGUAGE_NAMES],
        ["open-tickets"],
    ]
    categories = [f"category:{c.id}:{CATEGORY_DAYS}" for c in content.categories]
    specs += [categories[i : i + 2] for i in range(0, len(categories), 2)]
    specs += [[f"asked:channel:{channel}"] for channel in channels]
    rows = []
    for row in specs:
        buttons = tuple(
            button(draft, audience_label(Audience.parse(spec), content, locale), PICK, spec)
            for spec in row
            if len(f"{PREFIX}:{draft.token}:{PICK}:{spec}".encode()) <= CALLBACK_DATA_LIMIT
        )
        if buttons:
            rows.append(buttons)
    return (*rows, cancel_row(draft))


def audience_label(audience: Audience, content: Content, locale: str) -> Label:
    """The audience in words, in the admin's language."""
    value, days = audience.value or "", audience.days
    match audience.kind:
        case AudienceKind.LOCALE:
            return Text.of("broadcast-audience-locale", language=LANGUAGE_NAMES[value])
        case AudienceKind.OPEN_TICKETS:
            return Text.of("broadcast-audience-open")
        case AudienceKind.CATEGORY:
            category = content.category(value)
            title = category.title.get(locale) if category is not None else value
            return Text.of("broadcast-audience-category", category=title, days=days)
        case AudienceKind.CHANNEL:
            name = channel_name(value, content, locale)
            return Text.of("broadcast-audience-channel", channel=name, days=days)
        case AudienceKind.ASKED:
            kind, _, target = value.partition(":")
            if kind == "channel":
                name = channel_name(target, content, locale)
                return Text.of("broadcast-audience-asked", channel=name)
            return Text.of("broadcast-audience-window", window=target)
    return Text.of("broadcast-audience-all")


def channel_name(channel: str, content: Content, locale: str) -> str:
    """A payment channel as the report forms name it (its choice's title), else its id."""
    field = content.fields.get(content.desk.tags.channel_field)
    for choice in (field.choices or []) if field is not None else []:
        if choice.id == channel:
            return choice.title.get(locale)
    return channel


def message_view(message: Message) -> View:
    """The message as a recipient reads it: a text as it is; media (which a text message
    cannot carry) named in a line above its caption."""
    if not message.media:
        return View(parts=(Html(message.text),))
    photos = sum(1 for m in message.media if m.kind is MediaKind.PHOTO)
    note = Text.of("broadcast-preview-media", photos=photos, videos=len(message.media) - photos)
    return View(parts=(note, Html(message.text)) if message.text.strip() else (note,))


def languages_text(codes: list[str]) -> Literal:
    """Languages by their own names ("English, 繁體中文"); a dash for none."""
    return Literal(", ".join(LANGUAGE_NAMES[c] for c in codes if c in LANGUAGE_NAMES) or "—")
