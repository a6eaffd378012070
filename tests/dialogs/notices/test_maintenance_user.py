"""What users meet of maintenance windows, through the real router: the main menu's banner
(the expected end in the operator's zone; past it, plainly "taking longer", never the old
time), told first when a report is begun or a payment channel chosen in scope (Continue
goes on where they were; "Tell me when it's over" is kept; money reaches a person in two
taps), warned before a channel's window, and the maintenance article's live part."""

from __future__ import annotations

from dialogs.actions import FileTicket, ToDesk
from dialogs.languages import LOCALES
from dialogs.notices.actions import WishNotice
from dialogs.notices.windows import Scope, ScopeKind
from tests.dialogs.kb.kb_fixtures import shipped_kb
from tests.dialogs.notices.window_driver import (
    ALIPAY,
    EXPIRED,
    MESSAGES,
    SERVICE,
    TOP_UPS,
    H,
    Watcher,
    window,
)
from tests.dialogs.report.report_driver import NOW

USER = 8
ENDS = "Expected to end at 2026-11-23 14:00 UTC+8."  # NOW + 2 h, in Asia/Shanghai
TOLD = "Before you go on: what you are reporting is affected by maintenance."
BUTTONS = ["▶ Continue my report", "🔔 Tell me when it's over"]
PERSON = "🙋 Send it to a person now"


def user(*windows: object, desk: bool = True, locale: str = "en", kb: bool = False) -> Watcher:
    """A user, with an agents' desk unless not ``desk`` (and the shipped knowledge base if
    ``kb``), and ``windows`` kept."""
    waits = (60.0,) if desk else None
    made = Watcher(user_id=USER, locale=locale, desk_waits=waits, kb=shipped_kb() if kb else None)
    for w in windows:
        made.windows.add(w)  # type: ignore[arg-type]
    return made


async def test_the_menu_shows_a_banner_only_while_a_window_is_on() -> None:
    ann = user()
    (menu,) = await ann.command("start")
    assert "Maintenance" not in menu.text
    ann.windows.add(window(TOP_UPS))
    (menu,) = await ann.command("start")
    assert menu.text.startswith("Hello, Ann!")  # the greeting first, the banner under it
    assert "🛠 <b>Maintenance: Top-up not received</b>" in menu.text
    assert MESSAGES["en"] in menu.text and ENDS in menu.text
    assert "Top-up not received" in menu.labels  # the menu's buttons are all there
    # Every view with the menu's buttons is the menu: the answer to an unknown command too.
    (unknown,) = await ann.command("nonsense")
    assert "I do not know that command" in unknown.text and ENDS in unknown.text
    # A window to come, or one ended, shows no banner.
    ann.windows.windows[1] = window(TOP_UPS, start=NOW + H, end=NOW + 2 * H)
    (menu,) = await ann.command("start")
    assert "Maintenance" not in menu.text
    ann.windows.windows[1] = window(TOP_UPS, ended_at=NOW - 1 * H / 2)
    (menu,) = await ann.command("start")
    assert "Maintenance" not in menu.text


async def test_the_banner_is_in_the_users_language_with_the_operators_zone() -> None:
    for locale, scope, end in (
        ("zh-Hans", "全部服务", "预计 2026-11-23 14:00 UTC+8 结束。"),
        ("zh-Hant", "全部服務", "預計 2026-11-23 14:00 UTC+8 結束。"),
    ):
        chen = user(window(SERVICE), locale=locale)
        (menu,) = await chen.command("start")
        assert scope in menu.text and MESSAGES[locale] in menu.text and end in menu.text


async def test_past_its_expected_end_the_banner_says_it_is_taking_longer() -> None:
    ann = user(window(SERVICE, end=NOW - H / 2))  # was to end at 11:30: now 12:00
    (menu,) = await ann.command("start")
    assert "It is taking longer than announced: it is still under way" in menu.text
    assert "11:30" not in menu.text and "Expected to end" not in menu.text
    # A window without an end said says so.
    bo = user(window(SERVICE, end=None))
    (menu,) = await bo.command("start")
    assert "No end time yet: it is still under way." in menu.text


