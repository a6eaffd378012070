"""Text plus entities, the other way round: UTF-16 lengths and rendering entities as HTML.

Telegram measures text and places entities in UTF-16 code units, so an emoji counts two.
:func:`to_html` gives the canonical HTML of a message (``<b>``, never ``<strong>``), which
is what the driver shows as ``message.html`` whatever parse mode or entities the bot used.
"""

from __future__ import annotations

import html
from collections import defaultdict
from typing import Any


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts text and entity offsets."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _utf16_to_index(text: str) -> dict[int, int]:
    """Map each UTF-16 offset that starts a character to the Python string index."""
    out: dict[int, int] = {}
    pos = 0
    for index, char in enumerate(text):
        out[pos] = index
        pos += 2 if ord(char) > 0xFFFF else 1
    out[pos] = len(text)
    return out


_TAGS = {
    "bold": ("<b>", "</b>"),
    "italic": ("<i>", "</i>"),
    "underline": ("<u>", "</u>"),
    "strikethrough": ("<s>", "</s>"),
    "spoiler": ("<tg-spoiler>", "</tg-spoiler>"),
    "code": ("<code>", "</code>"),
    "blockquote": ("<blockquote>", "</blockquote>"),
    "expandable_blockquote": ("<blockquote expandable>", "</blockquote>"),
}


def _tags(entity: dict[str, Any]) -> tuple[str, str] | None:
    kind = entity.get("type")
    if kind in _TAGS:
        return _TAGS[kind]
    if kind == "pre":
        language = entity.get("language")
        if language:
            return f'<pre><code class="language-{html.escape(language)}">', "</code></pre>"
        return "<pre>", "</pre>"
    if kind == "text_link":
        return f'<a href="{html.escape(str(entity.get("url", "")))}">', "</a>"
    if kind == "text_mention":
        return f'<a href="tg://user?id={entity.get("user", {}).get("id")}">', "</a>"
    if kind == "custom_emoji":
        return f'<tg-emoji emoji-id="{entity.get("custom_emoji_id")}">', "</tg-emoji>"
    return None  # url, mention, bot_command...: plain text in HTML


def to_html(text: str, entities: list[dict[str, Any]] | tuple[dict[str, Any], ...]) -> str:
    """Render text with (well-nested) entities as Telegram HTML."""
    index = _utf16_to_index(text)
    opens: dict[int, list[str]] = defaultdict(list)
    closes: dict[int, list[str]] = defaultdict(list)
    for entity in sorted(entities, key=lambda e: (e["offset"], -e["length"])):
        tags = _tags(entity)
        start = index.get(entity["offset"])
        end = index.get(entity["offset"] + entity["length"])
        if tags is None or start is None or end is None:
            continue
        opens[start].append(tags[0])
        # An entity opened later closes earlier at the same position: keep nesting valid.
        closes[end].insert(0, tags[1])
    parts: list[str] = []
    for i in range(len(text) + 1):
        parts.extend(closes.get(i, ()))
        parts.extend(opens.get(i, ()))
        if i < len(text):
            parts.append(html.escape(text[i], quote=False))
    return "".join(parts)
