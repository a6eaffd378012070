"""The problem report end to end: the real runtime over HTTP against the Bot API double, the
real database (and Redis for the chat lock), in each language; resume after a restart, cancel, the
deep link, and every bad input a user can send at a step."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from redis.asyncio import Redis

from bot.telegram.double import BotApiDouble, PrivateUser
from bot.telegram.double.actors import MessageView
from tests.scenario.harness import ROOMY, ROOMY_OUTBOX, Running, running_kefu
from tests.services import REDIS_URL

TICKET_ID = re.compile(r"K-[0-9A-HJKMNP-TV-Z]{5}")


@pytest.fixture
async def double() -> AsyncIterator[BotApiDouble]:
    async with BotApiDouble(limits=ROOMY) as d:
        yield d


@pytest.fixture
async def kefu(double: BotApiDouble, tmp_path: Path, mode: str) -> AsyncIterator[Running]:
    webhook = mode == "webhook"
    async with running_kefu(double, tmp_path, webhook=webhook, tuning=ROOMY_OUTBOX) as running:
        yield running


@dataclass(frozen=True)
class Words:
    """What a user of one language sees and types on the way through the top-up form."""

    language_code: str
    first_step: str
    category: str
    channel: str
    amount: str
    when: str  # typed free text, read in KEFU_TIMEZONE
    when_ago: timedelta  # how long before now that text means
    album_received: str
    done: str
    summary: str
    submit: str
    filed: str
    my_tickets: str
    status: str


ENGLISH = Words(
    "en", "Step 1 of 5", "Top-up not received", "Alipay", "100.5", "10 minutes ago",
    timedelta(minutes=10),
    "3 screenshots received", "Done", "Your report: Top-up not received", "Submit",
    "Your ticket", "My tickets", "received",
)  # fmt: skip
SIMPLIFIED = Words(
    "zh-cn", "第 1 步，共 5 步", "充值未到账", "支付宝", "100元", "10分钟前", timedelta(minutes=10),
    "已收到 3 张截图", "完成", "您的报告：充值未到账", "提交", "您的工单", "我的工单",
    "已收到",
)  # fmt: skip
TRADITIONAL = Words(
    "zh-tw", "第 1 步，共 5 步", "儲值未到帳", "支付寶", "100塊", "剛剛", timedelta(0),
    "已收到 3 張截圖", "完成", "您的回報：儲值未到帳", "送出", "您的工單", "我的工單",
    "已收到",
)  # fmt: skip


async def said(user: PrivateUser) -> str:
    return (await user.next_message(timeout=10)).text


async def press(user: PrivateUser, label: str) -> str:
    """Press a button of the newest keyboard showing it; the bot's next message."""
    await (await user.press(label)).answer(timeout=10)
    return await said(user)


async def draft_of(kefu: Running, user: PrivateUser) -> dict[str, Any] | None:
    return await kefu.app.drafts.get(user.id)


async def answers_of(kefu: Running, user: PrivateUser) -> dict[str, Any]:
    draft = await draft_of(kefu, user)
    assert draft is not None, "the draft is gone"
    return draft["answers"]


