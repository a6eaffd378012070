"""Named results: checked before a batch is applied, and filled into views at any depth."""

from __future__ import annotations

import pytest

from dialogs.actions import (
    FileTicket,
    Relay,
    ResultOf,
    Send,
    ToDesk,
    check_results,
    with_results,
)
from dialogs.tickets.report import NewTicket
from dialogs.views import Literal, Text, View

TICKET = FileTicket(NewTicket(user_id=1, category="recharge"))


def view(*parts: Text | Literal) -> View:
    return View(parts=parts)


def test_a_batch_whose_results_add_up_passes() -> None:
    check_results(
        [
            TICKET,
            ToDesk(ResultOf("ticket")),
            Relay(ResultOf("ticket")),
            Send(view(Text.of("x", id=ResultOf("ticket")))),
        ]
    )


@pytest.mark.parametrize(
    ("actions", "says"),
    [
        ([Send(view(Text.of("x", id=ResultOf("ticket")))), TICKET], "before it"),
        ([ToDesk(ResultOf("ticket")), TICKET], "before it"),
        ([TICKET, TICKET], "named twice"),
        ([Send(view(Text.of("x", n=Text.of("y", id=ResultOf("card")))))], "before it"),
    ],
)
def test_a_batch_whose_results_do_not_add_up_is_refused(actions: list, says: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValueError, match=says):
        check_results(actions)


def test_results_fill_texts_at_any_depth_and_leave_the_rest() -> None:
    inner = Text.of("y", id=ResultOf("ticket"))
    filled = with_results(view(Text.of("x", n=inner, plain=3), Literal("as is")), {"ticket": "K-1"})
    assert filled.parts == (
        Text.of("x", n=Text.of("y", id="K-1"), plain=3),
        Literal("as is"),
    )
