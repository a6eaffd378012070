"""A message's text and its entities (bold, links, code...) as Telegram HTML, so a person's
formatted words read exactly as they were written when kefu sends them again: an admin's
broadcast, an agent's reply under an alias (bot/telegram/entities_html.py is this one).

Offsets and lengths are UTF-16 code units, as Telegram counts them; nested entities close
inner first, and one that would overlap another without nesting is closed and opened again
around it. Entities with no tag here (mentions, hashtags, URLs as written) are plain text
that Telegram recognises again by itself.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from dialogs.events import TextEntity

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
        lang = html.escape(entity.language) if entity.language else ""
        return f'<pre><code class="language-{lang}">' if lang else "<pre>"
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
    return "</tg-emoji>" if kind == "custom_emoji" else "</a>"


def to_html(text: str, entities: Sequence[TextEntity]) -> str:
    """``text`` with ``entities`` as Telegram HTML, every other character escaped."""
    tagged = sorted(
        (e for e in entities if e.length > 0 and _open(e) is not None),
        key=lambda e: (e.offset, -e.length),  # outer first where two start together
    )
    units = text.encode("utf-16-le")
    out: list[str] = []
    stack: list[TextEntity] = []
    position, following = 0, 0
    while True:
        _close_ending(stack, position, out)
        while following < len(tagged) and tagged[following].offset <= position:
            out.append(_open(tagged[following]) or "")
            stack.append(tagged[following])
            following += 1
        if position * 2 >= len(units):
            break
        unit = int.from_bytes(units[position * 2 : position * 2 + 2], "little")
        step = 2 if 0xD800 <= unit < 0xDC00 else 1  # a surrogate pair is one character
        out.append(
            html.escape(
                units[position * 2 : (position + step) * 2].decode("utf-16-le"), quote=False
            )
        )
        position += step
    out.extend(_close(e) for e in reversed(stack))  # any running past the text's end
    return "".join(out)


def _close_ending(stack: list[TextEntity], position: int, out: list[str]) -> None:
    """Close the entities ending at ``position``; one opened after them that goes on is
    closed with them and opened again, so the tags always nest."""
    reopen: list[TextEntity] = []
    while any(e.offset + e.length <= position for e in stack):
        entity = stack.pop()
        out.append(_close(entity))
        if entity.offset + entity.length > position:
            reopen.append(entity)
    for entity in reversed(reopen):
        out.append(_open(entity) or "")
        stack.append(entity)