@pytest.mark.parametrize("words", [ENGLISH, SIMPLIFIED, TRADITIONAL], ids=lambda w: w.language_code)
async def test_the_whole_report_in_each_language(
    double: BotApiDouble, kefu: Running, words: Words
) -> None:
    user = double.driver.private_user(601, "Ann", language_code=words.language_code)
    await user.send_command("start")
    await said(user)
    assert words.first_step in await press(user, words.category)
    await user.send_text("P20241123-0001")
    await said(user)
    await press(user, words.channel)
    await user.send_text(words.amount)
    await said(user)
    before = datetime.now(UTC)
    await user.send_text(words.when)
    await said(user)
    album = await user.send_album(3, caption="the payment page")
    assert words.album_received in await said(user)  # one answer for the whole album
    summary = await press(user, words.done)
    assert words.summary in summary
    assert "P20241123-0001" in summary and words.channel in summary
    assert user.messages[-2].text.count(words.album_received) == 1
    filed = await press(user, words.submit)
    assert words.filed in filed
    (public_id,) = TICKET_ID.findall(filed)

    ticket = await kefu.app.tickets.by_public_id(public_id)
    assert ticket is not None and ticket.user_id == 601 and ticket.category == "recharge"
    assert ticket.order_number == "P20241123-0001"
    assert ticket.fields["payment_channel"] == "alipay"
    assert ticket.fields["amount"] == {
        "value": "100.5" if words is ENGLISH else "100",
        "currency": "CNY",
    }
    assert ticket.occurred_at is not None
    assert abs(ticket.occurred_at - (before - words.when_ago)) < timedelta(minutes=2)
    assert [a["file_id"] for a in ticket.attachments] == [m.stored.file_id for m in album]
    assert await draft_of(kefu, user) is None

    listing = await press(user, words.my_tickets)
    assert public_id in listing and words.status in listing


async def start_top_up(user: PrivateUser) -> str:
    """/start, the top-up form, the order number: the bot's question for step 2."""
    await user.send_command("start")
    await said(user)
    await press(user, "Top-up not received")
    await user.send_text("P20241123-0001")
    return await said(user)


async def test_a_draft_survives_a_restart_of_kefu(double: BotApiDouble, tmp_path: Path) -> None:
    user = double.driver.private_user(602, "Bo", language_code="en")
    async with running_kefu(double, tmp_path, tuning=ROOMY_OUTBOX) as kefu:
        await start_top_up(user)
        await press(user, "Alipay")
        await kefu.shutdown()
    async with running_kefu(double, tmp_path, tuning=ROOMY_OUTBOX) as kefu:
        await user.send_command("start")
        offer = await said(user)
        assert "unfinished report (Top-up not received, 2 answers" in offer
        question = await press(user, "Continue")
        assert "Step 3 of 5" in question and "How much" in question
        assert (await answers_of(kefu, user))["order_no"] == "P20241123-0001"


async def test_cancel_discards_the_draft_and_says_so(double: BotApiDouble, kefu: Running) -> None:
    user = double.driver.private_user(603, "Cy", language_code="en")
    await start_top_up(user)
    await user.send_command("cancel")
    assert "Report cancelled: Top-up not received, 1 answer discarded." in await said(user)
    assert await draft_of(kefu, user) is None
    await user.send_command("start")
    assert "unfinished" not in await said(user), "nothing left to resume"


async def test_the_deep_link_fills_in_the_order_number(double: BotApiDouble, kefu: Running) -> None:
    user = double.driver.private_user(604, "Di", language_code="en")
    await user.send_command("start", "order_P20241123-0042")
    greeting = await said(user)
    assert "Order P20241123-0042 is noted" in greeting and "will go with your report" in greeting
    question = await press(user, "Top-up not received")
    assert "How did you pay?" in question, "the order number is not asked again"
    assert (await answers_of(kefu, user))["order_no"] == "P20241123-0042"


async def test_a_deep_link_order_reaches_the_ticket_of_a_form_without_one(
    double: BotApiDouble, kefu: Running
) -> None:
    user = double.driver.private_user(608, "Hu", language_code="en")
    await user.send_command("start", "order_P20241123-0077")
    await said(user)
    await press(user, "Something else")
    await user.send_text("The order shows paid but nothing arrived")
    await said(user)
    await press(user, "Skip")
    (public_id,) = TICKET_ID.findall(await press(user, "Submit"))
    ticket = await kefu.app.tickets.by_public_id(public_id)
    assert ticket is not None and ticket.order_number == "P20241123-0077"


async def test_a_stale_deep_link_is_refused(double: BotApiDouble, kefu: Running) -> None:
    user = double.driver.private_user(605, "Ed", language_code="en")
    await user.send_command("start", "order_" + "9" * 80)
    reply = await said(user)
    assert "is noted" not in reply and "Hello, Ed!" in reply
    assert await draft_of(kefu, user) is None


