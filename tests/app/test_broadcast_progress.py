"""The admin's progress message when a broadcast ends before its first progress message has
landed (two recipients, and the admin's chat behind at Telegram's pace): once it lands it is
edited to "done", rather than staying at "sending, remaining 2" for ever; and a slow look
from the start, ending after the end's, never puts it back to "sending"."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

from bot.app.broadcast_progress import ProgressMessage
from bot.telegram.ops import EditText, OpResult, SendText
from dialogs.notices.broadcast import BroadcastState, RecipientState
from tests.dialogs.report.report_driver import renderer

ADMIN_CHAT = 900


class Store:
    """The recipients' counts as the sender reads them, and where the message was kept."""

    def __init__(self) -> None:
        self.counts_now = {RecipientState.PENDING: 2}
        self.kept: list[tuple[int, int, int]] = []

    async def counts(self, broadcast_id: int) -> dict[str, int]:
        return dict(self.counts_now)

    async def set_progress(self, broadcast_id: int, chat_id: int, message_id: int) -> None:
        self.kept.append((broadcast_id, chat_id, message_id))


class Outbox:
    """Holds each submitted op's future for the test to answer."""

    def __init__(self) -> None:
        self.ops: list[tuple[Any, asyncio.Future[OpResult]]] = []

    def submit(self, op: Any, priority: Any) -> asyncio.Future[OpResult]:
        future: asyncio.Future[OpResult] = asyncio.get_running_loop().create_future()
        self.ops.append((op, future))
        return future


def progress_message(store: Store, outbox: Outbox, broadcast_id: int) -> ProgressMessage:
    """The progress of broadcast ``broadcast_id``, confirmed in the admin's chat."""
    sender = SimpleNamespace(
        clock=SimpleNamespace(monotonic=lambda: 100.0),
        tuning=SimpleNamespace(progress_every=5.0),
        store=store,
        outbox=outbox,
        renderer=renderer,
    )
    row = SimpleNamespace(
        id=broadcast_id,
        progress_message=None,
        progress_chat=ADMIN_CHAT,
        audience="locale:zh-Hans",
        locale="en",
    )
    return ProgressMessage(sender, row)  # type: ignore[arg-type]


async def settle() -> None:
    for _ in range(5):  # the callbacks' tasks, each a hop or two
        await asyncio.sleep(0)


async def test_an_end_before_the_first_message_lands_is_shown_once_it_does() -> None:
    store, outbox = Store(), Outbox()
    progress = progress_message(store, outbox, 7)
    progress.show_soon(BroadcastState.RUNNING)
    await settle()
    ((first, landing),) = outbox.ops
    assert isinstance(first, SendText) and "remaining 2" in first.text

    # Both sent and the run ends while the first message is still queued for the chat.
    store.counts_now = {RecipientState.SENT: 2}
    await progress.show(BroadcastState.DONE, force=True)
    assert len(outbox.ops) == 1  # nothing to edit yet

    landing.set_result(OpResult(message_ids=(4321,)))
    await settle()
    assert store.kept == [(7, ADMIN_CHAT, 4321)]
    (_, (edit, _)) = outbox.ops
    assert isinstance(edit, EditText) and edit.message_id == 4321
    assert ": done" in edit.text and "Sent 2 · blocked 0 · failed 0 · remaining 0" in edit.text


class SlowStore(Store):
    """The first read of the counts waits until the test lets it go."""

    def __init__(self) -> None:
        super().__init__()
        self.first_read = asyncio.Event()
        self._reads = 0

    async def counts(self, broadcast_id: int) -> dict[str, int]:
        self._reads += 1
        before = dict(self.counts_now)
        if self._reads == 1:
            await self.first_read.wait()
        return before


async def test_a_slow_look_from_the_start_never_puts_a_finished_broadcast_back() -> None:
    store, outbox = SlowStore(), Outbox()
    progress = progress_message(store, outbox, 8)
    progress.show_soon(BroadcastState.RUNNING)  # reads "remaining 2", slowly
    await settle()
    store.counts_now = {RecipientState.SENT: 2}
    await progress.show(BroadcastState.DONE, force=True)
    ((first, landing),) = outbox.ops
    assert ": done" in first.text

    store.first_read.set()  # the start's look ends after the end's
    await settle()
    landing.set_result(OpResult(message_ids=(55,)))
    await settle()
    assert [op for op, _ in outbox.ops] == [first]  # never edited back to "sending"
