"""What agents do in a ticket's topic, on each runtime: claim, notes, canned replies,
priority, tags, resolve and reopen, bans, /find; and what strangers and forged buttons
cannot do."""

from __future__ import annotations

from bot.telegram.double import BotApiDouble
from bot.telegram.double.driver import Group
from tests.scenario.desk_harness import AGENT, desk, double, hand_off, in_topic, kefu, linked
from tests.scenario.harness import Running, eventually

__all__ = ["desk", "double", "kefu"]  # fixtures


async def test_claim_by_the_card_button_shows_on_the_card(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    _, thread = await hand_off(double, desk, 601)
    (card,) = await in_topic(desk, thread, 1)
    assert card.buttons == [["✋ Claim", "⚡ Priority", "✅ Resolve"]]
    press = await desk.member(AGENT).press("✋ Claim", thread_id=thread)
    assert (await press.answer(timeout=10))["text"] == "Claimed by Ann."
    await desk.wait_for(
        lambda m: m.message_id == card.message_id and "Claimed by: Ann" in m.text,
        thread_id=thread,
        timeout=10,
    )


async def test_a_note_stays_and_a_canned_reply_goes_in_the_users_language(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    _, thread = await hand_off(double, desk, 602)
    user = double.driver.private_user(602)
    await user.send_command("language")
    await (await user.press("简体中文")).answer(timeout=10)
    await user.next_message(timeout=10)  # the chooser
    await user.next_message(timeout=10)  # "language set"
    agent = desk.member(AGENT)
    await agent.send_command("note", "paid by Alipay, 100 CNY", thread_id=thread)
    await desk.wait_for(lambda m: "Note kept" in m.text, thread_id=thread, timeout=10)
    await agent.send_command("reply", "checking", thread_id=thread)
    got = await user.next_message(timeout=10)
    assert got.text.startswith("感谢您的耐心等待"), "the user's language, not the agent's"
    await agent.send_command("reply", "nonsense", thread_id=thread)
    await desk.wait_for(
        lambda m: 'No canned reply or article "nonsense"' in m.text, thread_id=thread, timeout=10
    )
    assert user.messages[-1].text == got.text, "the note and the unknown macro reached nobody"


async def test_priority_renames_the_topic_and_resolve_tells_the_user_who_may_reopen(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    public_id, thread = await hand_off(double, desk, 603)
    user = double.driver.private_user(603)
    agent = desk.member(AGENT)
    await agent.send_command("priority", "urgent", thread_id=thread)
    renamed = await double.world.changed.wait_until(
        lambda: desk.topics[thread].name.startswith("🔴 "), 10
    )
    assert renamed, desk.topics[thread].name
    await agent.send_command("priority", "sky-high", thread_id=thread)
    await desk.wait_for(
        lambda m: "/priority low, normal, high or urgent" in m.text, thread_id=thread, timeout=10
    )
    await agent.send_command("tag", "refund #vip", thread_id=thread)
    await desk.wait_for(
        lambda m: "Tags: #conversation" in m.text and "#refund #vip" in m.text,
        thread_id=thread,
        timeout=10,
    )
    await agent.send_command("resolve", "Refunded to your Alipay.", thread_id=thread)
    told = await user.wait_for(lambda m: "has been resolved" in m.text, timeout=10)
    assert public_id in told.text and "Refunded to your Alipay." in told.text
    assert await double.world.changed.wait_until(
        lambda: desk.topics[thread].name.startswith("✅ "), 10
    )
    await user.send_text("still not there")
    copy = await desk.wait_for(lambda m: m.text == "still not there", thread_id=thread, timeout=10)
    assert copy.thread_id == thread, "the same ticket, reopened, not a new one"
    assert await double.world.changed.wait_until(
        lambda: not desk.topics[thread].name.startswith("✅ "), 10
    )
    assert len(desk.topics) == 1


async def test_a_banned_user_hears_once_then_nothing(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    _, thread = await hand_off(double, desk, 604)
    user = double.driver.private_user(604)
    agent = desk.member(AGENT)
    await agent.send_command("ban", "abuse", thread_id=thread)
    await desk.wait_for(lambda m: "The user is banned" in m.text, thread_id=thread, timeout=10)
    await user.send_text("hello?")
    notice = await user.wait_for(lambda m: "can no longer reach" in m.text, timeout=10)
    await user.send_text("hello??")
    await user.send_command("start")
    await agent.send_command("unban", thread_id=thread)
    await desk.wait_for(lambda m: "ban is lifted" in m.text, thread_id=thread, timeout=10)
    await user.send_text("back again")
    await desk.wait_for(lambda m: m.text == "back again", thread_id=thread, timeout=10)
    after = [m for m in user.messages if m.message_id > notice.message_id]
    assert after == [], "silence while banned: not even the menu"
    assert not [m for m in desk.messages(thread_id=thread) if m.text in ("hello?", "hello??")]


async def test_find_by_id_username_and_user_id(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    public_id, thread = await hand_off(double, desk, 605)
    agent = desk.member(AGENT)
    for query in (public_id.lower(), "@wei_l", "605"):
        await agent.send_command("find", query)
        found = await desk.wait_for(
            lambda m, q=query: m.text.startswith(f"Tickets for {q}"), timeout=10
        )
        assert public_id in found.text and f"/{thread}" in found.text
    await agent.send_command("find", "K-ZZZZZ")
    await desk.wait_for(lambda m: "No ticket found for K-ZZZZZ" in m.text, timeout=10)


async def test_forged_buttons_and_strangers_change_nothing(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    public_id, thread = await hand_off(double, desk, 606)
    (card,) = await in_topic(desk, thread, 1)
    agent = desk.member(AGENT)
    for data in ("d:r:K-ZZZZZ", "d:x:" + public_id, "nonsense", "d:p:" + public_id + ":max"):
        answer = await agent.press_data(card.message_id, data).answer(timeout=10)
        assert answer["text"] == "That button is no longer active; nothing was changed."
    stranger = desk.member(7998, "Mallory")
    desk.remove_member(stranger)
    refused = await stranger.press_data(card.message_id, "d:r:" + public_id).answer(timeout=10)
    assert refused["text"] == "Only members of the agents' group can do this."
    await stranger.send_command("resolve", thread_id=thread)
    await stranger.send_command("find", public_id)
    await agent.send_command("claim", thread_id=thread)
    await desk.wait_for(lambda m: "Claimed by Ann" in m.text, thread_id=thread, timeout=10)
    texts = [m.text for m in desk.messages()]
    assert not any("resolved" in t or "Tickets for" in t for t in texts), texts
    user = double.driver.private_user(606)
    assert len(user.messages) == 1, "the user heard nothing of it"


async def test_the_user_sees_a_tickets_detail_and_closes_it(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    public_id, thread = await hand_off(double, desk, 607)
    user = double.driver.private_user(607)
    await (await user.press("My tickets")).answer(timeout=10)
    listing = await user.next_message(timeout=10)
    assert [public_id] in listing.buttons
    await (await user.press(public_id)).answer(timeout=10)
    detail = await user.next_message(timeout=10)
    assert "Status: waiting for an agent" in detail.text and ["Close this ticket"] in detail.buttons
    await user.press_data(detail.message_id, "tc:K-ZZZZZ").answer(timeout=10)
    refused = await user.next_message(timeout=10)
    assert "no longer active" in refused.text, "someone else's ticket id is refused"
    await (await user.press("Close this ticket")).answer(timeout=10)
    closed = await user.next_message(timeout=10)
    assert f"Ticket {public_id} is closed" in closed.text
    await desk.wait_for(
        lambda m: f"The user closed {public_id}" in m.text, thread_id=thread, timeout=10
    )
    assert await double.world.changed.wait_until(
        lambda: desk.topics[thread].name.startswith("✅ "), 10
    )
    await user.send_text("a new question")
    hint = await user.next_message(timeout=10)
    assert "a new question" not in [m.text for m in desk.messages(thread_id=thread)]
    assert hint.reply_to is not None, "a closed ticket is not written to: the menu answers"


async def test_an_agents_alias_line_goes_under_their_replies(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    _, thread = await hand_off(double, desk, 608)
    user = double.driver.private_user(608)
    agent = desk.member(AGENT)
    await agent.send_command("alias", "Ann <support>")
    await desk.wait_for(lambda m: "Your replies now end with" in m.text, timeout=10)
    sent = await agent.send_text("price < 5 & done", thread_id=thread)
    got = await user.next_message(timeout=10)
    assert got.text == "price < 5 & done\n\n— Ann <support>"
    await agent.send_photo("receipt", thread_id=thread)
    photo = await user.next_message(timeout=10)
    assert photo.kind == "photo" and photo.caption == "receipt\n\n— Ann <support>"
    await eventually(lambda: linked(kefu, 2))  # both copies known before the edit
    await agent.edit(sent, "price < 6 & done")
    await user.wait_for(
        lambda m: (
            m.message_id == got.message_id and m.text == "price < 6 & done\n\n— Ann <support>"
        ),
        timeout=10,
    )
    await agent.send_command("alias")
    await desk.wait_for(lambda m: "no alias line" in m.text, timeout=10)
    await agent.send_text("plain again", thread_id=thread)
    assert (await user.next_message(timeout=10)).text == "plain again"


async def test_the_agents_group_has_its_own_command_menu(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    await double.log.wait_for("setMyCommands", count=4, timeout=10)  # 3 for users, 1 desk
    calls = double.log.calls("setMyCommands", ok=True)
    scoped = [c for c in calls if str(desk.id) in str(c.params.get("scope"))]
    assert len(scoped) == 1
    assert "resolve" in str(scoped[0].params["commands"])
    private = [c for c in calls if not c.params.get("scope")]
    assert all("resolve" not in str(c.params["commands"]) for c in private)


async def test_the_priority_button_asks_in_the_topic_and_sets_it(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    _, thread = await hand_off(double, desk, 609)
    agent = desk.member(AGENT)
    asked = await (await agent.press("⚡ Priority", thread_id=thread)).answer(timeout=10)
    assert asked["text"] is None, asked
    chooser = await desk.wait_for(lambda m: "Choose the priority" in m.text, timeout=10)
    assert chooser.thread_id == thread, "answered in the ticket's topic, not in General"
    press = await agent.press("urgent", thread_id=thread)
    assert (await press.answer(timeout=10))["text"] == "Priority: urgent."
    assert await double.world.changed.wait_until(
        lambda: desk.topics[thread].name.startswith("🔴 "), 10
    )


async def test_urgent_words_and_a_burst_raise_the_priority_with_the_reason(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    _, thread = await hand_off(double, desk, 610)
    user = double.driver.private_user(610)
    for n in range(6):  # the shipped burst: 6 messages within 60 s make it high
        await user.send_text(f"hello {n}")
    await desk.wait_for(
        lambda m: "Why: 6 messages in a short time" in m.text, thread_id=thread, timeout=15
    )
    assert await double.world.changed.wait_until(
        lambda: desk.topics[thread].name.startswith("🟠 "), 10
    )
    await user.send_text("this is fraud, I will call the police")
    await desk.wait_for(
        lambda m: "Priority: urgent" in m.text and "urgent words" in m.text,
        thread_id=thread,
        timeout=10,
    )
    assert await double.world.changed.wait_until(
        lambda: desk.topics[thread].name.startswith("🔴 "), 10
    )


async def test_a_first_message_with_urgent_words_opens_a_red_topic(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    user = double.driver.private_user(611, "Xu", language_code="zh-hans")
    await user.send_text("转人工 有人诈骗我")
    told = await user.next_message(timeout=10)
    assert "工单" in told.text
    topic = await double.world.changed.wait_until(
        lambda: next(iter(desk.topics.values()), None), 10
    )
    assert topic is not None and topic.icon_color == 0xFB6F5F
    card = await desk.wait_for(lambda m: "诈骗" in m.text, timeout=10)
    assert "Priority: urgent" in card.text


async def test_asking_again_on_a_resolved_ticket_reopens_it_and_words_go_straight_through(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    public_id, thread = await hand_off(double, desk, 612)
    user = double.driver.private_user(612)
    await desk.member(AGENT).send_command("resolve", thread_id=thread)
    await user.wait_for(lambda m: "has been resolved" in m.text, timeout=10)
    assert await double.world.changed.wait_until(
        lambda: desk.topics[thread].name.startswith("✅ "), 10
    )
    await user.send_command("human")
    await user.wait_for(lambda m: "is with our team" in m.text and public_id in m.text)
    assert await double.world.changed.wait_until(
        lambda: not desk.topics[thread].name.startswith("✅ "), 10
    )
    before = len(user.messages)
    await user.send_text("customer service, my order 1001")
    await desk.wait_for(
        lambda m: m.text == "customer service, my order 1001", thread_id=thread, timeout=10
    )
    assert len(user.messages) == before, "relayed, with no hand-off notice again"


async def test_a_command_for_another_bot_is_not_kefus(
    double: BotApiDouble, desk: Group, kefu: Running
) -> None:
    _, thread = await hand_off(double, desk, 613)
    agent = desk.member(AGENT)
    await agent.send_text("/ban@GroupHelpBot spammer", thread_id=thread)
    await agent.send_text("/claim@kefu_test_bot", thread_id=thread)
    await desk.wait_for(lambda m: "Claimed by Ann" in m.text, thread_id=thread, timeout=10)
    assert not [m for m in desk.messages(thread_id=thread) if "banned" in m.text]
