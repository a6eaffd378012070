"""The report engine through the router, with no network: every field kind, every bad
input, resume, edit from the summary, a form changed under a draft, the deep link."""

from __future__ import annotations

import copy

import pytest

from dialogs.content import load_content
from dialogs.events import Kind, MediaKind
from tests.dialogs.report.report_driver import User


def answers_without_token(user: User) -> dict:
    draft = copy.deepcopy(user.draft) or {}
    draft.pop("token", None)
    return draft


async def fill_recharge(user: User) -> None:
    await user.command("start")
    await user.press("Top-up not received")
    assert "Step 1 of 5" in user.last.text
    await user.text("P20241123-0001")
    await user.press("Alipay")
    await user.text("100.5")
    await user.press("Within the hour")
    await user.media(MediaKind.PHOTO)
    assert "1 screenshot received" in user.last.text
    await user.press("Done")


async def test_whole_journey_files_a_ticket() -> None:
    user = User()
    await fill_recharge(user)
    summary = user.last.text
    assert "Your report: Top-up not received" in summary
    assert "Order number:</b> P20241123-0001" in summary
    assert "Alipay" in summary
    assert "100.5 CNY" in summary
    assert "about 2026-11-23 11:30 UTC+8" in summary  # the configured zone, Asia/Shanghai
    assert "1 screenshot" in summary
    await user.press("Submit")
    assert "K-TEST1" in user.last.text
    assert user.last.labels[-2:] == ["My tickets", "Language"], "the menu follows the ticket"
    assert user.draft is None
    # The ticket is filed before the draft is dropped: a failed filing keeps the report.
    kinds = [type(a).__name__ for a in user.actions]
    assert kinds == ["AnswerButton", "FileTicket", "DropDraft", "Send"]
    (ticket,) = user.effects.filed
    assert (ticket.user_id, ticket.category) == (user.user_id, "recharge")
    assert ticket.order_number == "P20241123-0001"
    assert ticket.fields["amount"] == {"value": "100.5", "currency": "CNY"}
    assert ticket.fields["payment_channel"] == "alipay"
    assert ticket.attachments[0]["kind"] == "photo"


@pytest.mark.parametrize(
    ("what", "send", "says"),
    [
        ("sticker", lambda u: u.media(MediaKind.STICKER), "type your answer as text"),
        ("voice", lambda u: u.media(MediaKind.VOICE), "type your answer as text"),
        ("photo", lambda u: u.media(MediaKind.PHOTO), "type your answer as text"),
        ("too long", lambda u: u.text("9" * 4096), "too long (4,096 characters)"),
        ("wrong shape", lambda u: u.text("no!"), "It should look like"),
        ("old button", lambda u: u.press_data("r:zzzz:c:alipay"), "no longer active"),
        ("forged", lambda u: u.press_data("r:" + "x" * 60), "no longer active"),
        ("garbage", lambda u: u.press_data("\x00\xff"), "no longer active"),
    ],
)
async def test_bad_input_is_explained_and_changes_nothing(what, send, says) -> None:
    user = User()
    await user.command("start")
    await user.press("Top-up not received")
    before = answers_without_token(user)
    replies = await send(user)
    assert any(says in r.text for r in replies), (what, [r.text for r in replies])
    assert answers_without_token(user) == before
    assert "Step 1 of 5" in user.last.text, "the question is asked again"


async def test_wrong_order_number_shows_the_example() -> None:
    user = User()
    await user.command("start")
    await user.press("Top-up not received")
    (why, _again) = await user.text("12")
    assert "P20240521-004817" in why.text


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("10 minutes ago", "2026-11-23 11:50 UTC+8"), ("昨天下午3点", "2026-11-22 15:00 UTC+8")],
)
async def test_free_text_time(typed: str, shown: str) -> None:
    user = User()
    await user.command("start")
    await user.press("Payment failed")
    await user.press("WeChat Pay")
    await user.text("20 USD")
    await user.text("The card was declined")
    await user.text(typed)
    await user.press("Skip")
    assert shown in user.last.text


