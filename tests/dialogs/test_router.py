"""The router and the menu dialogs, with no network: an event in, actions out."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.app.i18n import Translator
from bot.app.render import Renderer
from dialogs.actions import AnswerButton, Send, SetLanguage
from dialogs.content import load_content
from dialogs.events import Context, Inbound, Kind
from dialogs.ports.tickets import TicketSummary
from dialogs.router import Router
from dialogs.tickets.status import TicketStatus
from tests.dialogs.report.report_driver import User
from tests.dialogs.report.report_ports import MemoryDrafts

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


class Tickets:
    """The TicketLookup port, with tickets the test chooses."""

    def __init__(self, tickets: list[TicketSummary] | None = None) -> None:
        self.tickets = tickets or []

    async def recent(self, user_id: int, limit: int) -> list[TicketSummary]:
        return self.tickets[:limit]

    async def detail(self, user_id: int, public_id: str) -> None:
        return None  # no ticket is this user's: details are tested through the app


def event(kind: Kind = Kind.MESSAGE, chat_type: str = "private", **kw: object) -> Inbound:
    base: dict[str, object] = {
        "kind": kind,
        "user_id": 5,
        "chat_id": 5 if chat_type == "private" else -100,
        "chat_type": chat_type,
        "date": NOW,
        "message_id": 10,
        "first_name": "Ann",
    }
    base.update(kw)
    return Inbound(**base)  # type: ignore[arg-type]


def router(tickets: Tickets | None = None) -> Router:
    return Router(
        load_content(),
        tickets or Tickets(),
        MemoryDrafts(),
        ZoneInfo("Asia/Shanghai"),
    )


renderer = Renderer(Translator())


async def test_start_greets_by_name_and_shows_every_category() -> None:
    actions = await router().route(event(Kind.COMMAND, command="start"), Context("zh-Hant"))
    (reply,) = actions
    assert isinstance(reply, Send)
    text = renderer.text(reply.view, "zh-Hant")
    assert "Ann" in text
    assert "您好" in text
    labels = [renderer.plain_label(b.label, "zh-Hant") for row in reply.view.buttons for b in row]
    assert labels[0] == "儲值未到帳"
    assert labels[-2:] == ["我的工單", "語言"]
    assert len(labels) == 10


async def test_language_button_sets_and_answers_in_the_new_language() -> None:
    actions = await router().route(event(Kind.BUTTON, button_data="l:zh-Hans"), Context("en"))
    assert isinstance(actions[0], AnswerButton)
    assert actions[1] == SetLanguage("zh-Hans")
    reply = actions[2]
    assert isinstance(reply, Send)
    assert "简体中文" in renderer.text(reply.view, "zh-Hans")


async def test_forged_or_old_button_is_refused_with_the_menu() -> None:
    for data in ("c:no_such", "l:fr", "x" * 64, ""):
        actions = await router().route(event(Kind.BUTTON, button_data=data), Context("en"))
        assert isinstance(actions[0], AnswerButton)
        reply = actions[1]
        assert isinstance(reply, Send)
        assert "no longer active" in renderer.text(reply.view, "en")
        assert not any(isinstance(a, SetLanguage) for a in actions)


async def test_my_tickets_lists_status_and_local_date() -> None:
    tickets = Tickets([TicketSummary("K-7F3Q2", "recharge", TicketStatus.CLAIMED, NOW)])
    actions = await router(tickets).route(event(Kind.BUTTON, button_data="t"), Context("en"))
    reply = actions[1]
    assert isinstance(reply, Send)
    text = renderer.text(reply.view, "en")
    assert "K-7F3Q2 · Top-up not received · an agent is on it · 2026-11-20 20:00 UTC+8" in text


async def test_no_tickets_says_so() -> None:
    actions = await router().route(event(Kind.BUTTON, button_data="t"), Context("en"))
    assert "no tickets yet" in renderer.text(actions[1].view, "en")  # type: ignore[union-attr]


async def test_group_messages_are_not_the_menus_business() -> None:
    assert await router().route(event(chat_type="supergroup", text="/start"), Context("en")) == []
    cmd = event(Kind.COMMAND, chat_type="supergroup", command="start")
    assert await router().route(cmd, Context("en")) == []


async def test_free_text_gets_a_hint_as_a_reply() -> None:
    (reply,) = await router().route(event(text="hello?"), Context("en"))
    assert isinstance(reply, Send)
    assert reply.reply_to == 10
    assert "did not understand" in renderer.text(reply.view, "en")


async def test_unknown_command_shows_the_menu() -> None:
    (reply,) = await router().route(event(Kind.COMMAND, command="foo"), Context("en"))
    assert "do not know that command" in renderer.text(reply.view, "en")  # type: ignore[union-attr]


def _labels(view: object, locale: str) -> list[str]:
    return [renderer.plain_label(b.label, locale) for row in view.buttons for b in row]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("locale", "says", "last_row"),
    [
        (
            "en",
            ["Report a problem", "My tickets", "change the language"],
            ["My tickets", "Language"],
        ),
        ("zh-Hans", ["报告问题", "我的工单", "切换语言"], ["我的工单", "语言"]),
        ("zh-Hant", ["回報問題", "我的工單", "切換語言"], ["我的工單", "語言"]),
    ],
)
async def test_help_says_what_kefu_does_and_its_commands(
    locale: str, says: list[str], last_row: list[str]
) -> None:
    (reply,) = await router().route(event(Kind.COMMAND, command="help"), Context(locale))
    assert isinstance(reply, Send)
    text = renderer.text(reply.view, locale)
    for command in ("/start", "/help", "/cancel", "/language"):
        assert command in text
    for words in says:
        assert words in text
    assert "do not know that command" not in text and "不认识" not in text
    assert _labels(reply.view, locale)[-2:] == last_row, "with the menu's buttons"


async def test_help_during_a_report_keeps_it_and_its_buttons() -> None:
    user = User()
    await user.command("start")
    await user.press("Top-up not received")
    question = user.last
    before = user.draft
    (help_,) = await user.command("help")
    assert "/cancel" in help_.text
    assert help_.buttons == [], "the question's own buttons stay the ones to press"
    assert user.draft == before
    await user.press_data(question.data("Cancel"))  # and they still work
    assert "Report cancelled" in user.last.text


async def test_nothing_to_cancel_shows_the_main_menu() -> None:
    (reply,) = await router().route(event(Kind.COMMAND, command="cancel"), Context("zh-Hans"))
    assert isinstance(reply, Send)
    assert "当前没有可以取消的操作" in renderer.text(reply.view, "zh-Hans")
    labels = _labels(reply.view, "zh-Hans")
    assert labels[0] == "充值未到账" and labels[-2:] == ["我的工单", "语言"]


@pytest.mark.parametrize(
    ("locale", "label"), [("en", "Main menu"), ("zh-Hans", "主菜单"), ("zh-Hant", "主選單")]
)
async def test_my_tickets_back_button_says_main_menu(locale: str, label: str) -> None:
    tickets = Tickets([TicketSummary("K-7F3Q2", "recharge", TicketStatus.OPEN, NOW)])
    for found in (tickets, Tickets()):  # with tickets, and with none
        actions = await router(found).route(event(Kind.BUTTON, button_data="t"), Context(locale))
        reply = actions[1]
        assert isinstance(reply, Send)
        # A button per ticket (its detail), then the way back.
        opened = [[b.data for b in row] for row in reply.view.buttons[:-1]]
        assert opened == [["td:" + t.public_id] for t in found.tickets]
        assert _labels(replace(reply.view, buttons=reply.view.buttons[-1:]), locale) == [label]
        assert reply.view.buttons[-1][0].data == "m"