Send = Callable[[PrivateUser, MessageView], Awaitable[Any]]


async def _sticker(u: PrivateUser, _: MessageView) -> Any:
    return await u.send_sticker()


async def _voice(u: PrivateUser, _: MessageView) -> Any:
    return await u.send_voice()


async def _photo(u: PrivateUser, _: MessageView) -> Any:
    return await u.send_photo()


async def _longest(u: PrivateUser, _: MessageView) -> Any:
    return await u.send_text("9" * 4096)


async def _wrong_currency(u: PrivateUser, _: MessageView) -> Any:
    return await u.send_text("100 EUR")


async def _old_button(u: PrivateUser, first_question: MessageView) -> Any:
    # "Alipay" on the step-2 question, pressed again after it was answered.
    return u.press_data(first_question.message_id, first_question.button("Alipay")["callback_data"])


async def _forged(u: PrivateUser, first_question: MessageView) -> Any:
    return u.press_data(first_question.message_id, "r:" + "Z" * 61)


async def _garbage(u: PrivateUser, first_question: MessageView) -> Any:
    return u.press_data(first_question.message_id, "\u202e<b>&")


@pytest.mark.parametrize(
    ("send", "says"),
    [
        # Step 3 is the amount: a refusal says what it takes, a number and a currency.
        pytest.param(_sticker, "Please send the amount as a number", id="sticker"),
        pytest.param(_voice, "Please send the amount as a number", id="voice"),
        pytest.param(_photo, "Please send the amount as a number", id="photo"),
        pytest.param(_longest, "Please send the amount as a number", id="4096-chars"),
        pytest.param(_wrong_currency, "if it is not the first one here: CNY", id="currency"),
        pytest.param(_old_button, "no longer active", id="old-button"),
        pytest.param(_forged, "no longer active", id="forged-button"),
        pytest.param(_garbage, "no longer active", id="garbage-button"),
    ],
)
async def test_each_bad_input_is_explained_and_changes_nothing(
    double: BotApiDouble, tmp_path: Path, send: Send, says: str
) -> None:
    # Polling only: how an input arrives is the runtime's business, tested elsewhere.
    async with running_kefu(double, tmp_path, tuning=ROOMY_OUTBOX) as kefu:
        await _refused_at_step_three(double, kefu, send, says)


async def _refused_at_step_three(
    double: BotApiDouble, kefu: Running, send: Send, says: str
) -> None:
    user = double.driver.private_user(606, "Flo", language_code="en")
    await start_top_up(user)
    step_two = user.messages[-1]
    await press(user, "Alipay")
    assert "Step 3 of 5" in user.messages[-1].text
    before = await answers_of(kefu, user)
    asked = len(user.messages)

    sent = await send(user, step_two)
    if hasattr(sent, "answer"):
        await sent.answer(timeout=10)  # the spinner stops even for a refused button
    why = await said(user)
    assert says in why
    again = await said(user)
    assert "Step 3 of 5" in again and "How much" in again, "the question is asked again"
    assert await answers_of(kefu, user) == before
    assert len(user.messages) == asked + 2