async def test_future_and_unreadable_times_are_refused() -> None:
    user = User()
    await user.command("start")
    await user.press("Redeem code invalid or used")
    await user.text("ORDER-123456")
    await user.text("CODE-9999")
    (future, _) = await user.text("tomorrow 10:00")
    assert "in the future" in future.text
    (nonsense, _) = await user.text("when the moon is blue")
    assert "could not read that time" in nonsense.text
    assert "when" not in (user.draft or {})["answers"]


async def test_amount_with_currency_and_a_wrong_one() -> None:
    user = User()
    await user.command("start")
    await user.press("Withdrawal not paid out")
    await user.text("W-7788990")
    (bad, _) = await user.text("100 EUR")
    assert "CNY" in bad.text
    await user.text("250 USDT")
    assert (user.draft or {})["answers"]["amount"] == {"value": "250", "currency": "USDT"}


async def test_an_album_is_one_answer() -> None:
    user = User()
    await user.command("start")
    await user.press("Something else")
    await user.text("I cannot see my balance")
    replies = await user.media(MediaKind.PHOTO, MediaKind.PHOTO, MediaKind.PHOTO)
    assert len(replies) == 1
    assert "3 screenshots received" in replies[0].text
    (why, _) = await user.media(MediaKind.DOCUMENT, mime="application/pdf")
    assert "photos or image files" in why.text
    await user.media(MediaKind.DOCUMENT, mime="image/png")
    assert "4 screenshots received" in user.last.text


async def test_cancel_says_what_was_discarded() -> None:
    user = User()
    await user.command("start")
    await user.press("Top-up not received")
    await user.text("P20241123-0001")
    await user.press("Alipay")
    (reply,) = await user.command("cancel")
    assert "Report cancelled: Top-up not received, 2 answers discarded." in reply.text
    assert user.draft is None
    assert reply.labels[0] == "Top-up not received", "the main menu's buttons come with it"
    assert reply.labels[-2:] == ["My tickets", "Language"]
    (again,) = await user.command("cancel")
    assert "nothing to cancel" in again.text
    assert again.labels == reply.labels
    await user.press("Payment failed")  # and they work: a new report starts
    assert "Step 1 of 5" in user.last.text


async def test_resume_continues_where_it_stopped() -> None:
    user = User(locale="zh-Hant")
    await user.command("start")
    await user.press("儲值未到帳")
    await user.text("P20241123-0001")
    (offer,) = await user.command("start")
    assert "未完成的回報" in offer.text
    assert "已填 1 項" in offer.text
    await user.press("繼續")
    assert "第 2 步，共 5 步" in user.last.text
    await user.command("start")
    await user.press("重新開始")
    assert "第 1 步" in user.last.text
    assert (user.draft or {})["answers"] == {}


async def test_another_category_offers_to_resume_instead() -> None:
    user = User()
    await user.command("start")
    menu = user.last
    await user.press("Top-up not received")
    await user.text("P20241123-0001")
    (offer,) = await user.press_data(menu.data("Payment failed"))
    assert "unfinished report (Top-up not received, 1 answer)" in offer.text


async def test_edit_from_the_summary() -> None:
    user = User()
    await fill_recharge(user)
    await user.press("✏️ Amount")
    assert "Keep as it was" in user.last.labels
    await user.text("88 USDT")
    assert "88 USDT" in user.last.text
    assert "Your report" in user.last.text
    await user.press("✏️ Payment method")
    await user.press("Keep as it was")
    assert "Alipay" in user.last.text


async def test_a_form_changed_under_a_draft_keeps_answers_and_asks_new_fields() -> None:
    user = User()
    await fill_recharge(user)
    changed = load_content()
    form = changed.categories[0].form
    object.__setattr__(changed.categories[0], "form", ["steps", *form])
    newer = User(content=changed, drafts=user.drafts)
    await newer.command("start")
    await newer.press("Continue")
    steps = newer.content.fields["steps"].prompt.get("en")
    assert steps in newer.last.text, "the field added to the form is asked"
    await newer.text("Paid, waited an hour, restarted the app")
    assert "Your report" in newer.last.text
    assert "P20241123-0001" in newer.last.text


