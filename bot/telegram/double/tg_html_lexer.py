"""The byte-level half of Telegram's HTML parser: character references and tag attributes.

Ported from TDLib's ``decode_html_entity`` and the attribute loop of ``parse_html``
(td/telegram/MessageEntity.cpp); :mod:`bot.telegram.double.tg_html` builds on it. Indexes
are byte offsets into the UTF-8 text, because TDLib reports errors "at byte offset N".
"""

from __future__ import annotations

SPACES = frozenset(b" \t\r\n\v\f\0")
LT, GT, AMP, SLASH, EQ = (ord(c) for c in "<>&/=")


class HtmlError(ValueError):
    """The text is not valid Telegram HTML; ``str(error)`` is TDLib's message."""


def is_space(c: int) -> bool:
    # TDLib's is_space() counts the terminating NUL as space, which is how running off
    # the end of the text ends every scan below.
    return c in SPACES


def decode_entity(data: bytes, pos: int) -> tuple[int, int]:
    """Decode ``&...;`` at ``pos``: (code point or 0 if not an entity, position after it)."""

    def at(k: int) -> int:
        return data[k] if k < len(data) else 0

    end = pos + 1
    code = 0
    if at(pos + 1) == ord("#"):
        end += 1
        if at(pos + 2) == ord("x"):
            end += 1
            while chr(at(end)) in "0123456789abcdefABCDEF" and at(end):
                code = code * 16 + int(chr(at(end)), 16)
                end += 1
        else:
            while ord("0") <= at(end) <= ord("9"):
                code = code * 10 + at(end) - ord("0")
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return 0, pos
    else:
        while chr(at(end)).isascii() and chr(at(end)).isalpha():
            end += 1
        name = data[pos + 1 : end]
        code = {b"lt": 0x3C, b"gt": 0x3E, b"amp": 0x26, b"quot": 0x22}.get(name, 0)
        if code == 0:
            return 0, pos
    if at(end) == ord(";"):
        end += 1
    return code, end


def read_attributes(data: bytes, i: int, tag: str, begin: int) -> tuple[str, int]:
    """Read a start tag's attributes up to its '>'; return (the argument kept, index of '>')."""
    n = len(data)

    def at(k: int) -> int:
        return data[k] if k < n else 0

    argument = ""
    while at(i) != GT:
        while at(i) != 0 and is_space(at(i)):
            i += 1
        if at(i) == GT:
            break
        name_begin = i
        while not is_space(at(i)) and at(i) not in (EQ, GT):
            i += 1
        name = data[name_begin:i].decode("utf-8", "replace")
        if not name:
            raise HtmlError(f'Empty attribute name in the tag "{tag}" at byte offset {begin}')
        while at(i) != 0 and is_space(at(i)):
            i += 1
        if at(i) != EQ:
            if tag == "blockquote" and name == "expandable":  # a valueless attribute
                argument = "expandable"
                continue
            raise HtmlError(
                "Expected equal sign in declaration of an attribute of the tag "
                f'"{tag}" at byte offset {begin}'
            )
        i += 1
        while at(i) != 0 and is_space(at(i)):
            i += 1
        if at(i) == 0:
            raise HtmlError(f'Unclosed start tag "{tag}" at byte offset {begin}')
        if at(i) not in (ord("'"), ord('"')):
            token_begin = i
            while chr(at(i)).isascii() and (chr(at(i)).isalnum() or at(i) in b".-") and at(i):
                i += 1
            value = data[token_begin:i].decode("ascii").lower()
            if not is_space(at(i)) and at(i) != GT:
                raise HtmlError(f"Unexpected end of name token at byte offset {token_begin}")
        else:
            quote = at(i)
            i += 1
            raw = bytearray()
            while at(i) != quote and at(i) != 0:
                if at(i) == AMP:
                    code, after = decode_entity(data, i)
                    if code:
                        raw += chr(code).encode("utf-8", "surrogatepass")
                        i = after
                        continue
                raw.append(at(i))
                i += 1
            if at(i) == quote:
                i += 1
            value = raw.decode("utf-8", "replace")
        if at(i) == 0:
            raise HtmlError(f"Unclosed start tag at byte offset {begin}")
        if tag == "a" and name == "href":
            argument = value
        elif tag == "code" and name == "class" and value.startswith("language-"):
            argument = value[len("language-") :]
        elif tag == "span" and name == "class" and value.startswith("tg-"):
            argument = value[len("tg-") :]
        elif tag == "tg-emoji" and name == "emoji-id":
            argument = value
    return argument, i
