"""First-contact screening decided in plain Python: spam held, the check asked and passed,
a person let through with one write, and an agent's Release (dialogs.desk.screening)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from dialogs.actions import (
    AnswerButton,
    FileTicket,
    Relay,
    ResultOf,
    Screen,
    Send,
    ToDesk,
    ToSpam,
    Unheard,
    UserChat,
    check_results,
)
from dialogs.content import load_content
from dialogs.desk.router import DeskRouter
from dialogs.desk.screening import CHECK_BUTTON, RELEASE_PREFIX, Screening
from dialogs.desk.stats_view import detail
from dialogs.events import Context, Inbound, Kind
from dialogs.ports.stats import DeskFigures, Period
from dialogs.router import Router
from dialogs.user import menu
from dialogs.views import Text, View
from tests.dialogs.report.report_ports import MemoryDrafts, QueueOnlyDesk

CONTENT = load_content()
DESK = -100777
AGENT = 70
USER = 501
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
MENU = menu.main_menu(CONTENT, "en", human=True)


class Desk(QueueOnlyDesk):
    """The desk's reads: users' screening states, what they left unread, who is an agent."""

    def __init__(self, check: bool = False) -> None:
        super().__init__(())
        self.first_contact_check = check
        self.states: dict[int, str | None] = {}
        self.kept: dict[int, tuple[int, ...]] = {}
        self.since: datetime | None = None

    async def screening(self, user_id: int) -> str | None:  # type: ignore[override]
        return self.states.get(user_id)

    async def unheard(self, user_id: int, since: object) -> tuple[int, ...]:
        self.since = since  # type: ignore[assignment]
        return self.kept.get(user_id, ())

    async def is_desk(self, chat_id: int) -> bool:
        return chat_id == DESK

    async def is_agent(self, chat_id: int, user_id: int) -> bool:
        return (chat_id, user_id) == (DESK, AGENT)


def said(text: str = "", kind: Kind = Kind.MESSAGE, **kw: object) -> Inbound:
    fields: dict[str, object] = {
        "kind": kind,
        "user_id": USER,
        "chat_id": USER,
        "chat_type": "private",
        "date": NOW,
        "message_id": 11,
        "message_ids": (11,),
        "first_name": "Spammy",
        "username": "promo_bot",
        "text": text or None,
    }
    return Inbound(**(fields | kw))  # type: ignore[arg-type]


def pressed(data: str, user_id: int = AGENT) -> Inbound:
    return Inbound(Kind.BUTTON, user_id, DESK, "supergroup", NOW, message_id=90,
                   first_name="Ann", thread_id=5, button_data=data, callback_id="cb")  # fmt: skip


async def test_spam_words_hold_a_first_contact_with_one_neutral_reply() -> None:
    desk = Desk()
    verdict = await Screening(CONTENT, desk).screen(said("加 微 信，私聊"), MENU)
    assert verdict is not None and verdict.done
    to_spam, screen, unheard, reply = verdict.actions
    assert screen == Screen(USER, "held", "spam_held")
    assert unheard == Unheard((11,))
    assert reply == Send(View((Text.of("screening-received"),)))
    assert isinstance(to_spam, ToSpam)  # first: the spam topic may be made before any write
    line = to_spam.header.parts[0]
    assert line == Text.of("desk-spam-held", name="Spammy @promo_bot", id="501", word="加微信")
    ((release,),) = to_spam.header.buttons
    assert release.data == f"{RELEASE_PREFIX}{USER}"


async def test_a_held_users_messages_go_to_the_spam_topic_and_nothing_else_reaches_anyone() -> None:
    desk = Desk()
    desk.states[USER] = "held"
    screening = Screening(CONTENT, desk)
    later = await screening.screen(said("hello?"), MENU)
    assert later is not None and later.done
    to_spam, unheard = later.actions
    assert isinstance(to_spam, ToSpam) and unheard == Unheard((11,))
    assert to_spam.header.parts[0] == Text.of("desk-spam-more", name="Spammy @promo_bot", id="501")
    assert not [a for a in later.actions if isinstance(a, Send)], "told once, when held"
    press = await screening.screen(said(kind=Kind.BUTTON, button_data=menu.HUMAN), MENU)
    assert press is not None and press.actions == [AnswerButton()]
    edit = await screening.screen(said("edited", kind=Kind.EDITED), MENU)
    assert edit is not None and edit.actions == []


async def test_a_held_users_human_request_does_not_bypass_the_hold() -> None:
    desk = Desk()
    desk.states[USER] = "held"
    router = Router(CONTENT, None, MemoryDrafts(), ZoneInfo("UTC"), desk=(DESK, desk))  # type: ignore[arg-type]
    for event in (
        said("/human", Kind.COMMAND, command="human"),
        said("/start", Kind.COMMAND, command="start"),
        said("我要人工客服"),
    ):
        actions = await router.route(event, Context("en"))
        assert not [a for a in actions if isinstance(a, FileTicket | ToDesk | Relay)], event


async def test_an_ordinary_first_message_makes_the_user_clear_once_and_goes_on() -> None:
    desk = Desk()
    screening = Screening(CONTENT, desk)
    verdict = await screening.screen(said("我充值了没到账"), MENU)
    assert verdict is not None and not verdict.done
    assert verdict.actions == [Screen(USER, "clear")]
    router = Router(CONTENT, None, MemoryDrafts(), ZoneInfo("UTC"), desk=(DESK, desk))  # type: ignore[arg-type]
    actions = await router.route(said("我充值了没到账"), Context("zh-Hans"))
    assert actions[0] == Screen(USER, "clear") and any(isinstance(a, Send) for a in actions)
    desk.states[USER] = "clear"
    assert await screening.screen(said("again"), MENU) is None, "no write for a clear user"


async def test_commands_and_presses_before_the_first_message_decide_nothing() -> None:
    screening = Screening(CONTENT, Desk())
    assert await screening.screen(said("/start", Kind.COMMAND, command="start"), MENU) is None
    assert await screening.screen(said(kind=Kind.BUTTON, button_data=menu.MENU), MENU) is None


async def test_with_the_check_on_a_first_contact_is_asked_to_press_and_kept_meanwhile() -> None:
    desk = Desk(check=True)
    screening = Screening(CONTENT, desk)
    start = await screening.screen(said("/start", Kind.COMMAND, command="start"), MENU)
    assert start is not None and start.done
    asked, ask = start.actions
    assert asked == Screen(USER, "checking", "check_asked")
    assert isinstance(ask, Send) and ask.view.parts == (Text.of("screening-check"),)
    assert [[b.data for b in row] for row in ask.view.buttons] == [[CHECK_BUTTON]]
    desk.states[USER] = "checking"
    message = await screening.screen(said("我充值了没到账"), MENU)
    assert message is not None and message.done
    kept, again = message.actions  # asked once only: no second tally
    assert kept == Unheard((11,))
    assert isinstance(again, Send) and again.reply_to == 11
    human = await screening.screen(said(kind=Kind.BUTTON, button_data=menu.HUMAN), MENU)
    assert human is not None and human.done and human.actions[0] == AnswerButton()
    assert not [a for a in human.actions if isinstance(a, FileTicket | ToDesk)]


async def test_pressing_the_check_makes_the_user_clear_and_shows_the_menu() -> None:
    desk = Desk(check=True)
    desk.states[USER] = "checking"
    verdict = await Screening(CONTENT, desk).screen(
        said(kind=Kind.BUTTON, button_data=CHECK_BUTTON), MENU
    )
    assert verdict is not None and verdict.done
    passed, answer, shown = verdict.actions
    assert passed == Screen(USER, "clear", "check_passed") and answer == AnswerButton()
    assert isinstance(shown, Send) and shown.view.buttons == MENU.buttons


async def test_spam_while_asked_to_press_is_held() -> None:
    desk = Desk(check=True)
    desk.states[USER] = "checking"
    verdict = await Screening(CONTENT, desk).screen(said("USDT 高价回收"), MENU)
    assert verdict is not None
    assert Screen(USER, "held", "spam_held") in verdict.actions


async def test_release_files_a_ticket_carrying_the_held_messages_to_the_desk() -> None:
    desk = Desk()
    desk.states[USER], desk.kept[USER] = "held", (11, 12)
    actions = await Screening(CONTENT, desk).release(pressed(f"sp:{USER}"))
    check_results(actions)
    screen, filed, to_desk, relay, forget, told, answer, done = actions
    assert screen == Screen(USER, "clear", "spam_released")
    assert isinstance(filed, FileTicket) and filed.ticket.user_id == USER
    assert filed.ticket.category == "conversation"
    assert to_desk == ToDesk(ResultOf("ticket"), "desk-reason-released")
    assert relay == Relay(ResultOf("ticket"), (11, 12), user_chat=USER)
    assert forget == Unheard((), USER)
    assert isinstance(told, Send) and told.to == UserChat(USER)
    assert answer == AnswerButton(Text.of("desk-spam-released-short"))
    assert isinstance(done, Send) and done.reply_to == 90
    assert desk.since is not None and desk.since < datetime(2000, 1, 1, tzinfo=UTC)


async def test_release_of_someone_not_held_or_forged_data_changes_nothing() -> None:
    desk = Desk()
    desk.states[USER] = "clear"
    screening = Screening(CONTENT, desk)
    assert await screening.release(pressed(f"sp:{USER}")) == [
        AnswerButton(Text.of("desk-spam-not-held"))
    ]
    assert await screening.release(pressed("sp:42")) == [
        AnswerButton(Text.of("desk-spam-not-held"))
    ]
    for forged in ("sp:", "sp:abc", "sp:-5", "sp:١٢"):
        assert await screening.release(pressed(forged)) == [
            AnswerButton(Text.of("desk-button-expired"))
        ]


async def test_only_members_of_the_agents_group_release() -> None:
    desk = Desk()
    desk.states[USER] = "held"
    router = DeskRouter(desk, CONTENT, "en")  # type: ignore[arg-type]
    stranger = await router.route(pressed(f"sp:{USER}", user_id=999))
    assert stranger == [AnswerButton(Text.of("desk-not-agent"))]
    agent = await router.route(pressed(f"sp:{USER}"))
    assert Screen(USER, "clear", "spam_released") in agent


def test_the_release_button_fits_telegrams_64_bytes_for_any_user_id() -> None:
    assert len(f"{RELEASE_PREFIX}{2**63 - 1}".encode()) <= 64


def test_stats_show_the_checks_only_where_the_check_is_on() -> None:
    off = DeskFigures(Period.WEEK, NOW, NOW, 900, tallies={"spam_held": 2})
    on = DeskFigures(Period.WEEK, NOW, NOW, 900, tallies={"check_asked": 3, "check_passed": 2})
    assert not [p for p in detail(off).parts if getattr(p, "key", "") == "desk-stats-checks"]
    assert Text.of("desk-stats-checks", asked=3, passed=2) in detail(on).parts
