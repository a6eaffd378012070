"""Telegram HTML as Telegram measures it: tags are free, entities count as what they decode
to, and length is in UTF-16 code units (an emoji outside the BMP counts 2).

Pure functions, used by the splitter and by whoever renders user-supplied text.
"""

from __future__ import annotations

import functools
import html
import re
from typing import NamedTuple

# A tag (attribute values may hold ">" inside quotes) or an entity. Anything else, including
# a stray "<" or "&", is a plain character.
_TOKEN = re.compile(
    r"<(?P<close>/)?(?P<name>[a-zA-Z][a-zA-Z0-9-]*)"
    r"(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    r"|&(?:[a-zA-Z][a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);"
)
# The only named entities Telegram decodes; any other "&name;" stays as written.
_NAMED = frozenset({"&lt;", "&gt;", "&amp;", "&quot;"})


class Piece(NamedTuple):
    """One unit the splitter never cuts: a tag, an entity, or a single character."""

    raw: str  # as written in the HTML
    plain: str  # what the reader sees ("" for a tag)
    tag: str | None = None  # the tag's name, lower case; None for text
    closing: bool = False  # "</b>"
    opening: bool = False  # "<b>" (a self-closing "<br/>" is neither)

    @property
    def length(self) -> int:
        return utf16_len(self.plain)


def escape(text: str) -> str:
    """Escape user-supplied text for Telegram HTML (``<``, ``>``, ``&``; quotes stay)."""
    return html.escape(text, quote=False)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's limits."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def tokenize(markup: str) -> list[Piece]:
    """Split Telegram HTML into tags, entities and single characters."""
    pieces: list[Piece] = []
    pos = 0
    for match in _TOKEN.finditer(markup):
        pieces.extend(Piece(ch, ch) for ch in markup[pos : match.start()])
        raw = match.group(0)
        name = match.group("name")
        if name is None:  # an entity
            numeric = raw.startswith("&#")
            pieces.append(Piece(raw, html.unescape(raw) if numeric or raw in _NAMED else raw))
        else:
            closing = match.group("close") is not None
            self_closing = match.group("attrs").rstrip().endswith("/")
            opening = not closing and not self_closing
            pieces.append(Piece(raw, "", name.lower(), closing, opening))
        pos = match.end()
    pieces.extend(Piece(ch, ch) for ch in markup[pos:])
    return pieces


def plain_text(markup: str) -> str:
    """The text a reader sees: tags removed, entities decoded."""
    return "".join(piece.plain for piece in tokenize(markup))


@functools.lru_cache(maxsize=64)  # a broadcast measures one text for every recipient
def text_length(markup: str) -> int:
    """Telegram's length of a text or caption: UTF-16 units of :func:`plain_text`."""
    return utf16_len(plain_text(markup))


def closing_tag(name: str) -> str:
    return f"</{name}>"
