"""An admin's /maintenance through the real router: the windows on or planned with End,
a window started step by step (scope, message and its versions, expected end, announced
or not, preview, confirm), each refused input, who may use it, and buttons from older
prompts or forged (the usual expired answer, nothing changed)."""

from __future__ import annotations

from datetime import timedelta

from dialogs.actions import DropDraft
from dialogs.events import MediaKind
from dialogs.notices.actions import EndWindow, StartWindow
from dialogs.notices.windows import Scope, ScopeKind, Window, WindowState
from dialogs.report.draft import Draft
from tests.dialogs.notices.notice_driver import ADMIN, SOMEONE
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
from tests.dialogs.report.report_driver import NOW, TZ, renderer

START = "➕ Start a maintenance window"


async def at_end(admin: Watcher, scope: str = "💳 Alipay") -> None:
    """/maintenance, Start, a scope, a message, Continue: the expected end is asked."""
    await admin.command("maintenance")
    await admin.press(START)
    await admin.press(scope)
    await admin.text("Alipay payments are paused")
    (asked,) = await admin.press("Continue ▶")
    assert "When is it expected to end? Type a time in Asia/Shanghai" in asked.text


async def test_an_admin_starts_a_window_with_a_version_per_language() -> None:
    admin = Watcher(user_id=ADMIN)
    (listed,) = await admin.command("maintenance")
    assert "No maintenance window is on or planned." in listed.text
    assert listed.labels == [START, "✖ Cancel"]
    (scopes,) = await admin.press(START)
    assert "What does it affect?" in scopes.text
    assert scopes.labels[:2] == ["🌐 The whole service", "Top-up not received"]
    # The channel field's choices the desk tags as channels ("Other" is none).
    channels = [label for label in scopes.labels if label.startswith("💳")]
    assert channels == ["💳 Alipay", "💳 WeChat Pay", "💳 Bank card", "💳 USDT (TRC20)"]
    (asked,) = await admin.press("💳 Alipay")
    assert "Send what users are told (plain text, at most 1,000 characters)" in asked.text
    (variants,) = await admin.text("支付宝暂停充值，预计两小时。")
    assert "Versions for other languages so far: —" in variants.text
    await admin.press("Add English version")
    (variants,) = await admin.text("Alipay top-ups are paused for two hours.")
    assert "so far: English." in variants.text
    await admin.press("Continue ▶")
    (announce,) = await admin.text("+2h")
    assert "Announce it now to the users of Alipay payments?" in announce.text
    (preview,) = await admin.press("📣 Announce it")
    assert "Ready to start" in preview.text and "Scope: Alipay payments" in preview.text
    assert "Expected end: 2026-11-23 14:00 UTC+8" in preview.text
    assert "Announced: yes: its users are told now" in preview.text
    assert "English: Alipay top-ups are paused for two hours." in preview.text
    assert "简体中文: 支付宝暂停充值，预计两小时。" in preview.text
    (started,) = await admin.press("✅ Start it")
    assert "Maintenance started." in started.text
    (start,) = admin.of(StartWindow)
    assert start.announce is True
    assert start.window == Window(
        ALIPAY,
        {
            "en": "Alipay top-ups are paused for two hours.",
            "zh-Hans": "支付宝暂停充值，预计两小时。",
            "zh-Hant": "支付宝暂停充值，预计两小时。",  # no version of its own: the one text
        },
        NOW,
        NOW + 2 * H,
        tz=TZ,
    )
    assert admin.draft is None
    # Now it is listed, on, with End.
    (listed,) = await admin.command("maintenance")
    assert "#1</b> · Alipay payments · on now" in listed.text
    assert "2026-11-23 12:00 UTC+8 → 2026-11-23 14:00 UTC+8" in listed.text
    assert listed.labels == ["⏹ End #1", START, "✖ Cancel"]


