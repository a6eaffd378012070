"""A message's text and its entities (bold, links, code...) back into Telegram HTML, so a
person's formatted words can be sent again as the bot's own text with a line added (an
agent's alias) and read exactly as they were written.

Entity offsets and lengths are in UTF-16 code units, as Telegram counts them. Entities
nest (bold inside a link) or follow each other; Telegram never sends overlapping ones
that do not nest, and one that would is closed and reopened around the other here.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from dialogs.events import TextEntity

# Entity types and their tags; the ones not here (mentions, hashtags, commands, URLs as
# written...) are plain text that Telegram recognises again by itself.
_SIMPLE = {
    "bold": "b",
    "italic": "i",
    "underline": "u",
    "strikethrough": "s",
    "spoiler": "tg-spoiler",
    "code": "code",
    "blockquote": "blockquote",
    "expandable_blockquote": "blockquote expandable",
}


def _open(entity: TextEntity) -> str | None:
    kind = entity.type
    if kind in _SIMPLE:
        return f"<{_SIMPLE[kind]}>"
    if kind == "pre":
        lang = f' class="language-{html.escape(entity.language)}"' if entity.language else ""
        return f"<pre><code{lang}>" if lang else "<pre>"
    if kind == "text_link" and entity.url:
        return f'<a href="{html.escape(entity.url)}">'
    if kind == "text_mention" and entity.user_id:
        return f'<a href="tg://user?id={entity.user_id}">'
    if kind == "custom_emoji" and entity.custom_emoji_id:
        return f'<tg-emoji emoji-id="{html.escape(entity.custom_emoji_id)}">'
    return None


def _close(entity: TextEntity) -> str:
    kind = entity.type
    if kind in _SIMPLE:
        return f"</{_SIMPLE[kind].split()[0]}>"
    if kind == "pre":
        return "</code></pre>" if entity.language else "</pre>"
    if kind == "custom_emoji":
        return "</tg-emoji>"
    return "</a>"


def to_html(text: str, entities: Sequence[TextEntity]) -> str:
    """``text`` with ``entities`` as Telegram HTML, every other character escaped."""
    tagged = [e for e in entities if _open(e) is not None and e.length > 0]
    # Outer entities first where two start together, so inner ones close first.
    tagged.sort(key=lambda e: (e.offset, -e.length))
    units = text.encode("utf-16-le")
    total = len(units) // 2
    out: list[str] = []
    stack: list[TextEntity] = []
    position, next_entity = 0, 0
    while True:
        _close_ending(stack, position, out)
        while next_entity < len(tagged) and tagged[next_entity].offset == position:
            entity = tagged[next_entity]
            out.append(_open(entity) or "")
            stack.append(entity)
            next_entity += 1
        if position >= total:
            break
        high = 0xD800 <= int.from_bytes(units[position * 2 : position * 2 + 2], "little") < 0xDC00
        step = 2 if high else 1
        char = units[position * 2 : (position + step) * 2].decode("utf-16-le")
        out.append(html.escape(char, quote=False))
        position += step
    out.extend(_close(e) for e in reversed(stack))  # any running past the text's end
    return "".join(out)


def _close_ending(stack: list[TextEntity], position: int, out: list[str]) -> None:
    """Close the entities that end at ``position``; one opened later that does not end
    here is closed with it and opened again after, so tags always nest."""
    if not any(e.offset + e.length <= position for e in stack):
        return
    reopen: list[TextEntity] = []
    while any(e.offset + e.length <= position for e in stack):
        entity = stack.pop()
        out.append(_close(entity))
        if entity.offset + entity.length > position:
            reopen.append(entity)
    for entity in reversed(reopen):
        out.append(_open(entity) or "")
        stack.append(entity)