async def test_deep_link_fills_the_order_number() -> None:
    user = User()
    (menu,) = await user.command("start", "order_P20241123-0042")
    # Says what happens (the number is kept for the report), not that it is being checked.
    assert "Order <code>P20241123-0042</code> is noted" in menu.text
    assert "will go with your report" in menu.text
    assert "look into" not in menu.text and "check" not in menu.text
    await user.press("Top-up not received")
    assert "Step 2 of 5" in user.last.text, "the order number is not asked again"
    assert (user.draft or {})["answers"]["order_no"] == "P20241123-0042"


async def test_deep_link_with_a_malformed_number_asks_for_it() -> None:
    user = User()
    await user.command("start", "order_x")
    await user.press("Top-up not received")
    assert "Step 1 of 5" in user.last.text


async def test_text_on_the_summary_asks_for_the_buttons() -> None:
    user = User()
    await fill_recharge(user)
    (why, summary) = await user.text("is it done?")
    assert "use the buttons" in why.text
    assert "Your report" in summary.text


async def test_an_edited_message_changes_nothing() -> None:
    user = User()
    await user.command("start")
    await user.press("Top-up not received")
    before = answers_without_token(user)
    assert await user.send(Kind.EDITED, text="P20241123-0001") == []
    assert answers_without_token(user) == before


async def _at_the_payment_screenshot(user: User) -> None:
    """The top-up form up to its last step, the required payment screenshot."""
    await user.command("start")
    await user.press("Top-up not received")
    await user.text("P20241123-0001")
    await user.press("Alipay")
    await user.text("100.5")
    await user.press("Within the hour")


async def test_a_required_screenshot_offers_i_dont_have_one() -> None:
    user = User(desk_waits=())
    await _at_the_payment_screenshot(user)
    assert "Step 5 of 5" in user.last.text
    # No Skip: the field is required; with agents there, a person is offered too.
    assert user.last.labels == ["I don't have one", "Cancel", "🙋 Talk to a person"]
    await user.press("I don't have one")
    summary = user.last.text
    assert "Your report" in summary
    assert "Payment screenshot:</b> none (I don't have one)" in summary
    await user.press("Submit")
    assert "K-TEST1" in user.last.text
    (ticket,) = user.effects.filed
    assert ticket.fields["payment_proof"] == "none"
    assert ticket.attachments == []


async def test_a_screenshot_sent_after_all_replaces_i_dont_have_one() -> None:
    user = User()
    await _at_the_payment_screenshot(user)
    await user.press("I don't have one")
    await user.press("✏️ Payment screenshot")
    assert "I don't have one" in user.last.labels and "Keep as it was" in user.last.labels
    await user.media(MediaKind.PHOTO)
    assert "1 screenshot received" in user.last.text
    assert "I don't have one" not in user.last.labels, "Done now, not none"
    await user.press("Done")
    assert "Payment screenshot:</b> 1 screenshot" in user.last.text
    await user.press("Submit")
    (ticket,) = user.effects.filed
    assert "payment_proof" not in ticket.fields
    assert [a["kind"] for a in ticket.attachments] == ["photo"]


async def test_i_dont_have_one_in_each_language() -> None:
    for locale, label, value in [
        ("zh-Hans", "我没有截图", "无（没有截图）"),
        ("zh-Hant", "我沒有截圖", "無（沒有截圖）"),
    ]:
        user = User(locale=locale)
        await user.command("start")
        await user.press("兑换码无效或已使用" if locale == "zh-Hans" else "兌換碼無效或已使用")
        await user.text("ORDER-123456")
        await user.text("CODE-9999")
        await user.press("刚刚" if locale == "zh-Hans" else "剛剛")
        await user.press(label)
        assert value in user.last.text


