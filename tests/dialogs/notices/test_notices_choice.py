"""/notices through the real router: every user sees whether they get notices, turns them
off or on, and is told that answers about their own tickets always arrive."""

from __future__ import annotations

from dialogs.actions import AnswerButton
from dialogs.notices.actions import SetNotices
from tests.dialogs.notices.notice_driver import SOMEONE, MemoryNotices, Person

ALWAYS = "Answers about your own tickets always reach you"


async def test_a_user_turns_notices_off_and_on_again() -> None:
    user = Person(user_id=SOMEONE)
    (shown,) = await user.command("notices")
    assert "🔔 You get our notices: planned maintenance" in shown.text and ALWAYS in shown.text
    assert shown.labels == ["Turn notices off"]
    (told,) = await user.press("Turn notices off")
    assert user.of(SetNotices) == [SetNotices(off=True)] and user.of(AnswerButton)
    assert "Notices are off" in told.text and ALWAYS in told.text
    assert told.labels == ["Turn notices on"]
    (told,) = await user.press("Turn notices on")
    assert user.of(SetNotices) == [SetNotices(off=False)]
    assert "Notices are on again" in told.text and told.labels == ["Turn notices off"]


async def test_notices_off_is_shown_as_it_is_kept() -> None:
    user = Person(user_id=SOMEONE, notices=MemoryNotices(off={SOMEONE}))
    (shown,) = await user.command("notices")
    assert "🔕 You get none of our notices" in shown.text and ALWAYS in shown.text
    assert shown.labels == ["Turn notices on"]


async def test_notices_in_chinese() -> None:
    user = Person(user_id=SOMEONE, locale="zh-Hant")
    (shown,) = await user.command("notices")
    assert "關於您自己工單的回覆都會照常送達" in shown.text
    assert shown.labels == ["關閉通知"]


async def test_a_forged_notices_button_is_an_expired_one() -> None:
    user = Person(user_id=SOMEONE)
    (refused,) = await user.press_data("nt:maybe")
    assert "That button is no longer active" in refused.text
    assert not user.of(SetNotices)
