"""The router and the menu dialogs, with no network: an event in, actions out."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.app.i18n import Translator
from bot.app.render import Renderer
from dialogs.content import load_content
from dialogs.events import Inbound, Kind
from dialogs.ports.tickets import Context, TicketSummary
from dialogs.router import Router
from dialogs.views import AnswerButton, Reply, SetLanguage
from tests.dialogs.report.report_ports import MemoryDrafts, RecordingFiler

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


class Tickets:
    """The TicketLookup port, with tickets the test chooses."""

    def __init__(self, tickets: list[TicketSummary] | None = None) -> None:
        self.tickets = tickets or []

    async def recent(self, user_id: int, limit: int) -> list[TicketSummary]:
        return self.tickets[:limit]


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
        RecordingFiler(),
        ZoneInfo("Asia/Shanghai"),
    )


renderer = Renderer(Translator())


async def test_start_greets_by_name_and_shows_every_category() -> None:
    actions = await router().route(event(Kind.COMMAND, command="start"), Context("zh-Hant"))
    (reply,) = actions
    assert isinstance(reply, Reply)
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
    assert isinstance(reply, Reply)
    assert "简体中文" in renderer.text(reply.view, "zh-Hans")


async def test_forged_or_old_button_is_refused_with_the_menu() -> None:
    for data in ("c:no_such", "l:fr", "x" * 64, ""):
        actions = await router().route(event(Kind.BUTTON, button_data=data), Context("en"))
        assert isinstance(actions[0], AnswerButton)
        reply = actions[1]
        assert isinstance(reply, Reply)
        assert "no longer active" in renderer.text(reply.view, "en")
        assert not any(isinstance(a, SetLanguage) for a in actions)


async def test_my_tickets_lists_status_and_local_date() -> None:
    tickets = Tickets([TicketSummary("K-7F3Q2", "recharge", "waiting_agent", NOW)])
    actions = await router(tickets).route(event(Kind.BUTTON, button_data="t"), Context("en"))
    reply = actions[1]
    assert isinstance(reply, Reply)
    text = renderer.text(reply.view, "en")
    assert "K-7F3Q2 · Top-up not received · waiting for an agent · 2026-11-20 20:00" in text


async def test_no_tickets_says_so() -> None:
    actions = await router().route(event(Kind.BUTTON, button_data="t"), Context("en"))
    assert "no tickets yet" in renderer.text(actions[1].view, "en")  # type: ignore[union-attr]


async def test_group_messages_are_not_the_menus_business() -> None:
    assert await router().route(event(chat_type="supergroup", text="/start"), Context("en")) == []
    cmd = event(Kind.COMMAND, chat_type="supergroup", command="start")
    assert await router().route(cmd, Context("en")) == []


async def test_free_text_gets_a_hint_as_a_reply() -> None:
    (reply,) = await router().route(event(text="hello?"), Context("en"))
    assert isinstance(reply, Reply)
    assert reply.reply_to == 10
    assert "did not understand" in renderer.text(reply.view, "en")


async def test_unknown_command_shows_the_menu() -> None:
    (reply,) = await router().route(event(Kind.COMMAND, command="foo"), Context("en"))
    assert "do not know that command" in renderer.text(reply.view, "en")  # type: ignore[union-attr]
