"""How the agents' group's budget (Telegram's 20 messages a minute) is spent: each outbox
row into the group is given its band, its stream and whether it may be merged, as the
sender hands it to the outbox (bot.telegram.outbox: ``lanes.py``, ``merge.py``).

Nothing new is stored: the terms are read off the row as it is (its desk link, its
``fill``, its operation), so rows left pending by a crash get the same terms at the next
start. A ticket's rows are one stream (they leave in the order they were committed); the
bands, first spent first:

- ``OPEN_URGENT``: the topic and card of a ticket filed urgent (``link["urgent"]``, set
  where the topic is made, bot.app.desk_topics);
- ``OPEN``: other tickets' topics and cards, and the report's files after the card;
- ``RELAY``: the user's messages copied into the topic (``link`` kind "pair") and their
  edits following the copies; in the group outside tickets, answers to agents' commands;
- ``KEFU``: everything else kefu says there: card edits, topic renames, reminders,
  notices.

A plain copy of the user's message into a topic may be merged with the copies queued right
behind it (bot.telegram.outbox.merge), under one header line in the desk's locale: "3
messages, 14:02–14:05", the times when the user wrote them (the rows were committed), in
the operator's time zone. A plain text (the relay put its words, as Telegram HTML, in
``link["text"]``) merges as a line of one text message: "14:02 I paid 100"; that is what
saves budget, as Telegram counts a copyMessages one message per copy. Such a row's links
are marked merged (:func:`outcome_link`): the desk message holds other lines too, so an
edit of one is told, not written over it.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.app.render import Renderer
from bot.storage.models import OutboxMessage
from bot.telegram.ops import EditCaption, EditText, Op, OpResult, SendMediaGroup
from bot.telegram.outbox import Band, Merge, Priority
from bot.telegram.outbox.merge import MergedText, copied_ids
from dialogs.views import Text, View


@dataclass(frozen=True)
class MergedWords:
    """The words of merged messages: the header line, and each text's line, in ``tz``."""

    renderer: Renderer
    tz: ZoneInfo
    default_locale: str = "en"

    def __call__(self, times: Sequence[datetime], locale: str | None) -> str:
        """The header: how many, and from when to when."""
        first, last = (min(times), max(times)) if times else (None, None)
        start, end = self.clock(first), self.clock(last)
        key = "desk-budget-merged" if start != end else "desk-budget-merged-at"
        label = Text.of(key, count=len(times), first=start, last=end)
        return self.renderer.text(View(parts=(label,)), locale or self.default_locale)

    def line(self, at: datetime | None, words: str) -> str:
        """One text's line: when it was written, then its words (Telegram HTML, as is)."""
        clock = self.clock(at)
        return f"{clock} {words}" if clock else words

    def clock(self, at: datetime | None) -> str:
        return at.astimezone(self.tz).strftime("%H:%M") if at is not None else ""


# What words merged messages (the sender's ``header``).
HeaderText = MergedWords


def merged_header(renderer: Renderer, tz: ZoneInfo, default_locale: str = "en") -> HeaderText:
    """The words of merged messages: the header line, each text's line (see the module)."""
    return MergedWords(renderer, tz, default_locale)


def outcome_link(link: dict[str, Any] | None, result: OpResult) -> dict[str, Any] | None:
    """The link to record with a sent row: marked ``merged`` when its message went as a
    line of a merged text (bot.storage.desk links it so: an edit of it is told, since
    writing the edit over that message would wipe the other lines)."""
    if link is not None and isinstance(result, MergedText):
        return {**link, "merged": True}
    return link


def band_of(row: OutboxMessage, op: Op) -> Band:
    """The row's band in its chat's lane (see the module)."""
    link = row.link or {}
    kind = link.get("kind")
    if row.ticket_id is None:
        return Band.RELAY if row.priority == Priority.ANSWER else Band.KEFU
    if kind in ("topic", "card"):
        return Band.OPEN_URGENT if link.get("urgent") else Band.OPEN
    if isinstance(op, SendMediaGroup):  # the report's files follow its card
        return Band.OPEN
    if kind == "pair" or (isinstance(op, EditText | EditCaption) and row.fill is None):
        return Band.RELAY
    return Band.KEFU


def lane_terms(row: OutboxMessage, op: Op, header: HeaderText | None) -> dict[str, Any]:
    """The outbox's ``band``, ``stream`` and ``merge`` for a row into a group (a private
    chat's rows are one stream, in order: nothing to say)."""
    if row.chat_id is None or row.chat_id > 0:
        return {}
    # A ticketless row answers an agent (its own stream: never behind a spam wave's copies)
    # or is kefu's own (the spam topic's copies, alerts).
    if row.ticket_id is not None:
        stream: Hashable | None = ("ticket", row.ticket_id)
    else:
        stream = ("answers",) if row.priority == Priority.ANSWER else ("kefu",)
    terms: dict[str, Any] = {"band": band_of(row, op), "stream": stream}
    link = row.link or {}
    mergeable = (
        header is not None
        and row.fill == "topic"  # a chain's copies answer the card one by one: not merged
        and link.get("kind") == "pair"
        and link.get("origin") == "user"
        and copied_ids(op)
    )
    if mergeable:
        assert header is not None
        locale = row.locale
        words = link.get("text")
        terms["merge"] = Merge(
            key=(row.ticket_id, getattr(op, "from_chat_id", None)),
            note=row.created_at,
            header=lambda times: header(times, locale),
            line=header.line(row.created_at, words) if isinstance(words, str) else None,
        )
    return terms