async def test_the_whole_service_not_announced() -> None:
    admin = Watcher(user_id=ADMIN)
    await at_end(admin, "🌐 The whole service")
    await admin.text("tomorrow 9:00")
    (preview,) = await admin.press("Do not announce")
    assert "Scope: all services" in preview.text and "Announced: no" in preview.text
    assert "Expected end: 2026-11-24 09:00 UTC+8" in preview.text
    await admin.press("✅ Start it")
    (start,) = admin.of(StartWindow)
    assert start.window.scope == SERVICE and not start.announce
    assert start.window.messages == dict.fromkeys(MESSAGES, "Alipay payments are paused")


async def test_refused_answers_ask_the_step_again() -> None:
    admin = Watcher(user_id=ADMIN)
    await admin.command("maintenance")
    await admin.press(START)
    await admin.press("Top-up not received")
    # Why, then the step again, in one message.
    (again,) = await admin.media(MediaKind.PHOTO)
    assert again.text.startswith("Please send the message as text.")
    assert "Send what users are told" in again.text and again.labels == ["✖ Cancel"]
    (again,) = await admin.text("x" * 1001)
    assert again.text.startswith("That is 1,001 characters: at most 1,000.")
    await admin.text("Top-ups paused")
    await admin.press("Continue ▶")
    (again,) = await admin.text("soon-ish")
    assert again.text.startswith("I could not read that time") and "expected to end" in again.text
    (again,) = await admin.text("2026-11-23 11:00")
    assert again.text.startswith("That time has passed") and "expected to end" in again.text
    (again,) = await admin.text("2027-06-01 09:00")
    assert "more than 90 days ahead" in again.text
    # Buttons are the way at the announce step.
    await admin.text("+1h")
    (again,) = await admin.text("yes")
    assert again.text.startswith("I did not understand that") and "Announce it now" in again.text
    assert not admin.of(StartWindow)


async def test_an_end_passed_while_the_preview_was_read_is_asked_again() -> None:
    admin = Watcher(user_id=ADMIN)
    await at_end(admin)
    await admin.text("+1h")
    await admin.press("Do not announce")
    (again,) = await admin.press_at(NOW + 2 * H, "✅ Start it")
    assert again.text.startswith("That time has passed") and "expected to end" in again.text
    assert not admin.of(StartWindow)


async def test_the_list_ends_a_window_on_and_cancels_one_to_come() -> None:
    admin = Watcher(user_id=ADMIN)
    admin.windows.add(window(TOP_UPS))  # 1: on
    admin.windows.add(window(ALIPAY, start=NOW + 3 * H, end=NOW + 4 * H))  # 2: to come
    nightly = Window(SERVICE, dict(MESSAGES), NOW + 10 * H, rule="FREQ=DAILY",
                     duration=2 * H, tz=TZ)  # fmt: skip
    admin.windows.add(nightly)  # 3: recurs, not on now: nothing to end
    admin.windows.add(window(SERVICE, end=NOW - H / 2))  # 4: overdue
    (listed,) = await admin.command("maintenance")
    assert "#1</b> · Top-up not received · on now" in listed.text
    assert "#2</b> · Alipay payments · planned" in listed.text
    assert "#3</b> · all services · planned" in listed.text
    assert "#4</b> · all services · ⏰ past its expected end" in listed.text
    assert MESSAGES["en"] in listed.text
    assert listed.labels == ["⏹ End #1", "✖ Cancel #2", "⏹ End #4", START, "✖ Cancel"]
    (ended,) = await admin.press("⏹ End #1")
    assert "Maintenance #1 ended: who asked" in ended.text
    assert admin.of(EndWindow) == [EndWindow(1)] and admin.draft is None
    await admin.command("maintenance")
    (cancelled,) = await admin.press("✖ Cancel #2")
    assert "Maintenance #2 cancelled: it had not begun." in cancelled.text
    assert admin.of(EndWindow) == [EndWindow(2)]


