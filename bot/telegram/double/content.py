"""What a bot may put in a message: formatted text and keyboards, checked as Telegram does.

Text is measured after parsing, in UTF-16 code units: 4096 for a message, 1024 for a
caption. Inline buttons need exactly one action; callback_data is 1-64 bytes of UTF-8.
Only parse_mode HTML is implemented (kefu writes Telegram HTML); MarkdownV2 and Markdown
are refused with a 400 that says so, rather than being accepted unchecked.
"""

from __future__ import annotations

from typing import Any

from bot.telegram.double.entities import utf16_len
from bot.telegram.double.errors import ApiError, bad_request
from bot.telegram.double.params import Params
from bot.telegram.double.tg_html import HtmlError, parse_html

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)


def read_formatted(
    params: Params, field: str, *, mode_field: str = "parse_mode", entities_field: str = "entities"
) -> tuple[str | None, list[dict[str, Any]]]:
    """(plain text, entities) of a text or caption parameter, parsed per its parse mode."""
    source = params.get_str(field)
    if source is None:
        return None, []
    mode = (params.get_str(mode_field) or "").strip().lower()
    if mode == "html":
        try:
            return parse_html(source)
        except HtmlError as exc:
            raise bad_request(f"can't parse entities: {exc}") from None
    if mode:
        raise bad_request("unsupported parse_mode (the Bot API double implements HTML only)")
    entities = params.get_json(entities_field, f"can't parse {entities_field} JSON object")
    if entities is not None and not isinstance(entities, list):
        raise bad_request(f"can't parse {entities_field} JSON object")
    return source, list(entities or [])


def message_text(params: Params, *, editing: bool = False) -> tuple[str, list[dict[str, Any]]]:
    """The ``text`` of sendMessage/editMessageText: not empty, at most 4096 UTF-16 units."""
    text, entities = read_formatted(params, "text")
    if text is None or not text.strip():
        raise bad_request("message text is empty")
    if utf16_len(text) > TEXT_LIMIT:
        raise bad_request("MESSAGE_TOO_LONG" if editing else "message is too long")
    return text, entities


def caption(
    params: Params, field: str = "caption", source: Params | None = None
) -> tuple[str | None, list[dict[str, Any]]]:
    """A caption (optional), at most 1024 UTF-16 units after parsing."""
    text, entities = read_formatted(source or params, field, entities_field="caption_entities")
    if text is not None and utf16_len(text) > CAPTION_LIMIT:
        raise bad_request("message caption is too long")
    if text is not None and not text.strip():
        return None, []
    return text, entities


_MARKUP_ERROR = "can't parse reply keyboard markup JSON object"


def reply_markup(params: Params) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(inline keyboard, other keyboard) from ``reply_markup``; either may be None."""
    markup = params.get_json("reply_markup", _MARKUP_ERROR)
    if markup is None:
        return None, None
    if not isinstance(markup, dict):
        raise bad_request(_MARKUP_ERROR)
    if "inline_keyboard" in markup:
        rows = [row for row in _inline_rows(markup["inline_keyboard"]) if row]
        # An empty keyboard is no keyboard: Telegram leaves reply_markup out of the message.
        return ({"inline_keyboard": rows} if rows else None), None
    if any(k in markup for k in ("keyboard", "remove_keyboard", "force_reply")):
        return None, markup
    raise bad_request(_MARKUP_ERROR)


def _inline_rows(rows: Any) -> list[list[dict[str, Any]]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    return [[_inline_button(button) for button in row] for row in rows]


def _inline_button(button: Any) -> dict[str, Any]:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise ApiError(
            400, "Bad Request: can't parse inline keyboard button: Text must be a String"
        )
    clean = {k: v for k, v in button.items() if v is not None}
    actions = [k for k in _BUTTON_ACTIONS if k in clean]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    data = clean.get("callback_data")
    if data is not None:
        size = len(str(data).encode("utf-8"))
        if size == 0 or size > CALLBACK_DATA_LIMIT:
            raise bad_request("BUTTON_DATA_INVALID")
    url = clean.get("url")
    if url is not None and not str(url).startswith(("http://", "https://", "tg://")):
        raise bad_request("BUTTON_URL_INVALID")
    return clean