async def test_an_optional_screenshot_step_has_skip_not_i_dont_have_one() -> None:
    user = User()
    await user.command("start")
    await user.press("Something else")
    await user.text("I cannot see my balance")
    assert user.last.labels == ["Skip", "Cancel"]
    # Forged or kept from elsewhere, "none" is refused at an optional step: Skip is for that.
    draft = user.draft or {}
    (why, _again) = await user.press_data(f"r:{draft['token']}:n")
    assert "no longer active" in why.text
    assert "screenshots" not in (user.draft or {})["answers"]


async def _to_step(user: User, category: str, answers: list[str]) -> None:
    await user.command("start")
    await user.press(category)
    for answer in answers:
        if answer in user.last.labels:
            await user.press(answer)
        else:
            await user.text(answer)


@pytest.mark.parametrize(
    ("kind", "category", "before", "says"),
    [
        ("order", "Top-up not received", [], "Please type your answer as text."),
        ("choice", "Top-up not received", ["P20241123-0001"], "Please use the buttons below."),
        (
            "amount",
            "Top-up not received",
            ["P20241123-0001", "Alipay"],
            "Please send the amount as a number",
        ),
        (
            "when",
            "Top-up not received",
            ["P20241123-0001", "Alipay", "100"],
            'Please type when it happened, like "yesterday 14:30", or use a button below.',
        ),
        (
            "screenshots",
            "Top-up not received",
            ["P20241123-0001", "Alipay", "100", "Just now"],
            "Please send screenshots as photos or image files, or use a button below.",
        ),
        (
            "error",
            "Payment failed",
            ["Alipay", "100"],
            "Please type the error as text or send a screenshot of it.",
        ),
        ("text", "Something else", [], "Please type your answer as text."),
    ],
)
async def test_a_sticker_is_told_what_the_step_accepts(
    kind: str, category: str, before: list[str], says: str
) -> None:
    user = User()
    await _to_step(user, category, before)
    step = (user.draft or {})["step"]
    assert str(user.content.fields[step].kind) == kind
    (why, again) = await user.media(MediaKind.STICKER)
    assert why.text.startswith(says)
    assert (user.draft or {})["step"] == step and "Step" in again.text


async def test_the_error_step_takes_a_photo_after_refusing_a_sticker() -> None:
    user = User()
    await _to_step(user, "Payment failed", ["Alipay", "100"])
    await user.media(MediaKind.STICKER)
    await user.media(MediaKind.PHOTO, text="Card declined")
    assert (user.draft or {})["answers"]["error_shown"]["text"] == "Card declined"


async def test_submit_promises_a_reply_only_with_an_agents_desk() -> None:
    with_desk = User(desk_waits=(1500.0, 1800.0, 1900.0))
    await fill_recharge(with_desk)
    (filed,) = [r for r in await with_desk.press("Submit") if "K-TEST1" in r.text]
    assert "An agent will reply here" in filed.text
    # The wait is the recent tickets' (their median), not a promise written down.
    assert "number 1 in the queue; at the moment the wait is about 30 minutes" in filed.text

    unknown = User(desk_waits=(60.0,))  # too few recent tickets to estimate from
    await fill_recharge(unknown)
    (filed,) = [r for r in await unknown.press("Submit") if "K-TEST1" in r.text]
    assert "as soon as one is free" in filed.text and "minutes" not in filed.text

    no_desk = User(desk_waits=None)
    await fill_recharge(no_desk)
    (recorded,) = [r for r in await no_desk.press("Submit") if "K-TEST1" in r.text]
    assert "is recorded" in recorded.text
    assert '"My tickets" in the menu shows it' in recorded.text
    assert "agent" not in recorded.text and "within" not in recorded.text
    assert len(no_desk.effects.filed) == 1, "the ticket is filed all the same"


async def test_submit_with_a_desk_in_chinese() -> None:
    user = User(locale="zh-Hant", desk_waits=(30.0, 50.0, 70.0))
    await user.command("start")
    await user.press("其他問題")
    await user.text("餘額顯示為零")
    await user.press("略過")
    await user.press("送出")
    assert "目前預計等待約 1 分鐘" in user.last.text