async def test_stale_and_forged_admin_buttons_change_nothing() -> None:
    admin = Watcher(user_id=ADMIN)
    admin.windows.add(window(TOP_UPS))
    (old,) = await admin.command("maintenance")
    end = old.data("⏹ End #1")
    (listed,) = await admin.command("maintenance")  # newer: the older one's buttons are spent
    kept = admin.draft
    (expired,) = await admin.press_data(end)
    assert EXPIRED in expired.text and not admin.of(EndWindow) and admin.draft == kept
    token = kept["token"] if kept else ""
    for forged in (f"ma:{token}:end:9", f"ma:{token}:end:x", f"ma:{token}:scope:service"):
        (expired,) = await admin.press_data(forged)
        assert EXPIRED in expired.text and not admin.of(EndWindow) and admin.draft == kept
    # A scope the buttons do not offer.
    await admin.press_data(listed.data(START))
    token = admin.draft["token"] if admin.draft else ""
    for forged in (f"ma:{token}:scope:channel:nope", f"ma:{token}:scope:category:x"):
        (expired,) = await admin.press_data(forged)
        assert EXPIRED in expired.text and admin.draft and admin.draft["step"] == "~mw:scope"
    # Ended meanwhile (from a terminal): its End is stale.
    (listed,) = await admin.command("maintenance")
    admin.windows.windows[1] = window(TOP_UPS, ended_at=NOW)
    (expired,) = await admin.press_data(listed.data("⏹ End #1"))
    assert EXPIRED in expired.text and not admin.of(EndWindow)


async def test_only_admins_may_and_a_report_under_way_comes_first() -> None:
    someone = Watcher(user_id=SOMEONE)
    (unknown,) = await someone.command("maintenance")
    assert "I do not know that command" in unknown.text
    # A forged admin button from someone else: refused, nothing changed.
    (expired,) = await someone.press_data("ma:abcd:new")
    assert EXPIRED in expired.text and someone.draft is None
    admin = Watcher(user_id=ADMIN)
    await admin.command("start")
    await admin.press("Top-up not received")
    (first,) = await admin.command("maintenance")
    assert "You have a report under way" in first.text
    assert admin.draft and admin.draft["category"] == "recharge"
    # An admin's draft left when they are no longer one is forgotten.
    former = Watcher(user_id=SOMEONE)
    await former.drafts.put(SOMEONE, Draft("", {"~mw": {}}, step="~mw:scope").to_json())
    await former.text("hello")
    assert DropDraft() in former.actions


async def test_cancel_a_message_at_the_list_or_another_command_leaves_it() -> None:
    admin = Watcher(user_id=ADMIN)
    await at_end(admin)
    (cancelled,) = await admin.command("cancel")
    assert "Nothing was started." in cancelled.text and "Top-up not received" in cancelled.labels
    assert admin.draft is None and not admin.of(StartWindow)
    # Having only looked at the list, a message is handled as usual.
    await admin.command("maintenance")
    (answer,) = await admin.text("hello there")
    assert "I did not understand that" in answer.text and admin.draft is None
    # Another command gives a window under way up.
    await at_end(admin)
    (help_,) = await admin.command("help")
    assert DropDraft() in admin.actions and "Top-up not received" in help_.labels  # /help's
    assert admin.draft is None
    # An edit of a message already taken changes nothing.
    await at_end(admin)
    kept = admin.draft
    await admin.edit("changed my mind")
    assert admin.draft == kept


def test_every_window_state_has_a_label() -> None:
    from dialogs.views import Text

    for locale in ("en", "zh-Hans", "zh-Hant"):
        for state in WindowState:
            text = renderer.label(Text.of(f"maintenance-state-{state.value}"), locale)
            assert text != f"maintenance-state-{state.value}"


async def test_a_scheduled_recurring_window_is_listed_with_its_next_night() -> None:
    admin = Watcher(user_id=ADMIN)
    bank = Scope(ScopeKind.CHANNEL, "bank_card")
    nightly = Window(bank, dict(MESSAGES), NOW + 14 * H, rule="FREQ=DAILY",
                     duration=timedelta(hours=2), tz=TZ)  # fmt: skip
    admin.windows.add(nightly)
    (listed,) = await admin.command("maintenance")
    assert "2026-11-24 02:00 UTC+8 → 2026-11-24 04:00 UTC+8" in listed.text
    assert "Bank card payments · planned" in listed.text
