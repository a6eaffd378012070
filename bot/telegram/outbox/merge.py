"""A chat's messages, queued one behind the other, sent as fewer messages.

When a chat's budget is short (the agents' group, 20 a minute), a ticket's stream can hold
several copies of the user's messages waiting their turn. Their items carry a
:class:`Merge` (the app decides which may: plain copies of one user chat for one ticket);
as the first of them is about to be sent, it and the mergeable items right behind it in
its stream become one item of a few calls, in their order:

- consecutive plain texts (the app gave them a ``line``: the words, their time in front)
  become ONE text message, a line each (split at Telegram's 4,096 characters if need be);
- consecutive other messages (media, albums) become one copyMessages (an album stays one);
- the header line (the app's words: how many messages, and when they were written) starts
  the first text, or goes alone before the first copies if the run starts with them.

Telegram counts copyMessages one message per copy, so only the texts save budget: a run
is merged only if its calls cost less than its items one by one (the outbox checks
:attr:`Plan.cost`), never for copies alone (the header would cost one more).

Nothing is lost or recorded twice: every merged item keeps its own future and ``settle``.
When the merged item ends, each is told its own share: its copies' message ids, or for a
line the id of the text message it is in (as a :class:`MergedText`, so the app knows that
message holds other lines too: an edit must not overwrite it), or the error if its part
was not delivered. All are awaited before the in-flight slot is freed, as for any item: a
kill before that leaves them all unrecorded, and they are sent again at the next start.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from bot.telegram.ops import CopyMessage, CopyMessages, Op, OpResult, SendText
from bot.telegram.outbox.errors import OutboxClosed
from bot.telegram.outbox.html_text import text_length
from bot.telegram.outbox.lanes import Item, Lane
from bot.telegram.outbox.limiter import op_cost
from bot.telegram.outbox.split import expand

log = logging.getLogger(__name__)

# copyMessages takes 1-100 message ids.
MAX_IDS = 100

# The header's text for the items' notes, in their order (the app's: when each was written).
Header = Callable[[Sequence[Any]], str]


@dataclass(frozen=True, eq=False)
class Merge:
    """That an item may join its stream's neighbours with an equal ``key`` in one call."""

    key: Hashable  # the same key: copies from the same chat, for the same place
    note: Any  # what ``header`` is told of this item
    header: Header
    # Telegram HTML: the message as one line of a merged text (a plain text: its time and
    # words). None: it can only be copied.
    line: str | None = None


@dataclass(frozen=True)
class MergedText(OpResult):
    """A merged item's result when its message went as a line of a merged text: the id is
    that text message's, which holds other messages' lines too."""


@dataclass(frozen=True)
class Place:
    """Where one merged item went: its part, and for copies its share of the part's."""

    part: int
    start: int = 0  # copies: the first of its copies among the part's
    size: int = 0  # copies: how many; 0 for a line
    total: int = 0  # copies: how many the part copies in all


@dataclass(frozen=True)
class Plan:
    """The calls a run becomes, and where each of its items went."""

    parts: list[Op]
    places: list[Place]

    @property
    def cost(self) -> int:
        return sum(op_cost(part) for part in self.parts)


def copied_ids(op: Op) -> tuple[int, ...]:
    """The message ids a plain copy carries (none for anything else)."""
    if isinstance(op, CopyMessage) and op.reply_to is None and op.caption is None:
        return (op.message_id,)
    if isinstance(op, CopyMessages):
        return op.message_ids
    return ()


def run_of(head: Item, following: Sequence[Item]) -> list[Item]:
    """The items right behind ``head`` in its stream that may go with it (its own key, ids
    rising, not withdrawn, at most :data:`MAX_IDS` in all); empty if none may."""
    if head.merge is None or head.index != 0:
        return []
    ids = list(copied_ids(head.parts[0]))
    run: list[Item] = []
    if not ids:
        return run
    for item in following:
        more = copied_ids(item.parts[0]) if len(item.parts) == 1 else ()
        ok = item.merge is not None and item.merge.key == head.merge.key and more
        if not ok or item.future.done() or more[0] <= ids[-1] or len(ids) + len(more) > MAX_IDS:
            break
        ids.extend(more)
        run.append(item)
    return run


def plan_of(head: Item, run: Sequence[Item]) -> Plan:
    """The calls ``head`` and ``run`` become (see the module), in order."""
    items = [head, *run]
    first = head.parts[0]
    assert head.merge is not None
    assert isinstance(first, CopyMessage | CopyMessages)
    chat, source, thread = first.chat_id, first.from_chat_id, first.thread_id
    header = head.merge.header([item.merge.note for item in items if item.merge is not None])
    parts: list[Op] = []
    places: list[Place] = []
    for is_text, grouped in groupby(items, key=lambda i: _line(i) is not None):
        group = list(grouped)
        if is_text:
            lines = [_line(item) or "" for item in group]
            skip = 0 if parts else 1  # the header starts the first text
            if skip:
                lines.insert(0, header)
            texts = expand(SendText(chat, "\n".join(lines), thread_id=thread))
            starts = _parts_of_lines(lines, texts)
            places += [Place(len(parts) + at) for at in starts[skip:]]
            parts += texts
            continue
        if not parts:
            parts.append(SendText(chat, header, thread_id=thread))
        ids = [copied_ids(item.parts[0]) for item in group]
        total, at = sum(len(i) for i in ids), 0
        for share in ids:
            places.append(Place(len(parts), at, len(share), total))
            at += len(share)
        flat = tuple(i for share in ids for i in share)
        parts.append(CopyMessages(chat, source, flat, thread_id=thread))
    return Plan(parts, places)


