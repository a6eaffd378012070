"""The knowledge base end to end, on each runtime, against the Bot API double with the
agents' desk: a question typed at the menu answered by articles (or by nothing), "Did this
solve it?" Yes and No (No carries the question into the report and onto its card), the
articles offered at a report's summary, and the agents' side: /reply with an article, /kb,
/kb_reload and the self-service line of /stats."""

from __future__ import annotations

from pathlib import Path

from bot.telegram.double import BotApiDouble
from bot.telegram.double.driver import Group
from tests.scenario import desk_harness
from tests.scenario.desk_harness import AGENT, DESK, DESK_TUNING, TICKET_ID, in_topic, topic_of
from tests.scenario.harness import Running, running_kefu
from tests.scenario.kb_steps import (
    VIP_ARTICLE,
    WAIT,
    article,
    content_copy,
    fill_payment_failed,
    fill_top_up,
    first_line,
    labels,
    menu,
    press,
    said,
    shipped_articles,
    submit,
    type_,
)

# The desk's fixtures: its double, its forum with one agent, kefu serving it.
double, desk, kefu = desk_harness.double, desk_harness.desk, desk_harness.kefu

FOUND = "These answers may help. Tap one to read it:"
NOTHING = "I could not find an answer to that."
DID_IT_HELP = "Did this solve it?"
YES, NO = "✅ Yes, solved", "❌ No"
MAY_HELP = "Before you send it, these answers may help:"