async def test_a_report_begun_in_scope_is_told_first_and_continue_goes_on() -> None:
    ann = user(window(TOP_UPS))
    await ann.command("start")
    (told,) = await ann.press("Top-up not received")
    assert told.text.startswith("⚠️ " + TOLD)
    assert MESSAGES["en"] in told.text and ENDS in told.text
    assert "Step 1 of 5" not in told.text  # the form waits for Continue
    assert told.labels == [*BUTTONS, PERSON]
    (asked,) = await ann.press("▶ Continue my report")
    assert "Step 1 of 5" in asked.text and "order number" in asked.text
    # Told once: the rest of the report goes on as usual.
    (asked,) = await ann.text("P20241123-0001")
    assert "Step 2 of 5" in asked.text and TOLD not in asked.text


async def test_a_category_out_of_scope_is_not_held_up() -> None:
    ann = user(window(TOP_UPS))
    await ann.command("start")
    (asked,) = await ann.press("Redeem code invalid or used")
    assert "Step 1 of 4" in asked.text and TOLD not in asked.text


async def test_the_person_button_is_for_money_where_a_desk_answers() -> None:
    ann = user(window(SERVICE))
    await ann.command("start")
    (told,) = await ann.press("Payment failed")  # not a money category
    assert told.labels == BUTTONS
    bo = user(window(SERVICE), desk=False)
    await bo.command("start")
    (told,) = await bo.press("Withdrawal not paid out")  # money, but nobody to hand it to
    assert told.labels == BUTTONS
    assert "You can still send your report" in told.text and "a person" not in told.text


async def test_money_that_has_not_arrived_reaches_a_person_in_two_taps() -> None:
    ann = user(window(TOP_UPS))
    await ann.command("start")
    taps = 0
    for label in ("Top-up not received", PERSON):
        await ann.press(label)
        taps += 1
    (filed,) = [a for a in ann.actions if isinstance(a, FileTicket)]
    assert filed.ticket.category == "recharge" and taps == 2
    assert any(isinstance(a, ToDesk) for a in ann.actions)


async def test_tell_me_when_its_over_is_kept_and_pressing_twice_is_harmless() -> None:
    ann = user(window(TOP_UPS))
    await ann.command("start")
    (told,) = await ann.press("Top-up not received")
    tell = told.data("🔔 Tell me when it's over")
    (noted,) = await ann.press_data(tell)
    assert "Noted: we will message you here as soon as the maintenance is over" in noted.text
    assert noted.labels == ["▶ Continue my report"]
    assert ann.of(WishNotice) == [WishNotice("window:1")]
    await ann.press_data(tell)
    assert ann.wishes == ["window:1", "window:1"]  # the app keeps one wish per topic
    # Continue, from the confirmation: where the report was.
    (asked,) = await ann.press("▶ Continue my report")
    assert "Step 1 of 5" in asked.text


async def test_stale_and_forged_window_buttons_get_the_usual_expired_answer() -> None:
    ann = user(window(TOP_UPS))
    await ann.command("start")
    (told,) = await ann.press("Top-up not received")
    tell, go = told.data("🔔 Tell me when it's over"), told.data("▶ Continue my report")
    await ann.press("▶ Continue my report")
    before = ann.draft
    # An older prompt's Continue: refused, the present step asked again, nothing changed.
    refused, again = await ann.press_data(go)
    assert EXPIRED in refused.text and "Step 1 of 5" in again.text
    assert ann.draft is not None and before is not None
    assert ann.draft["answers"] == before["answers"] and ann.draft["step"] == before["step"]
    for forged in ("mw:tell:99", "mw:tell:x", "mw:go:zzzz", "mw:nope"):
        replies = await ann.press_data(forged)
        assert not ann.of(WishNotice) and EXPIRED in replies[0].text
    # The window ended: its Tell me is stale too.
    ann.windows.windows[1] = window(TOP_UPS, ended_at=NOW)
    await ann.command("cancel")
    (expired,) = await ann.press_data(tell)
    assert EXPIRED in expired.text and not ann.of(WishNotice)


