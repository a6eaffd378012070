"""Orders as a user meets them, through the real runtime over HTTP against the Bot API
double and the embedded demo shop: the status to its owner (linked account or challenge),
the one answer for "no such order" and "not yours", the lookup limit, the challenge's
cool-down, the deep link, and a report's order and channel answers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.telegram.double import BotApiDouble, PrivateUser
from tests.scenario.harness import ROOMY, ROOMY_OUTBOX, Running, running_kefu
from tests.scenario.order_steps import shop

OWNED = "DM240003"  # lin.wei's: paid, being delivered, through WeChat Pay (slow in the seed)
OTHERS = "DM240011"  # mika.tan's (phone ends 9914, paid 328.00 CNY)
NONE = "DM999999"


@pytest.fixture
async def double() -> AsyncIterator[BotApiDouble]:
    async with BotApiDouble(limits=ROOMY) as d:
        yield d


@pytest.fixture
async def kefu(double: BotApiDouble, tmp_path: Path) -> AsyncIterator[Running]:
    async with running_kefu(double, tmp_path, tuning=ROOMY_OUTBOX) as running:
        yield running


def user(double: BotApiDouble, user_id: int) -> PrivateUser:
    return double.driver.private_user(user_id, "Wei", language_code="en")


async def test_the_owner_sees_status_channel_wait_and_trouble(
    double: BotApiDouble, kefu: Running
) -> None:
    await shop(kefu).link(501, "lin.wei")
    wei = user(double, 501)
    await wei.send_command("order", OWNED)
    shown = await wei.next_message()
    for words in (
        f"Order {OWNED}",
        "paid, being delivered",
        "50.00 CNY",
        "WeChat Pay",
        "As the shop's system said at",
        "orders are ahead of yours",
        "WeChat Pay is slow right now",
        "Expected back to normal around",
    ):
        assert words in shown.text, (words, shown.text)
    assert shown.buttons == [["🔔 Tell me when it recovers"]]
    await wei.press("🔔 Tell me when it recovers")
    told = await wei.next_message()
    assert "as soon as WeChat Pay is back to normal" in told.text


async def test_no_such_order_and_not_yours_read_the_same(
    double: BotApiDouble, kefu: Running
) -> None:
    await shop(kefu).link(502, "chen_jie88")
    chen = user(double, 502)
    await chen.send_command("order", OWNED)
    not_yours = await chen.next_message()
    await chen.send_command("order", NONE)
    no_such = await chen.next_message()
    assert not_yours.text.replace(OWNED, "N") == no_such.text.replace(NONE, "N")
    assert not_yours.buttons == no_such.buttons == [["Skip"]]
    assert "last 4 digits" in no_such.text
    # Nothing of the order itself reached them.
    assert all("网易" not in m.text and "50.00" not in m.text for m in chen.messages)


async def test_the_challenge_shows_the_order_to_who_answers_it(
    double: BotApiDouble, kefu: Running
) -> None:
    mika = user(double, 503)
    await mika.send_command("order", OTHERS)
    assert "last 4 digits" in (await mika.next_message()).text
    await mika.send_sticker()
    assert "answer in words or digits" in (await mika.next_message()).text
    assert "last 4 digits" in (await mika.next_message()).text
    await mika.send_text("9914")
    assert "How much was paid" in (await mika.next_message()).text
    await mika.send_text("¥328")
    shown = await mika.next_message()
    assert f"Order {OTHERS}" in shown.text and "328.00 CNY" in shown.text


async def test_three_wrong_answers_cool_down_and_tell_nothing(
    double: BotApiDouble, kefu: Running
) -> None:
    guess = user(double, 504)
    await guess.send_command("order", OTHERS)
    await guess.next_message()
    for left in ("2 tries left", "One try left"):
        await guess.send_text("0000")
        await guess.next_message()  # the amount
        await guess.send_text("1")
        assert left in (await guess.next_message()).text
        await guess.next_message()  # the first question again
    await guess.send_text("0000")
    await guess.next_message()
    await guess.send_text("1")
    assert "You can try again after" in (await guess.next_message()).text
    # Cooling down: even the right answers are not asked for now.
    await guess.send_command("order", OTHERS)
    assert "You can try again after" in (await guess.next_message()).text
    assert all("328" not in m.text for m in guess.messages)


async def test_numbers_cannot_be_enumerated(double: BotApiDouble, kefu: Running) -> None:
    scan = user(double, 505)
    for n in range(8):
        await scan.send_command("order", f"DM24{n:04d}")
        assert "last 4 digits" in (await scan.next_message()).text
    await scan.send_command("order", "DM240009")
    assert "looked up many orders in a short time" in (await scan.next_message()).text


async def test_bad_numbers_and_no_number(double: BotApiDouble, kefu: Running) -> None:
    wei = user(double, 506)
    await wei.send_command("order", "<script>")
    assert "does not look like an order number" in (await wei.next_message()).text
    await wei.send_command("order")
    assert "Send /order followed by the order number" in (await wei.next_message()).text
    await shop(kefu).link(506, "lin.wei")
    await wei.send_command("order")
    listed = await wei.next_message()
    assert "Your recent orders" in listed.text
    assert len(listed.buttons) == 5 and listed.buttons[0][0].startswith("DM2400")
    await wei.press(listed.buttons[0][0])
    assert "Order DM2400" in (await wei.next_message()).text


async def test_a_report_shows_the_order_and_the_channel_in_its_questions(
    double: BotApiDouble, kefu: Running
) -> None:
    await shop(kefu).link(507, "lin.wei")
    wei = user(double, 507)
    await wei.send_command("start")
    await wei.next_message()
    await wei.press("Top-up not received")
    assert "Step 1 of 5" in (await wei.next_message()).text
    await wei.send_text(OWNED)
    asked = await wei.next_message()
    assert f"Order {OWNED}" in asked.text and "Step 2 of 5" in asked.text
    await wei.press("WeChat Pay")
    asked = await wei.next_message()
    assert "WeChat Pay is slow right now" in asked.text and "Step 3 of 5" in asked.text
    assert ["🔔 Tell me when it recovers"] in asked.buttons


async def test_a_report_offers_the_check_and_goes_on(double: BotApiDouble, kefu: Running) -> None:
    mika = user(double, 508)
    await mika.send_command("start")
    await mika.next_message()
    await mika.press("Top-up not received")
    await mika.next_message()
    await mika.send_text(OTHERS)
    asked = await mika.next_message()
    assert "confirm it is yours" in asked.text and "Step 2 of 5" in asked.text
    await mika.press("🔒 Show this order's status")
    assert "last 4 digits" in (await mika.next_message()).text
    await mika.send_text("9914")
    await mika.next_message()
    await mika.send_text("328")
    assert f"Order {OTHERS}" in (await mika.next_message()).text
    assert "Step 2 of 5" in (await mika.next_message()).text  # the report goes on


async def test_the_deep_link_looks_the_order_up(double: BotApiDouble, kefu: Running) -> None:
    await shop(kefu).link(509, "lin.wei")
    wei = user(double, 509)
    await wei.send_command("start", f"order_{OWNED}")
    shown = await wei.next_message()  # the order, then the menu for a report about it
    assert f"Order {OWNED}" in shown.text and "Top-up not received" in str(shown.buttons)
