"""Reading one answer for one field, by the field's kind; a bad answer becomes a refusal
that says, in the user's language, what is wanted (with the field's example)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from dialogs.events import Inbound, MediaKind
from dialogs.tickets.report import NO_SCREENSHOTS
from dialogs.views import Literal, Text
from dialogs.when import QUICK_KEYS, WhenError, parse_when, quick_when
from dialogs.when.display import local_time_text

IMAGE_MIME = re.compile(r"^image/")
_AMOUNT = re.compile(
    r"^\s*(?P<pre>[¥￥$]|usdt|usd|cny|rmb)?\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*"
    r"(?P<post>元|块|塊|usdt|usd|cny|rmb|美元|美金)?\s*$",
    re.IGNORECASE,
)
_CURRENCY_WORDS = {
    "¥": "CNY", "￥": "CNY", "元": "CNY", "块": "CNY", "塊": "CNY", "rmb": "CNY", "cny": "CNY",
    "$": "USD", "usd": "USD", "美元": "USD", "美金": "USD", "usdt": "USDT",
}  # fmt: skip


@dataclass(frozen=True)
class Accepted:
    value: Any


@dataclass(frozen=True)
class Refused:
    """Why the answer cannot be taken; ``draft`` is left exactly as it was."""

    reason: Text


Outcome = Accepted | Refused


def _wants_text(
    field: Any, event: Inbound, locale: str, wanted: str = "report-want-text"
) -> Refused | str:
    """The message's text, or the refusal for a sticker, a voice note, a photo...; the
    refusal ``wanted`` says what the step takes (text, or a time, or text or a photo)."""
    if event.media or not event.text:
        return Refused(Text.of(wanted))
    text = event.text.strip()
    if len(text) > field.max_length:
        return Refused(Text.of("text-too-long", length=len(text), limit=field.max_length))
    if field.pattern and not re.fullmatch(field.pattern, text):
        return Refused(_bad_shape(field, locale))
    return text


def _bad_shape(field: Any, locale: str) -> Text:
    example = field.example.get(locale) if field.example else ""
    return Text.of("report-bad-shape", example=Literal(example))


def accept(field: Any, event: Inbound, locale: str, tz: ZoneInfo) -> Outcome:
    """Read ``event`` as the answer to ``field`` (buttons are handled by the engine)."""
    kind = str(field.kind)
    if kind == "when":
        text = _wants_text(field, event, locale, "report-want-when")
        if isinstance(text, Refused):
            return text
        try:
            when = parse_when(text, event.date, tz)
        except WhenError as exc:
            key = "report-when-future" if exc.reason == "future" else "report-when-unreadable"
            return Refused(Text.of(key))
        return Accepted(_when_value(when))
    if kind in ("text", "order"):
        text = _wants_text(field, event, locale)
        return text if isinstance(text, Refused) else Accepted(text)
    if kind == "error":
        photo = _image(event)
        if photo is not None:
            caption = (event.text or "").strip()[: field.max_length] or None
            return Accepted({"text": caption, "photo": photo["file_id"]})
        text = _wants_text(field, event, locale, "report-want-error")
        return text if isinstance(text, Refused) else Accepted({"text": text, "photo": None})
    if kind == "amount":
        return _amount(field, event)
    if kind == "choice":
        return Refused(Text.of("report-use-buttons"))
    if kind == "screenshots":
        images = [m for m in (_image_of(m) for m in event.media) if m is not None]
        if not images:
            return Refused(Text.of("report-want-images"))
        return Accepted(images)
    raise ValueError(f"unknown field kind {kind!r}")


def quick(key: str, event: Inbound, tz: ZoneInfo) -> Outcome:
    if key not in QUICK_KEYS:
        return Refused(Text.of("button-expired"))
    return Accepted(_when_value(quick_when(key, event.date, tz)))


def _when_value(when: Any) -> dict[str, Any]:
    return {"at": when.at.isoformat(), "said": when.said, "approximate": when.approximate}


def _image(event: Inbound) -> dict[str, str] | None:
    for media in event.media:
        image = _image_of(media)
        if image is not None:
            return image
    return None


def _image_of(media: Any) -> dict[str, str] | None:
    if media.kind == MediaKind.PHOTO:
        return {"kind": "photo", "file_id": media.file_id}
    if media.kind == MediaKind.DOCUMENT and IMAGE_MIME.match(media.mime_type or ""):
        return {"kind": "document", "file_id": media.file_id}
    return None


def _amount(field: Any, event: Inbound) -> Outcome:
    currencies = list(field.currencies)
    # Media, or text that is no amount: the one refusal, which says what the step takes.
    match = _AMOUNT.match(event.text) if event.text and not event.media else None
    if not match:
        return Refused(Text.of("report-bad-amount", currencies=", ".join(currencies)))
    word = (match["pre"] or match["post"] or "").lower()
    currency = _CURRENCY_WORDS.get(word, currencies[0]) if word else currencies[0]
    try:
        value = Decimal(match["num"].replace(",", ""))
    except InvalidOperation:
        return Refused(Text.of("report-bad-amount", currencies=", ".join(currencies)))
    if currency not in currencies or value <= 0 or value >= Decimal("1e12"):
        return Refused(Text.of("report-bad-amount", currencies=", ".join(currencies)))
    return Accepted({"value": str(value), "currency": currency})


def display(field: Any, value: Any, locale: str, tz: ZoneInfo) -> Text | Literal:
    """How an answer reads in the summary."""
    if value is None:
        return Text.of("report-skipped")
    kind = str(field.kind)
    if kind == "when":
        at = local_time_text(datetime.fromisoformat(value["at"]), tz)
        if value.get("approximate"):
            return Text.of("report-when-approx", at=at)
        return Literal(at)
    if kind == "choice":
        choice = next((c for c in field.choices if c.id == value), None)
        return Literal(choice.title.get(locale) if choice else str(value))
    if kind == "amount":
        return Literal(f"{value['value']} {value['currency']}")
    if kind == "error":
        if value.get("photo") and value.get("text"):
            return Text.of("report-error-photo-text", text=value["text"])
        return Text.of("report-error-photo") if value.get("photo") else Literal(value["text"])
    if kind == "screenshots":
        if value == NO_SCREENSHOTS:
            return Text.of("report-no-images-value")
        return Text.of("report-images", count=len(value))
    return Literal(str(value))


def images_of(answers: dict[str, Any], field: Any) -> list[Any]:
    """The images a screenshots field holds so far (none after "I don't have one")."""
    value = answers.get(field.id)
    return list(value) if isinstance(value, list) else []