async def test_a_payment_channel_in_scope_is_told_first() -> None:
    ann = user(window(ALIPAY))
    await ann.command("start")
    (asked,) = await ann.press("Top-up not received")  # the category is not in scope
    assert "Step 1 of 5" in asked.text
    await ann.text("P20241123-0001")
    (told,) = await ann.press("Alipay")
    assert TOLD in told.text and "Maintenance: Alipay payments" in told.text
    assert "Step 3 of 5" not in told.text and told.labels == [*BUTTONS, PERSON]
    (asked,) = await ann.press("▶ Continue my report")
    assert "Step 3 of 5" in asked.text
    # Another channel: no notice.
    bo = user(window(ALIPAY))
    await bo.command("start")
    await bo.press("Top-up not received")
    await bo.text("P20241123-0001")
    (asked,) = await bo.press("WeChat Pay")
    assert "Step 3 of 5" in asked.text and TOLD not in asked.text


async def test_a_window_told_at_the_category_is_not_told_again_at_the_channel() -> None:
    ann = user(window(SERVICE))
    await ann.command("start")
    await ann.press("Payment failed")
    (asked,) = await ann.press("▶ Continue my report")
    assert "Step 1 of 5" in asked.text
    (asked,) = await ann.press("Alipay")
    assert "Step 2 of 5" in asked.text and TOLD not in asked.text


async def test_a_channel_whose_window_starts_soon_is_to_be_avoided() -> None:
    soon = window(ALIPAY, start=NOW + H / 2, end=NOW + 2 * H)
    later = window(Scope(ScopeKind.CHANNEL, "wechat"), start=NOW + 3 * H, end=NOW + 4 * H)
    ann = user(soon, later)
    await ann.command("start")
    await ann.press("Payment failed")
    (asked,) = await ann.press("Alipay")
    # Told above the next question, in one message: they may go on at once.
    assert "Planned maintenance: Alipay payments</b>, from 2026-11-23 12:30 UTC+8" in asked.text
    assert "to 2026-11-23 14:00 UTC+8" in asked.text
    assert "Please avoid paying with Alipay then" in asked.text and "Step 2 of 5" in asked.text
    assert TOLD not in asked.text
    # Three hours ahead: beyond the lead, nothing said.
    bo = user(soon, later)
    await bo.command("start")
    await bo.press("Payment failed")
    (asked,) = await bo.press("WeChat Pay")
    assert "Planned maintenance" not in asked.text and "Step 2 of 5" in asked.text
    # A window with no end said: from when.
    chen = user(window(ALIPAY, start=NOW + H / 2, end=None))
    await chen.command("start")
    await chen.press("Payment failed")
    (asked,) = await chen.press("Alipay")
    assert "from 2026-11-23 12:30 UTC+8." in asked.text and "until it is over" in asked.text


async def test_the_maintenance_article_shows_the_windows_on_now() -> None:
    ann = user(window(ALIPAY), desk=False, kb=True)
    (found,) = await ann.text("payment channel under maintenance")
    assert "🛠" not in found.text  # the list of articles found is left as it is
    (article,) = await ann.press("Scheduled maintenance and service outages")
    assert article.text.startswith("🛠 <b>Maintenance: Alipay payments</b>")
    assert ENDS in article.text and "During maintenance, some or all services" in article.text
    # None on: said plainly, above the article.
    bo = user(desk=False, kb=True)
    await bo.text("payment channel under maintenance")
    (article,) = await bo.press("Scheduled maintenance and service outages")
    assert article.text.startswith("✅ No maintenance is going on now.")
    # Another article: nothing added.
    await bo.text("alipay top up not arrived")
    (other,) = await bo.press(bo.last.labels[0])
    assert "maintenance is going on" not in other.text


async def test_a_report_opened_from_the_knowledge_base_is_told_first_too() -> None:
    ann = user(window(TOP_UPS), desk=False, kb=True)
    await ann.text("alipay top up not arrived")
    await ann.press(ann.last.labels[0])  # the best article: a top-up's delay
    (_, told) = await ann.press("❌ No")  # "Let us report it", then the notice
    assert TOLD in told.text and told.labels == BUTTONS
    (asked,) = await ann.press("▶ Continue my report")
    assert "Step 1 of 5" in asked.text


async def test_every_language_has_the_words() -> None:
    for locale in LOCALES:
        ann = user(window(TOP_UPS), locale=locale)
        await ann.command("start")
        (told,) = await ann.press_data("c:recharge")
        assert MESSAGES[locale] in told.text and len(told.labels) == 3