def merged(
    head: Item, run: list[Item], on_done: Callable[[Item], None], plan: Plan | None = None
) -> Item:
    """One item for ``head`` and ``run``, sending ``plan`` (by default :func:`plan_of`).
    ``on_done`` is called with it once its future is set (the outbox settles it there)."""
    items = [head, *run]
    plan = plan or plan_of(head, run)
    future: asyncio.Future[OpResult] = asyncio.get_running_loop().create_future()
    item = Item(
        parts=plan.parts,
        priority=min(i.priority for i in items),
        future=future,
        seq=head.seq,
        give_up_at=min(i.give_up_at for i in items),
        prepare=head.prepare,
        band=head.band,
        stream=head.stream,
    )
    item.settle = lambda done: _fan_out(item, items, plan.places, done)
    future.add_done_callback(lambda _: _closed_out(items, future))
    future.add_done_callback(lambda _: on_done(item))
    return item


def _line(item: Item) -> str | None:
    return item.merge.line if item.merge is not None else None


def _parts_of_lines(lines: list[str], texts: list[Op]) -> list[int]:
    """For each line of ``"\\n".join(lines)``, the index of the part (of ``texts``, its
    split) the line starts in: the splitter keeps every character, in order."""
    ends, end = [], 0
    for text in texts:
        end += text_length(getattr(text, "text", ""))
        ends.append(end)
    found, offset = [], 0
    for line in lines:
        found.append(next((i for i, e in enumerate(ends) if e > offset), len(texts) - 1))
        offset += text_length(line) + 1
    return found


def _share(place: Place, result: OpResult) -> OpResult:
    """One item's part of its call's result."""
    if not place.size:
        return MergedText(message_ids=result.message_ids[:1])
    if len(result.message_ids) != place.total:
        # Telegram skipped some without saying which: pair none rather than wrongly.
        log.warning("merged copy: %d of %d copied", len(result.message_ids), place.total)
        return OpResult()
    return OpResult(message_ids=result.message_ids[place.start : place.start + place.size])


async def _fan_out(
    item: Item, items: list[Item], places: list[Place], future: asyncio.Future[OpResult]
) -> None:
    """Each merged item told its own share of the result, or the error if its part was
    not delivered (a failed call after the text went: the text's lines did arrive); all
    awaited."""
    error = future.exception() if not future.cancelled() else OutboxClosed("withdrawn")
    told = []
    for merged_item, place in zip(items, places, strict=True):
        merged_item.settled = True  # settled here, not by the outbox's own callback
        if not merged_item.future.done():
            if place.part < len(item.results):
                merged_item.future.set_result(_share(place, item.results[place.part]))
            else:
                merged_item.future.set_exception(error or OutboxClosed("not sent"))
        if merged_item.settle is not None:
            told.append(merged_item.settle(merged_item.future))
    for outcome in await asyncio.gather(*told, return_exceptions=True):
        if isinstance(outcome, BaseException):
            log.error("recording a merged message's outcome failed", exc_info=outcome)


def _closed_out(items: list[Item], future: asyncio.Future[OpResult]) -> None:
    """The outbox closed (or withdrew) the merged item: so are its items, unrecorded."""
    if future.cancelled() or isinstance(future.exception(), OutboxClosed):
        for merged_item in items:
            merged_item.settled = True
            if not merged_item.future.done():
                merged_item.future.set_exception(OutboxClosed("merged item not sent"))


def merge_head(
    lane: Lane,
    item: Item,
    merge_from: int,
    chat_wait: Callable[[int | None, int, float], float],
    now: float,
    settle_elsewhere: Callable[[Item], None],
) -> Item:
    """``item``, or, when the chat cannot pay for the copies queued right behind it in its
    stream (``chat_wait``: the outbox's limiter), one item sending them in fewer messages
    under a header; it takes their place in ``lane``."""
    if item.merge is None or lane.current is not None:
        return item
    run = run_of(item, lane.following(item))
    if not merge_from or len(run) + 1 < merge_from:
        return item
    need = sum(op_cost(i.part) for i in (item, *run))
    if chat_wait(lane.key, need, now) == 0:
        return item  # the budget is not short: each goes as it is
    plan = plan_of(item, run)
    if plan.cost >= need:
        return item  # copies cost one each, so merging them alone would cost more
    one = merged(item, run, settle_elsewhere, plan)
    lane.replace(item, one, run)
    return one
