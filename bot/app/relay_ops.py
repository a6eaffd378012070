"""Which Bot API operation carries a relayed message across the desk: a copy (any content
type, the bot as sender), an album copied whole, or, for an agent with an alias, the
agent's words sent again as the bot's own text with the alias line under them."""

from __future__ import annotations

from bot.telegram.entities_html import to_html
from bot.telegram.ops import (
    CAPTION_LIMIT,
    CopyMessage,
    CopyMessages,
    EditCaption,
    EditText,
    Op,
    SendText,
)
from bot.telegram.outbox.html_text import escape, text_length
from dialogs.events import Inbound, MediaKind

# What may carry a caption, and so an alias line under it.
_CAPTIONED = frozenset(
    {
        MediaKind.PHOTO,
        MediaKind.DOCUMENT,
        MediaKind.VIDEO,
        MediaKind.AUDIO,
        MediaKind.ANIMATION,
        MediaKind.VOICE,
    }
)


MAX_COPIES = 100  # message ids copyMessages takes in one call


def copy(to: int, source: int, message_ids: tuple[int, ...], reply: int | None) -> Op:
    """One message copied (answering ``reply`` if it is known on this side), or an album
    copied whole, so it stays one album."""
    if len(message_ids) > 1:
        return CopyMessages(to, source, message_ids)
    return CopyMessage(to, source, message_ids[0], reply_to=reply)


def agent_copy(to: int, source: int, event: Inbound, reply: int | None, alias: str | None) -> Op:
    """An agent's message for the user, with the agent's alias line if they set one: a
    text is sent again as the bot's own (formatting kept), a captioned file copied with
    the line under its caption. An album, a sticker or a location goes without it."""
    line = f"— {escape(alias)}" if alias else None
    if line is None or len(event.message_ids) > 1:
        return copy(to, source, event.message_ids, reply)
    words = to_html(event.text or "", event.entities)
    if not event.media and event.text:
        return SendText(to, f"{words}\n\n{line}", reply_to=reply)
    kinds = {m.kind for m in event.media}
    caption = f"{words}\n\n{line}" if event.text else line
    if event.media and kinds <= _CAPTIONED and text_length(caption) <= CAPTION_LIMIT:
        return CopyMessage(to, source, event.message_ids[0], reply_to=reply, caption=caption)
    return copy(to, source, event.message_ids, reply)


def edited(to: int, copy_id: int, event: Inbound, alias: str | None) -> Op:
    """The new text of an edited message, onto its copy (the alias line kept)."""
    words = to_html(event.text or "", event.entities)
    if alias:
        words = f"{words}\n\n— {escape(alias)}"
    return EditCaption(to, copy_id, words) if event.media else EditText(to, copy_id, words)