async def test_the_whole_report_with_redis_keeps_drafts_with_their_updates(
    double: BotApiDouble, tmp_path: Path, redis: Redis
) -> None:
    """Redis holds the chat locks; a draft is committed with the update that changed it,
    in the database, so it cannot be in Redis (which no transaction reaches)."""
    user = double.driver.private_user(607, "Gu", language_code="zh-hans")
    await redis.delete("kefu:draft:607")
    async with running_kefu(double, tmp_path, redis_url=REDIS_URL, tuning=ROOMY_OUTBOX) as kefu:
        await user.send_command("start")
        await said(user)
        await press(user, "其他问题")
        await user.send_text("余额显示为零")
        await said(user)
        assert await kefu.app.drafts.get(607) is not None
        assert await redis.exists("kefu:draft:607") == 0, "not in Redis"
        await kefu.shutdown()
    async with running_kefu(double, tmp_path, redis_url=REDIS_URL, tuning=ROOMY_OUTBOX) as kefu:
        await user.send_command("start")
        assert "未完成的报告" in await said(user)
        await press(user, "继续")
        await user.send_photo()
        assert "已收到 1 张截图" in await said(user)
        await press(user, "完成")
        filed = await press(user, "提交")
        (public_id,) = TICKET_ID.findall(filed)
        ticket = await kefu.app.tickets.by_public_id(public_id)
        assert ticket is not None and ticket.fields["description"] == "余额显示为零"
        assert await kefu.app.drafts.get(607) is None


async def _something_else_submitted(user: PrivateUser) -> str:
    """The shortest form, filled and submitted: the bot's confirmation."""
    await user.send_command("start")
    await said(user)
    await press(user, "Something else")
    await user.send_text("My balance shows zero")
    await said(user)
    await press(user, "Skip")
    return await press(user, "Submit")


async def test_submit_with_an_agents_desk_tells_the_place_in_the_queue(
    double: BotApiDouble, tmp_path: Path
) -> None:
    desk = -1001000000777
    double.driver.forum_group(desk)
    user = double.driver.private_user(609, "Ida", language_code="en")
    async with running_kefu(double, tmp_path, agent_chat_id=desk, tuning=ROOMY_OUTBOX):
        filed = await _something_else_submitted(user)
    assert TICKET_ID.search(filed)
    # No desk history to estimate from: the place, and no promised time.
    assert "An agent will reply here" in filed
    assert "You are number 1 in the queue; an agent will answer as soon as one is free" in filed


async def test_submit_without_an_agents_desk_promises_no_reply(
    double: BotApiDouble, kefu: Running
) -> None:
    assert kefu.settings.agent_chat_id is None
    user = double.driver.private_user(610, "Jo", language_code="en")
    filed = await _something_else_submitted(user)
    (public_id,) = TICKET_ID.findall(filed)
    assert "is recorded" in filed and '"My tickets" in the menu shows it' in filed
    # The id is random letters and digits ("K-ZWR15"): only the rest may promise no time.
    promise = filed.replace(public_id, "")
    assert "agent" not in promise and "within" not in promise and "15" not in promise
    listing = await press(user, "My tickets")
    assert public_id in listing, "what the confirmation says is so"


async def test_a_required_screenshot_can_be_answered_with_none(
    double: BotApiDouble, tmp_path: Path
) -> None:
    # Kolkata's half-hour offset, to see the zone shown in the summary and in My tickets.
    user = double.driver.private_user(611, "Kai", language_code="en")
    async with running_kefu(double, tmp_path, timezone="Asia/Kolkata", tuning=ROOMY_OUTBOX) as kefu:
        await user.send_command("start")
        await said(user)
        await press(user, "Redeem code invalid or used")
        await user.send_text("ORDER-123456")
        await said(user)
        await user.send_text("CODE-9999")
        await said(user)
        question = await press(user, "Just now")
        assert "Step 4 of 4" in question
        assert user.messages[-1].buttons == [["I don't have one"], ["Cancel"]]
        summary = await press(user, "I don't have one")
        assert "Screenshot: none (I don't have one)" in summary
        assert re.search(r"When: about \d{4}-\d\d-\d\d \d\d:\d\d UTC\+5:30", summary)
        (public_id,) = TICKET_ID.findall(await press(user, "Submit"))

        ticket = await kefu.app.tickets.by_public_id(public_id)
        assert ticket is not None
        assert ticket.fields["code_screenshot"] == "none"
        assert ticket.attachments == []
        listing = await press(user, "My tickets")
        assert re.search(rf"{public_id} · .* · \d{{4}}-\d\d-\d\d \d\d:\d\d UTC\+5:30", listing)
