"""A broadcast's progress as its admin sees it (one message, edited as it goes by the
sender, bot/app/broadcast_progress.py), and what its buttons do.

The buttons carry the broadcast's id (``bc:p:<id>`` pause, ``bc:r:<id>`` resume,
``bc:c:<id>`` cancel) rather than a token: the message lives as long as the broadcast, and
a press that comes too late (a move the state no longer allows) changes nothing in the
store (bot.storage.broadcasts.BroadcastStore.move). Only an admin's press moves it.
"""

from __future__ import annotations

from datetime import timedelta

from dialogs.actions import Action, AnswerButton
from dialogs.notices.actions import MoveBroadcast
from dialogs.notices.broadcast import BroadcastState, Progress
from dialogs.views import ButtonView, Literal, Text, View

PREFIX = "bc:"
_MOVES = {"p": "pause", "r": "resume", "c": "cancel"}
# What the admin is told as a press is taken (the message itself changes at its next edit).
_TOLD = {
    "pause": Text.of("broadcast-pausing"),
    "resume": Text.of("broadcast-resuming"),
    "cancel": Text.of("broadcast-cancelling"),
}
_STATES = {
    BroadcastState.SCHEDULED: Text.of("broadcast-state-scheduled"),
    BroadcastState.RUNNING: Text.of("broadcast-state-running"),
    BroadcastState.PAUSED: Text.of("broadcast-state-paused"),
    BroadcastState.CANCELLED: Text.of("broadcast-state-cancelled"),
    BroadcastState.DONE: Text.of("broadcast-state-done"),
}
NO_FIGURE = "—"


def progress_view(
    broadcast_id: int, state: BroadcastState, progress: Progress, audience: str
) -> View:
    """The broadcast's id, audience and state; sent, blocked, failed, remaining; its rate
    (messages a second) and ETA, or a dash before there is a figure; Pause (scheduled or
    running) or Resume (paused), and Cancel, until it is finished."""
    rate = f"{progress.rate:.1f}" if progress.rate is not None else NO_FIGURE
    eta = _duration(progress.eta) if progress.eta is not None else NO_FIGURE
    text = Text.of(
        "broadcast-progress",
        id=str(broadcast_id),
        audience=audience,
        state=_STATES[state],
        sent=progress.sent,
        blocked=progress.blocked,
        failed=progress.failed,
        remaining=progress.pending,
        rate=Literal(rate),
        eta=Literal(eta),
    )
    if state.finished:
        return View(parts=(text,))
    row: list[ButtonView] = []
    if state is BroadcastState.PAUSED:
        row.append(ButtonView(Text.of("broadcast-resume"), f"{PREFIX}r:{broadcast_id}"))
    else:
        row.append(ButtonView(Text.of("broadcast-pause"), f"{PREFIX}p:{broadcast_id}"))
    row.append(ButtonView(Text.of("broadcast-stop"), f"{PREFIX}c:{broadcast_id}"))
    return View(parts=(text,), buttons=(tuple(row),))


def press(data: str) -> MoveBroadcast | None:
    """The move a progress button asks for; None for data that is not one."""
    if not data.startswith(PREFIX):
        return None
    move, _, number = data.removeprefix(PREFIX).partition(":")
    if move not in _MOVES or not number.isdigit() or len(number) > 18:
        return None
    return MoveBroadcast(int(number), _MOVES[move])


def pressed(data: str, by_admin: bool) -> list[Action] | None:
    """An admin's press: the move, and the press answered with what it does. None for
    anyone else's, or data that is no progress button (refused like any expired one)."""
    move = press(data)
    if move is None or not by_admin:
        return None
    return [AnswerButton(_TOLD[move.action]), move]


def _duration(left: timedelta) -> str:
    """H:MM:SS, the same in every language."""
    seconds = int(left.total_seconds())
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