async def test_a_chinese_question_is_answered_and_solved_in_simplified_chinese(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    user = double.driver.private_user(801, "Li", language_code="zh-hans")
    found = await type_(user, "充值没到账怎么办", "这些解答或许能帮到您")
    assert found.text == "这些解答或许能帮到您，点按查看："
    recharge = {a.title.get("zh-Hans"): a for a in shipped_articles() if a.category == "recharge"}
    offered = [row[0] for row in found.buttons if row[0] in recharge]
    assert offered, f"no top-up article among {found.buttons}"
    assert found.buttons[0][0] in recharge, "the best answer is a top-up article"
    assert all(b["callback_data"].startswith("kb:a:") for b in found.button_rows[0])
    assert "🙋 联系人工客服" in labels(found), "a person is still offered after the answers"

    chosen = recharge[found.buttons[0][0]]
    answer = await press(user, found.buttons[0][0], "问题解决了吗？")
    assert first_line(chosen, "zh-Hans") in answer.text
    assert ["✅ 已解决", "❌ 没解决"] in answer.buttons
    # Yes and No carry the question's draft token: an old press of them changes nothing.
    feedback = {str(b.get("callback_data"))[:-5] for row in answer.button_rows for b in row}
    assert feedback >= {f"kb:y:{chosen.id}", f"kb:n:{chosen.id}"}

    glad = await press(user, "✅ 已解决", "很高兴帮到您")
    assert glad.text.startswith("很高兴帮到您！")
    assert "充值未到账" in labels(glad) and "🙋 联系人工客服" in labels(glad), "the menu"
    assert not desk.topics, "solved: nobody at the desk was needed"


async def test_a_question_nothing_answers_offers_the_menu_and_a_person(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    user = double.driver.private_user(802, "Ann", language_code="en")
    nothing = await type_(user, "what is the capital of France", NOTHING)
    assert nothing.text == (
        "I could not find an answer to that. Choose a topic below to report it, or talk to a"
        " person."
    )
    buttons = labels(nothing)
    assert "🙋 Talk to a person" in buttons
    assert {"Top-up not received", "Payment failed", "My tickets", "Language"} <= set(buttons)
    assert not any(b["callback_data"].startswith("kb:") for row in nothing.button_rows for b in row)


async def test_no_carries_the_question_into_the_report_and_onto_its_card(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    user = double.driver.private_user(803, "Bo", language_code="en")
    question = "my alipay top up hasn't arrived"
    found = await type_(user, question, FOUND)
    alipay = article("topup_delay_alipay")
    assert found.buttons[0] == [alipay.title.get("en")]
    answer = await press(user, alipay.title.get("en"), DID_IT_HELP)
    assert first_line(alipay, "en") in answer.text
    assert [YES, NO] in answer.buttons and ["📝 Report this problem"] in answer.buttons

    sorry = await press(user, NO, "Sorry that did not solve it")
    assert "your report goes to a person with your question attached" in sorry.text
    await said(user, "Step 1 of 5")  # the top-up form: the article's category
    await fill_top_up(user)
    public_id = await submit(user)

    thread = await topic_of(desk, public_id)
    (card,) = await in_topic(desk, thread, 1)
    assert "Top-up not received" in card.text and "P20241123-0001" in card.text
    assert f"Asked first: {question}" in card.text, card.text


async def test_an_agent_sends_an_article_in_the_users_language(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    user = double.driver.private_user(804, "Mei", language_code="zh-tw")
    await user.send_command("human")
    told = await said(user, "K-")
    (public_id,) = TICKET_ID.findall(told.text)
    thread = await topic_of(desk, public_id)
    await in_topic(desk, thread, 1)

    agent = desk.member(AGENT, "Ann")
    await agent.send_command("reply", "topup_delay_alipay", thread_id=thread)
    alipay = article("topup_delay_alipay")
    sent = await said(user, first_line(alipay, "zh-Hant"))
    assert "支付寶儲值通常 1 分鐘內到帳" in sent.text, "Traditional Chinese, not Simplified"
    assert "儲值" in sent.text and "到账" not in sent.text
    assert "問題解決了嗎" not in sent.text, "no feedback asked: the ticket is the way on"
    data = [b.get("callback_data") for row in sent.button_rows for b in row]
    assert not any(d and d.startswith("kb:") for d in data), sent.buttons
    confirmed = await desk.wait_for(
        lambda m: m.text.startswith("Sent the article"), thread_id=thread, timeout=WAIT
    )
    assert confirmed.text == (
        "Sent the article topup_delay_alipay (Alipay top-up not received) to the user."
    )

    # /kb anywhere in the group: the articles, their ids (what /reply takes), the scores.
    await agent.send_command("kb", "alipay top up not received")
    listed = await desk.wait_for(lambda m: m.text.startswith("Articles for"), timeout=WAIT)
    lines = listed.text.splitlines()
    assert lines[0] == 'Articles for "alipay top up not received" (/reply id sends one):'
    assert lines[1].startswith("1. topup_delay_alipay Alipay top-up not received · score ")


async def test_kb_reload_takes_a_new_article_and_keeps_the_old_ones_on_a_problem(
    double: BotApiDouble, desk: Group, tmp_path: Path
) -> None:
    content = content_copy(tmp_path / "content")
    kb_yaml = content / "kb.yaml"
    shipped = kb_yaml.read_text(encoding="utf-8")
    async with running_kefu(
        double, tmp_path, agent_chat_id=DESK, tuning=DESK_TUNING, content_dir=content
    ):
        user = double.driver.private_user(805, "Kai", language_code="en")
        agent = desk.member(AGENT, "Ann")
        await type_(user, "how do VIP levels work", NOTHING)

        kb_yaml.write_text(shipped + VIP_ARTICLE, encoding="utf-8")
        await agent.send_command("kb_reload")
        reloaded = await desk.wait_for(
            lambda m: m.text.startswith("Knowledge base reloaded"), timeout=WAIT
        )
        assert reloaded.text == "Knowledge base reloaded: 32 articles."
        found = await type_(user, "how do VIP levels work", FOUND)
        assert found.buttons[0] == ["How VIP levels work"]
        answer = await press(user, "How VIP levels work", DID_IT_HELP)
        assert "VIP levels rise with the total you top up in a month." in answer.text

        # A category that does not exist: not reloaded, the articles in use stay.
        bad_category = VIP_ARTICLE.replace("category: other", "category: vip_club")
        kb_yaml.write_text(shipped + bad_category, encoding="utf-8")
        await agent.send_command("kb_reload")
        failed = await desk.wait_for(lambda m: "was not reloaded" in m.text, timeout=WAIT)
        assert failed.text.startswith(
            "The knowledge base was not reloaded; the articles in use stay. Problems:"
        )
        assert "kb.yaml" in failed.text
        assert "'vip_club' is not a category of categories.yaml" in failed.text

        # Not YAML at all: the same.
        kb_yaml.write_text(shipped + "\n  - id: [not closed\n", encoding="utf-8")
        await agent.send_command("kb_reload")
        broken = await desk.wait_for(
            lambda m: "was not reloaded" in m.text and m.message_id != failed.message_id,
            timeout=WAIT,
        )
        assert "kb.yaml" in broken.text and "not valid YAML" in broken.text

        # The articles of the last good reload still answer: the new one and the shipped.
        found = await type_(user, "how do VIP levels work", FOUND)
        assert found.buttons[0] == ["How VIP levels work"]
        found = await type_(user, "my alipay top up hasn't arrived", FOUND)
        assert found.buttons[0] == ["Alipay top-up not received"]

        # The new article taken out again: its button, still on screen, says it is gone.
        kb_yaml.write_text(shipped, encoding="utf-8")
        await agent.send_command("kb_reload")
        await desk.wait_for(
            lambda m: m.text == "Knowledge base reloaded: 31 articles.", timeout=WAIT
        )
        gone = await press(user, "How VIP levels work", "no longer available")
        assert gone.text.startswith("That answer is no longer available.")
        assert "🙋 Talk to a person" in labels(gone), "the menu"


async def test_stats_show_self_service_and_the_questions_that_found_nothing(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    asker = double.driver.private_user(806, "Ann", language_code="en")
    await type_(asker, "what is the capital of France", NOTHING)
    solver = double.driver.private_user(807, "Bo", language_code="en")
    await type_(solver, "my alipay top up hasn't arrived", FOUND)
    await press(solver, "Alipay top-up not received", DID_IT_HELP)
    await press(solver, YES, "Glad that helped!")

    agent = desk.member(AGENT, "Ann")
    line = (
        "Self-service (Last 7 days): questions answered 1, found nothing 1 · solved 1, not 0"
        " · 100% of problems settled without a person"
    )
    await agent.send_command("stats")
    overview = await desk.wait_for(lambda m: m.text.startswith("📊 The desk now"), timeout=WAIT)
    assert line in overview.text.splitlines(), overview.text

    await agent.send_command("stats", "7")
    detail = await desk.wait_for(lambda m: m.text.startswith("📊 Last 7 days"), timeout=WAIT)
    lines = detail.text.splitlines()
    assert line in lines, detail.text
    missed = lines.index("Questions that found nothing (articles to write):")
    assert lines[missed + 1 :] == ["• what is the capital of France (1)"]


async def test_a_report_offers_its_articles_before_submit_and_no_goes_back_to_it(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    user = double.driver.private_user(808, "Jun", language_code="en")
    await menu(user)
    summary = await fill_payment_failed(user)
    # Offered in the summary itself: below what was answered, above Submit.
    assert summary.text.endswith(MAY_HELP), summary.text
    risk = article("pay_risk_control")
    assert summary.buttons[0] == [risk.title.get("en")]
    assert labels(summary).index(risk.title.get("en")) < labels(summary).index("Submit")

    answer = await press(user, risk.title.get("en"), DID_IT_HELP)
    assert first_line(risk, "en") in answer.text
    await press(user, NO, "Then let's finish your report.")
    again = await said(user, "Your report: Payment failed")
    assert "transaction declined by risk control" in again.text
    assert "Submit" in labels(again)
    assert MAY_HELP not in again.text, "offered once"
    public_id = await submit(user)

    thread = await topic_of(desk, public_id)
    (card,) = await in_topic(desk, thread, 1)
    assert "Payment failed" in card.text and "transaction declined by risk control" in card.text
    assert "Asked first" not in card.text, "no question was typed at the menu"
    assert sum(MAY_HELP in m.text for m in user.messages) == 1, "offered once"


async def test_yes_at_a_reports_articles_drops_the_report(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    user = double.driver.private_user(809, "Lan", language_code="en")
    await menu(user)
    await fill_payment_failed(user)
    await press(user, "Payment blocked by risk control", DID_IT_HELP)
    glad = await press(user, YES, "Glad that helped!")
    assert "Your report was not sent." in glad.text
    assert "Payment failed" in labels(glad), "the menu"
    # The draft is gone: /start greets with the menu rather than offering the report back.
    greeting = await menu(user)
    assert greeting.text.startswith("Hello, Lan!"), greeting.text
    assert not desk.topics, "no ticket was filed"


async def test_the_answer_that_did_not_help_is_not_offered_again_before_submit(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    """The user read the Alipay article and said No: the summary of the report it opened
    offers no articles again (they have read them and asked for a person)."""
    user = double.driver.private_user(810, "Hao", language_code="en")
    await type_(user, "my alipay top up hasn't arrived", FOUND)
    alipay = article("topup_delay_alipay").title.get("en")
    await press(user, alipay, DID_IT_HELP)
    await press(user, NO, "Sorry that did not solve it")
    await said(user, "Step 1 of 5")
    summary = await fill_top_up(user)
    assert not any(MAY_HELP in m.text for m in user.messages), summary.text
    assert [alipay] not in summary.buttons
    assert "Submit" in labels(summary)
