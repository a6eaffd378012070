"""The knowledge base in a user's chat, through the real router: a question at the menu,
an article, "Did this solve it?", the report it may become, and "These may help"."""

from __future__ import annotations

from dialogs.kb.actions import KbOutcome, RecordKb
from dialogs.kb.library import KbPolicy
from dialogs.tickets.report import QUESTION
from tests.dialogs.kb.kb_fixtures import shipped_kb
from tests.dialogs.report.report_driver import Shown, User


def user(locale: str = "en", desk: bool = True) -> User:
    return User(locale=locale, kb=shipped_kb(), desk_waits=(60.0,) if desk else None)


def records(u: User) -> list[RecordKb]:
    return [a for a in u.actions if isinstance(a, RecordKb)]


async def test_a_question_at_the_menu_offers_articles_then_a_person() -> None:
    u = user("zh-Hans")
    (found,) = await u.text("充值没到账怎么办")
    assert found.text.startswith("这些解答或许能帮到您")
    assert found.buttons[0][0][1].startswith("kb:a:topup_delay_")
    assert len([d for row in found.buttons for _, d in row if d.startswith("kb:a:")]) == 3
    assert found.labels[-3:] == ["🙋 联系人工客服", "我的工单", "语言"]
    assert records(u) == [RecordKb(KbOutcome.FOUND, found.buttons[0][0][1][5:], "充值没到账怎么办")]
    assert u.draft is not None and u.draft["answers"][QUESTION] == "充值没到账怎么办"


async def test_a_question_nothing_answers_gets_the_menu_and_a_person() -> None:
    u = user()
    (shown,) = await u.text("what is the capital of France")
    assert shown.text.startswith("I could not find an answer to that")
    assert "🙋 Talk to a person" in shown.labels and "Top-up not received" in shown.labels
    assert records(u) == [RecordKb(KbOutcome.NOTHING, None, "what is the capital of France")]


async def test_without_a_desk_nothing_offers_a_person() -> None:
    u = user(desk=False)
    (shown,) = await u.text("my alipay top up has not arrived")
    assert "🙋 Talk to a person" not in shown.labels
    assert shown.labels[-2:] == ["My tickets", "Language"]


async def test_an_article_asks_whether_it_solved_it_and_yes_counts_once() -> None:
    u = user("zh-Hant")
    await u.text("儲值沒入帳")
    (article,) = await u.press_data(u.last.buttons[0][0][1])
    assert "問題解決了嗎？" in article.text
    assert article.labels[-2:] == ["✅ 已解決", "❌ 沒解決"]
    assert records(u)[0].outcome is KbOutcome.OPENED
    (glad,) = await u.press("✅ 已解決")
    assert glad.text.startswith("很高興幫到您")
    assert records(u)[0].outcome is KbOutcome.SOLVED
    assert u.draft is None  # the question is spent
    await u.press_data(article.data("✅ 已解決"))  # the old button again
    assert records(u) == []  # not counted twice


async def test_no_opens_the_articles_report_with_the_question_carried() -> None:
    u = user()
    await u.text("is the site down for maintenance right now?")
    await u.press_data("kb:a:maintenance")
    shown = await u.press("❌ No")
    assert records(u) == [
        RecordKb(KbOutcome.NOT_SOLVED, "maintenance", "is the site down for maintenance right now?")
    ]
    assert shown[0].text.startswith("Sorry that did not solve it")
    assert u.draft is not None and u.draft["category"] == "other"
    await u.text("The game shop page says 503 since an hour")
    await u.press("Skip")
    await u.press("Submit")
    (ticket,) = u.effects.filed
    assert ticket.category == "other"
    assert ticket.fields[QUESTION] == "is the site down for maintenance right now?"


async def test_a_question_that_found_nothing_drops_an_earlier_one() -> None:
    u = user()
    await u.text("how long does a withdrawal take")
    assert u.draft is not None
    await u.text("what is the capital of France")
    assert u.draft is None  # the first question must not reach a report it was not for
    await u.press_data("c:other")
    assert u.draft is not None and QUESTION not in u.draft["answers"]


async def test_cancel_after_a_question_has_nothing_to_cancel() -> None:
    u = user()
    await u.text("how long does a withdrawal take")
    (shown,) = await u.command("cancel")
    assert "nothing to cancel" in shown.text.lower(), shown.text


async def test_an_old_yes_cannot_drop_a_report_nor_count() -> None:
    u = user()
    await u.text("my alipay top up has not arrived")
    (article,) = await u.press_data("kb:a:topup_delay_alipay")
    old_yes = article.data("✅ Yes, solved")
    await u.press_data("c:payment_failed")  # a report of another kind under way
    await u.press("Alipay")
    shown = await u.press_data(old_yes)
    assert records(u) == []
    assert u.draft is not None and u.draft["category"] == "payment_failed"
    assert "Step 2 of 5" in shown[-1].text  # the report's question again
    forged = await u.press_data(f"kb:y:withdraw_time:{u.draft['token']}x")
    assert records(u) == [] and u.draft["category"] == "payment_failed"
    assert forged


async def test_no_counts_once_however_often_it_is_pressed() -> None:
    u = user()
    await u.text("is the site down for maintenance right now?")
    (article,) = await u.press_data("kb:a:maintenance")
    no = article.data("❌ No")
    counted = 0
    for _ in range(3):
        await u.press_data(no)
        counted += len(records(u))
    assert counted == 1
    assert u.draft is not None and u.draft["category"] == "other"


async def test_a_forged_or_removed_article_changes_nothing() -> None:
    u = user()
    (gone,) = await u.press_data("kb:a:no_such_article")
    assert gone.text.startswith("That answer is no longer available")
    assert records(u) == [] and u.draft is None
    (refused,) = await u.press_data("kb:zz:topup_delay_alipay")
    assert "no longer" in refused.text or "expired" in refused.text.lower()


async def payment_failed(u: User, error: str) -> Shown:
    """A "Payment failed" report, from the menu to its summary (returned)."""
    await u.press_data("c:payment_failed")
    await u.press("Alipay")
    await u.text("100")
    await u.text(error)
    await u.press("Within the hour")
    (summary,) = await u.text("opened the app, paid, it failed")
    return summary


async def test_a_report_offers_articles_before_submit_and_no_returns_to_it() -> None:
    u = user()
    summary = await payment_failed(u, "transaction declined by risk control")
    # In the summary itself: below what was answered, the articles above Submit.
    assert summary.text.endswith("Before you send it, these answers may help:")
    assert summary.buttons[0][0][1] == "kb:a:pay_risk_control"
    assert "Submit" in summary.labels
    await u.press_data("kb:a:pay_risk_control")
    back = await u.press("❌ No")
    assert back[0].text == "Then let's finish your report."
    assert "Submit" in back[-1].labels
    assert "may help" not in back[-1].text  # offered once
    await u.press("Submit")
    assert len(u.effects.filed) == 1


async def test_yes_inside_a_report_drops_it() -> None:
    u = user()
    await payment_failed(u, "risk control declined it")
    await u.press_data("kb:a:pay_risk_control")
    (glad,) = await u.press("✅ Yes, solved")
    assert "Your report was not sent" in glad.text
    assert u.draft is None and u.effects.filed == []
    assert records(u)[0].outcome is KbOutcome.SOLVED


async def test_a_strict_threshold_sends_weak_matches_to_the_menu() -> None:
    u = User(kb=shipped_kb(KbPolicy(min_score=1000.0)), desk_waits=(60.0,))
    (shown,) = await u.text("充值没到账怎么办")
    assert shown.text.startswith("I could not find an answer")
