"""A broadcast's progress message: its figures, its state, and the buttons each state
allows (their data as the router reads them back)."""

from __future__ import annotations

import pytest

from dialogs.notices.broadcast import BroadcastState, Progress
from dialogs.notices.progress import press, progress_view
from tests.dialogs.report.report_driver import renderer


def shown(state: BroadcastState, progress: Progress, locale: str = "en") -> tuple[str, list]:
    view = progress_view(1234, state, progress, "locale:en")
    buttons = [(renderer.plain_label(b.label, locale), b.data) for row in view.buttons for b in row]
    return renderer.text(view, locale), buttons


def test_a_running_broadcast_shows_its_figures_rate_and_eta() -> None:
    text, buttons = shown(
        BroadcastState.RUNNING, Progress(sent=900, blocked=7, failed=3, pending=1200, rate=24.0)
    )
    assert "<b>Broadcast #1234</b> to <code>locale:en</code>: sending" in text
    assert "Sent 900 · blocked 7 · failed 3 · remaining 1,200" in text
    assert "Rate: 24.0 msg/s · ETA: 0:00:50" in text
    assert buttons == [("⏸ Pause", "bc:p:1234"), ("✖ Cancel", "bc:c:1234")]


def test_before_there_is_a_figure_rate_and_eta_are_a_dash() -> None:
    text, buttons = shown(BroadcastState.SCHEDULED, Progress(pending=5))
    assert "scheduled" in text and "Rate: — msg/s · ETA: —" in text
    assert [d for _, d in buttons] == ["bc:p:1234", "bc:c:1234"]


def test_a_paused_broadcast_offers_resume() -> None:
    text, buttons = shown(BroadcastState.PAUSED, Progress(sent=1, pending=4000, rate=0.5))
    assert ": paused" in text and "ETA: 2:13:20" in text
    assert buttons == [("▶ Resume", "bc:r:1234"), ("✖ Cancel", "bc:c:1234")]


@pytest.mark.parametrize("state", [BroadcastState.DONE, BroadcastState.CANCELLED])
def test_a_finished_broadcast_has_no_buttons(state: BroadcastState) -> None:
    text, buttons = shown(state, Progress(sent=10, blocked=2))
    assert buttons == [] and "remaining 0" in text and "ETA: 0:00:00" in text


def test_in_chinese() -> None:
    text, buttons = shown(BroadcastState.RUNNING, Progress(sent=1, pending=1), "zh-Hans")
    assert "群发 #1234" in text and "发送中" in text and "预计剩余：—" in text
    assert [label for label, _ in buttons] == ["⏸ 暂停", "✖ 取消"]


def test_the_buttons_data_read_back_as_moves() -> None:
    _, buttons = shown(BroadcastState.RUNNING, Progress(pending=1))
    moves = [press(data) for _, data in buttons]
    assert [(m.broadcast_id, m.action) for m in moves if m] == [(1234, "pause"), (1234, "cancel")]
    assert press("bc:r:9").action == "resume"  # type: ignore[union-attr]
    for forged in ("bc:z:1", "bc:p:-1", "bc:p:1.5", "bc:p:" + "9" * 19, "bd:p:1", "bc:"):
        assert press(forged) is None, forged
