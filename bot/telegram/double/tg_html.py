"""Telegram's HTML parse mode, ported from TDLib's ``parse_html`` (td/telegram/MessageEntity.cpp).

The port keeps TDLib's order of checks and its error texts, byte offsets included, so the
double rejects exactly what Telegram rejects ("Unsupported start tag "p" at byte offset 0",
"Can't find end tag corresponding to start tag "b"", ...). Offsets in the returned
entities count UTF-16 code units, as the Bot API's do. Not ported: link normalisation
(an ``href`` is kept as written) and Telegram's later automatic detection of URLs,
mentions and hashtags in the text.
"""

from __future__ import annotations

from typing import Any

from bot.telegram.double.tg_html_lexer import (
    AMP,
    GT,
    LT,
    SLASH,
    HtmlError,
    decode_entity,
    is_space,
    read_attributes,
)

__all__ = ["HtmlError", "parse_html"]

ALLOWED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
SIMPLE_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "u": "underline",
    "ins": "underline",
    "tg-spoiler": "spoiler",
}


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML into (plain text, Bot API entities); raise :class:`HtmlError`."""
    data = source.encode("utf-8", "surrogatepass")
    n = len(data)

    def at(k: int) -> int:
        return data[k] if k < n else 0

    out = bytearray()
    utf16 = 0
    entities: list[dict[str, Any]] = []
    # (tag name, argument, utf16 offset, byte position in ``out``)
    stack: list[tuple[str, str, int, int]] = []
    i = 0
    while i < n:
        c = data[i]
        if c == AMP:
            code, after = decode_entity(data, i)
            if code:
                out += chr(code).encode("utf-8", "surrogatepass")
                utf16 += 2 if code > 0xFFFF else 1
                i = after
                continue
        if c != LT:
            if c & 0xC0 != 0x80:  # first byte of a character
                utf16 += 2 if c >= 0xF0 else 1
            out.append(c)
            i += 1
            continue

        begin = i
        i += 1
        if at(i) != SLASH:
            while not is_space(at(i)) and at(i) != GT:
                i += 1
            if at(i) == 0:
                raise HtmlError(f"Unclosed start tag at byte offset {begin}")
            tag = data[begin + 1 : i].decode("utf-8", "replace").lower()
            if tag not in ALLOWED_TAGS:
                raise HtmlError(f'Unsupported start tag "{tag}" at byte offset {begin}')
            argument, i = read_attributes(data, i, tag, begin)
            if tag == "span" and argument != "spoiler":
                raise HtmlError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
            stack.append((tag, argument, utf16, len(out)))
            i += 1  # past '>'
            continue

        # an end tag
        if not stack:
            raise HtmlError(f"Unexpected end tag at byte offset {begin}")
        i += 1
        while not is_space(at(i)) and at(i) != GT:
            i += 1
        end_name = data[begin + 2 : i].decode("utf-8", "replace").lower()
        while is_space(at(i)) and at(i) != 0:
            i += 1
        if at(i) != GT:
            raise HtmlError(f"Unclosed end tag at byte offset {begin}")
        i += 1
        tag, argument, start, out_pos = stack.pop()
        if end_name and end_name != tag:
            raise HtmlError(
                f'Unmatched end tag at byte offset {begin}, expected "</{tag}>", '
                f'found "</{end_name}>"'
            )
        if utf16 > start:
            inner = bytes(out[out_pos:]).decode("utf-8", "surrogatepass")
            _add_entity(entities, tag, argument, start, utf16 - start, inner)
    if stack:
        raise HtmlError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return bytes(out).decode("utf-8", "surrogatepass"), entities


def _add_entity(
    entities: list[dict[str, Any]], tag: str, argument: str, offset: int, length: int, inner: str
) -> None:
    """Append the entity a closed tag makes, merging <pre><code class=...> as TDLib does."""
    base: dict[str, Any] = {"offset": offset, "length": length}
    if tag in SIMPLE_TYPES:
        entities.append({"type": SIMPLE_TYPES[tag], **base})
    elif tag == "span":
        entities.append({"type": "spoiler", **base})
    elif tag == "tg-emoji":
        if not argument.isdigit() or int(argument) == 0:
            raise HtmlError("Invalid custom emoji identifier specified")
        entities.append({"type": "custom_emoji", **base, "custom_emoji_id": argument})
    elif tag == "a":
        url = argument or inner
        if url.startswith("tg://user?id=") and url[len("tg://user?id=") :].isdigit():
            user = {"id": int(url[len("tg://user?id=") :]), "is_bot": False, "first_name": ""}
            entities.append({"type": "text_mention", **base, "user": user})
        elif url:
            entities.append({"type": "text_link", **base, "url": url})
    elif tag == "pre":
        last = entities[-1] if entities else None
        if (
            last
            and last["type"] == "code"
            and last["offset"] == offset
            and last["length"] == length
            and last.get("language")
        ):
            last["type"] = "pre"
        else:
            entities.append({"type": "pre", **base})
    elif tag == "code":
        last = entities[-1] if entities else None
        if (
            last
            and last["type"] == "pre"
            and last["offset"] == offset
            and last["length"] == length
            and argument
        ):
            last["language"] = argument
        else:
            entity = {"type": "code", **base}
            if argument:
                entity["language"] = argument  # kept until a surrounding <pre> closes
            entities.append(entity)
    elif tag == "blockquote":
        kind = "expandable_blockquote" if argument == "expandable" else "blockquote"
        entities.append({"type": kind, **base})
