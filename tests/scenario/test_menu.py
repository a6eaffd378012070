"""A first real conversation: /start, the menu, /language, button presses; both transports."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.telegram.double import BotApiDouble
from tests.scenario.harness import Running, running_kefu


@pytest.mark.parametrize(
    ("language_code", "greeting", "first_category", "last_row"),
    [
        ("en", "Hello, Ann!", "Top-up not received", ["My tickets", "Language"]),
        ("zh-hans", "您好，Ann！我是客服助手", "充值未到账", ["我的工单", "语言"]),
        ("zh-tw", "您好，Ann！我是客服助理", "儲值未到帳", ["我的工單", "語言"]),
        ("ru", "Hello, Ann!", "Top-up not received", ["My tickets", "Language"]),
    ],
)
async def test_start_in_each_language(
    double: BotApiDouble,
    kefu: Running,
    language_code: str,
    greeting: str,
    first_category: str,
    last_row: list[str],
) -> None:
    user = double.driver.private_user(101, "Ann", language_code=language_code)
    await user.send_command("start")
    reply = await user.next_message(timeout=10)
    assert greeting in reply.text
    assert reply.buttons[0] == [first_category]
    assert reply.buttons[-1] == last_row
    assert len(reply.buttons) == 9


async def test_command_menus_are_set_per_language(double: BotApiDouble, kefu: Running) -> None:
    calls = await double.log.wait_for("setMyCommands", count=3, timeout=10)
    by_code = {c.params.get("language_code"): c.params["commands"] for c in calls}
    assert set(by_code) == {None, "en", "zh"}
    assert [c["command"] for c in by_code["zh"]] == [
        "start",
        "help",
        "order",
        "language",
        "notices",
        "cancel",
    ]
    assert by_code["zh"][0]["description"] == "主菜单"


async def test_language_switch_persists(double: BotApiDouble, tmp_path: Path, mode: str) -> None:
    webhook = mode == "webhook"
    user = double.driver.private_user(102, "Bo", language_code="en")
    async with running_kefu(double, tmp_path, webhook=webhook):
        await user.send_command("language")
        chooser = await user.next_message(timeout=10)
        assert chooser.buttons == [["English", "简体中文", "繁體中文"]]
        press = await user.press("繁體中文")
        await press.answer()
        confirmed = await user.next_message(timeout=10)
        assert "語言已切換為繁體中文" in confirmed.text
        assert confirmed.buttons[0] == ["儲值未到帳"]
    # A new kefu process on the same database remembers the choice.
    async with running_kefu(double, tmp_path, webhook=webhook):
        await user.send_command("start")
        again = await user.next_message(timeout=10)
        assert "您好，Bo！我是客服助理" in again.text


async def test_button_press_is_answered(double: BotApiDouble, kefu: Running) -> None:
    user = double.driver.private_user(103, "Cy", language_code="en")
    await user.send_command("start")
    await user.next_message(timeout=10)
    press = await user.press("My tickets")
    answer = await press.answer(timeout=10)
    assert answer.get("show_alert") in (None, False)
    listing = await user.next_message(timeout=10)
    assert "You have no tickets yet." in listing.text


async def test_name_with_html_arrives_as_written(double: BotApiDouble, kefu: Running) -> None:
    user = double.driver.private_user(104, "<3 & <b>", language_code="en")
    await user.send_command("start")
    reply = await user.next_message(timeout=10)
    assert "Hello, <3 & <b>!" in reply.text


@pytest.mark.parametrize(
    ("language_code", "says", "last_row"),
    [
        ("en", "Report a problem", ["My tickets", "Language"]),
        ("zh-hans", "报告问题", ["我的工单", "语言"]),
        ("zh-tw", "回報問題", ["我的工單", "語言"]),
    ],
)
async def test_help_in_each_language(
    double: BotApiDouble, kefu: Running, language_code: str, says: str, last_row: list[str]
) -> None:
    user = double.driver.private_user(105, "Dee", language_code=language_code)
    await user.send_command("help")
    reply = await user.next_message(timeout=10)
    assert says in reply.text
    for command in ("/start", "/help", "/cancel", "/language"):
        assert command in reply.text
    assert reply.buttons[-1] == last_row


async def test_cancel_leaves_the_main_menu(double: BotApiDouble, kefu: Running) -> None:
    user = double.driver.private_user(106, "Eve", language_code="en")
    await user.send_command("cancel")
    nothing = await user.next_message(timeout=10)
    assert "There is nothing to cancel." in nothing.text
    assert nothing.buttons[0] == ["Top-up not received"]
    assert nothing.buttons[-1] == ["My tickets", "Language"]
    press = await user.press("Something else")
    await press.answer()
    assert "Step 1 of 2" in (await user.next_message(timeout=10)).text
    await user.send_command("cancel")
    cancelled = await user.next_message(timeout=10)
    assert "Report cancelled: Something else" in cancelled.text
    assert cancelled.buttons[-1] == ["My tickets", "Language"]
    press = await user.press("My tickets")
    await press.answer()
    listing = await user.next_message(timeout=10)
    assert "You have no tickets yet." in listing.text
    assert listing.buttons == [["Main menu"]]
