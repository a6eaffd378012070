"""Fit operations into Telegram's size limits (pure: no I/O, no clock).

A text over 4,096 characters becomes several messages, cut at line ends (a single over-long
line at a space, else anywhere), never inside a tag or an entity. A tag open at a cut is
closed at the end of that part and opened again at the start of the next, so each part is
valid HTML on its own. A caption over 1,024 characters leaves its photo, video or document
and follows as text. The texts a paid broadcast is split into are paid too.
"""

from __future__ import annotations

from dataclasses import replace

from bot.telegram.ops import (
    CAPTION_LIMIT,
    TEXT_LIMIT,
    Keyboard,
    Op,
    SendDocument,
    SendMediaGroup,
    SendPhoto,
    SendText,
    SendVideo,
    is_paid,
)
from bot.telegram.outbox.html_text import Piece, closing_tag, text_length, tokenize


def split_html(markup: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Cut Telegram HTML into parts whose text length is at most ``limit`` each.

    The parts' plain texts, joined, give back the original's: the newline or space a part
    was cut at stays at the end of that part.
    """
    if limit < 2:  # a character outside the BMP takes 2 units and cannot be cut
        raise ValueError("limit must be at least 2")
    pieces = tokenize(markup)
    rest = [0] * (len(pieces) + 1)  # rest[i]: text length from piece i to the end
    for i in range(len(pieces) - 1, -1, -1):
        rest[i] = rest[i + 1] + pieces[i].length
    if rest[0] <= limit:
        return [markup]

    parts: list[str] = []
    open_tags: list[Piece] = []  # opening tags in force where the current part starts
    start = 0
    while start < len(pieces):
        cut = len(pieces) if rest[start] <= limit else _cut(pieces, start, limit)
        body = pieces[start:cut]
        head = "".join(tag.raw for tag in open_tags)
        _track(open_tags, body)
        tail = "".join(closing_tag(tag.tag or "") for tag in reversed(open_tags))
        parts.append(head + "".join(p.raw for p in body) + tail)
        start = cut
    return parts


def _cut(pieces: list[Piece], start: int, limit: int) -> int:
    """Where the part starting at ``start`` ends (exclusive index)."""
    used = 0
    end = start
    newline = space = None
    while used + pieces[end].length <= limit:  # rest > limit, so this stops in range
        used += pieces[end].length
        if pieces[end].plain == "\n":
            newline = end
        elif pieces[end].plain == " ":
            space = end
        end += 1
    if newline is not None:
        end = newline + 1
    elif space is not None:
        end = space + 1
    # An opening tag right before the cut belongs with the text it opens...
    while end > start + 1 and pieces[end - 1].opening:
        end -= 1
    # ...and closing tags right after it end this part rather than start the next empty.
    while end < len(pieces) and pieces[end].closing:
        end += 1
    return end


def _track(open_tags: list[Piece], body: list[Piece]) -> None:
    """Update the stack of open tags by what ``body`` opens and closes."""
    for piece in body:
        if piece.opening:
            open_tags.append(piece)
        elif piece.closing:
            # Close the innermost tag of that name (and anything left open inside it); a
            # stray closing tag is the caller's mistake and changes nothing here.
            for depth in range(len(open_tags) - 1, -1, -1):
                if open_tags[depth].tag == piece.tag:
                    del open_tags[depth:]
                    break


def _texts(
    chat_id: int,
    markup: str,
    buttons: Keyboard | None,
    thread_id: int | None,
    reply_to: int | None = None,
    paid: bool = False,
) -> list[SendText]:
    """Messages for one text: the reply goes on the first part, buttons on the last."""
    parts = split_html(markup)
    last = len(parts) - 1
    return [
        SendText(
            chat_id,
            part,
            buttons=buttons if i == last else None,
            thread_id=thread_id,
            reply_to=reply_to if i == 0 else None,
            paid_broadcast=paid,
        )
        for i, part in enumerate(parts)
    ]


def expand(op: Op) -> list[Op]:
    """The calls that deliver ``op`` within Telegram's size limits, in sending order."""
    paid = is_paid(op)
    if isinstance(op, SendText):
        if text_length(op.text) <= TEXT_LIMIT:
            return [op]
        return list(_texts(op.chat_id, op.text, op.buttons, op.thread_id, op.reply_to, paid))
    if isinstance(op, SendPhoto | SendVideo | SendDocument):
        if op.caption is None or text_length(op.caption) <= CAPTION_LIMIT:
            return [op]
        # Buttons stay on the final message, which is now the caption's last part.
        media = replace(op, caption=None, buttons=None)
        return [media, *_texts(op.chat_id, op.caption, op.buttons, op.thread_id, None, paid)]
    if isinstance(op, SendMediaGroup):
        long = [i for i in op.items if i.caption and text_length(i.caption) > CAPTION_LIMIT]
        if not long:
            return [op]
        items = tuple(replace(i, caption=None) if i in long else i for i in op.items)
        follow: list[Op] = []
        for item in long:
            follow.extend(_texts(op.chat_id, item.caption or "", None, op.thread_id, None, paid))
        return [replace(op, items=items), *follow]
    return [op]
