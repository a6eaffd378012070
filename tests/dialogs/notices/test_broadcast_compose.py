"""An admin's /broadcast through the real router: each step, each refused input, who may
use it, and buttons from older prompts or forged."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dialogs.actions import AnswerButton, DropDraft, KeepDraft
from dialogs.events import MediaKind, TextEntity
from dialogs.notices.actions import MoveBroadcast, QueueBroadcast
from dialogs.notices.broadcast import Content, Media, Message
from dialogs.notices.broadcast import MediaKind as Sent
from dialogs.views import View
from tests.dialogs.notices.notice_driver import ADMIN, SOMEONE, MemoryNotices, Person
from tests.dialogs.report.report_driver import renderer

EXPIRED = "That button is no longer active"
UNKNOWN = "I do not know that command"


async def at_audience(admin: Person) -> None:
    """/broadcast, a plain text, Continue: the audience is asked."""
    await admin.command("broadcast")
    await admin.text("Maintenance tonight")
    (asked,) = await admin.press("Continue ▶")
    assert "Who should get it?" in asked.text


async def at_when(admin: Person, audience: str = "Everyone") -> None:
    await at_audience(admin)
    (asked,) = await admin.press(audience)
    assert "When should it go?" in asked.text


async def test_an_admin_composes_a_broadcast_with_a_version_per_language() -> None:
    notices = MemoryNotices(sizes={"locale:en": 12})
    admin = Person(user_id=ADMIN, notices=notices)
    (asked,) = await admin.command("broadcast")
    assert "Send the message users will get" in asked.text
    assert asked.labels == ["✖ Cancel"]
    # Its formatting is kept: bold and a link, as Telegram HTML.
    (variants,) = await admin.formatted(
        "Hi all: see the news",
        TextEntity("bold", 0, 6),
        TextEntity("text_link", 12, 8, url="https://example.com/n?a=1&b=2"),
    )
    assert "Versions for other languages so far: —" in variants.text
    assert variants.labels == [
        "Add English version",
        "Add 简体中文 version",
        "Add 繁體中文 version",
        "Continue ▶",
        "✖ Cancel",
    ]
    (asked,) = await admin.press("Add English version")
    assert "Send the English version" in asked.text
    (variants,) = await admin.text("Hello <everyone> & all")
    assert "so far: English." in variants.text
    assert "Replace English version" in variants.labels
    (audience,) = await admin.press("Continue ▶")
    assert audience.labels[:5] == [
        "Everyone",
        "English users",
        "简体中文 users",
        "繁體中文 users",
        "Users with open tickets",
    ]
    assert "Top-up not received (last 30 days)" in audience.labels
    (when,) = await admin.press("English users")
    assert "type a time in Asia/Shanghai" in when.text
    main, english, summary = await admin.press("Now")
    # The preview: each version as users will see it, then the summary with the count.
    assert (
        main.text == '<b>Hi all</b>: see <a href="https://example.com/n?a=1&amp;b=2">the news</a>'
    )
    assert english.text == "Hello &lt;everyone&gt; &amp; all"
    assert "then its versions for English" in summary.text
    assert "Audience: English users (<code>locale:en</code>)" in summary.text
    assert "Recipients now: 12" in summary.text and "When: now" in summary.text
    assert summary.labels == ["✅ Confirm", "✖ Cancel"]
    assert notices.counted == [("locale:en", False)]
    (queued,) = await admin.press("✅ Confirm")
    assert "Broadcast queued" in queued.text
    (queue,) = admin.of(QueueBroadcast)
    assert queue == QueueBroadcast(
        Content(
            Message(main.text),
            {"en": Message("Hello &lt;everyone&gt; &amp; all")},
        ),
        "locale:en",
        None,
    )
    assert admin.draft is None and admin.of(DropDraft) and admin.of(AnswerButton)


async def test_photos_videos_and_albums_are_taken_with_their_caption() -> None:
    admin = Person(user_id=ADMIN)
    await admin.command("broadcast")
    await admin.media(MediaKind.PHOTO, text="New <b>look</b>")
    kept = admin.draft["answers"]["~bc"]["default"]
    assert kept["text"] == "New &lt;b&gt;look&lt;/b&gt;"
    assert [kind for kind, _ in kept["media"]] == ["photo"]
    await admin.press("Add 简体中文 version")
    await admin.media(MediaKind.PHOTO, MediaKind.VIDEO, MediaKind.PHOTO)  # an album, no caption
    variant = Message.from_json(admin.draft["answers"]["~bc"]["variants"]["zh-Hans"])
    assert [m.kind for m in variant.media] == [Sent.PHOTO, Sent.VIDEO, Sent.PHOTO]
    await admin.press("Continue ▶")
    await admin.press("Everyone")
    main, chinese, _ = await admin.press("Now")
    assert main.text == "📎 With 1 photo and no video; the caption:\n\nNew &lt;b&gt;look&lt;/b&gt;"
    assert chinese.text == "📎 With 2 photos and 1 video; the caption:"
    await admin.press("✅ Confirm")
    (queue,) = admin.of(QueueBroadcast)
    assert queue.content.variants["zh-Hans"].media[1] == Media(Sent.VIDEO, variant.media[1].file_id)


@pytest.mark.parametrize(
    ("kinds", "text", "said"),
    [
        ((MediaKind.STICKER,), None, "text, photos and videos only"),
        ((MediaKind.VOICE,), None, "text, photos and videos only"),
        ((MediaKind.DOCUMENT,), "the report", "text, photos and videos only"),
        ((MediaKind.PHOTO, MediaKind.DOCUMENT), None, "text, photos and videos only"),
        ((MediaKind.PHOTO,) * 11, None, "at most 10 photos and videos"),
        ((MediaKind.PHOTO,), "x" * 1025, "too long for Telegram"),
        ((), "x" * 4097, "too long for Telegram"),
        ((), "   ", "has no words"),
        ((), None, "text, photos and videos only"),  # a location, a contact...
    ],
)
async def test_what_a_broadcast_cannot_carry_is_refused_and_asked_again(
    kinds: tuple[MediaKind, ...], text: str | None, said: str
) -> None:
    admin = Person(user_id=ADMIN)
    await admin.command("broadcast")
    before = admin.draft
    (refused,) = await admin.media(*kinds, text=text) if kinds else await admin.text(text)  # type: ignore[arg-type]
    assert said in refused.text
    assert "Send the message users will get" in refused.text  # the step again
    assert admin.step == "~bc:message" and "default" not in admin.draft["answers"]["~bc"]
    assert admin.draft["token"] != before["token"]  # a new prompt, its own buttons


async def test_a_refused_version_asks_for_that_version_again() -> None:
    admin = Person(user_id=ADMIN)
    await admin.command("broadcast")
    await admin.text("Hello")
    await admin.press("Add 繁體中文 version")
    (refused,) = await admin.media(MediaKind.STICKER)
    assert "text, photos and videos only" in refused.text
    assert "Send the 繁體中文 version" in refused.text
    (back,) = await admin.press("◀ Back")
    assert "so far: —" in back.text


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("locale:fr", "<code>locale:fr</code>: the language must be en, zh-Hans or zh-Hant."),
        ("everyone", "<code>everyone</code> is not an audience I know."),
        ("category:recharge:999", "the days must be a whole number from 1 to 365"),
        ("category:nothing_here", "<code>category:nothing_here</code>: there is no such category"),
        ("asked:channel:", "is not an audience I know"),
    ],
)
async def test_a_bad_audience_is_refused_with_its_reason_and_the_choice_again(
    typed: str, said: str
) -> None:
    admin = Person(user_id=ADMIN)
    await at_audience(admin)
    (refused,) = await admin.text(typed)
    assert said in refused.text
    assert "Who should get it?" in refused.text and "Everyone" in refused.labels
    assert admin.step == "~bc:audience"


async def test_a_typed_audience_and_time_are_taken() -> None:
    notices = MemoryNotices(sizes={"channel:alipay:7": 3})
    admin = Person(user_id=ADMIN, notices=notices)
    await at_audience(admin)
    (when,) = await admin.text("channel:alipay:7")
    assert "When should it go?" in when.text
    # 12:00 in Shanghai now: 21:30 is tonight's.
    _, summary = await admin.text("21:30")
    assert "Audience: Reported Alipay (last 7 days) (<code>channel:alipay:7</code>)" in summary.text
    assert "Recipients now: 3" in summary.text
    assert "When: 2026-11-23 21:30 UTC+8" in summary.text
    await admin.press("✅ Confirm")
    (queue,) = admin.of(QueueBroadcast)
    assert queue.audience == "channel:alipay:7"
    assert queue.at == datetime(2026, 11, 23, 13, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("soonish", "I could not read that time"),
        ("2026-11-01 10:00", "That time has passed"),
        ("+200d", "more than 90 days ahead"),
    ],
)
async def test_a_time_that_is_not_to_come_is_refused(typed: str, said: str) -> None:
    admin = Person(user_id=ADMIN)
    await at_when(admin)
    (refused,) = await admin.text(typed)
    assert said in refused.text and "When should it go?" in refused.text
    assert admin.step == "~bc:when"


async def test_the_users_who_asked_about_a_channel_have_a_button() -> None:
    admin = Person(user_id=ADMIN, notices=MemoryNotices(channels=["wechat"]))
    await at_audience(admin)
    assert "Asked about WeChat Pay" in admin.last.labels
    (when,) = await admin.press("Asked about WeChat Pay")
    assert admin.draft["answers"]["~bc"]["audience"] == "asked:channel:wechat"
    assert "When should it go?" in when.text


async def test_cancel_drops_it_at_any_step_with_the_menu() -> None:
    admin = Person(user_id=ADMIN)
    await at_when(admin)
    (cancelled,) = await admin.press("✖ Cancel")
    assert "Broadcast cancelled: nothing was sent." in cancelled.text
    assert "Top-up not received" in cancelled.labels
    assert admin.draft is None and admin.of(DropDraft)
    await at_audience(admin)
    (cancelled,) = await admin.command("cancel")
    assert "Broadcast cancelled" in cancelled.text and admin.draft is None
    assert not admin.of(QueueBroadcast)


async def test_an_older_prompts_button_or_forged_data_changes_nothing() -> None:
    admin = Person(user_id=ADMIN)
    await admin.command("broadcast")
    first = admin.last
    await admin.text("Hello")
    await admin.press("Continue ▶")
    before = admin.draft
    token = before["token"]
    for data in (
        first.data("✖ Cancel"),  # the first prompt's: its token is gone
        f"bd:{token}:ok",  # Confirm, before there is anything to confirm
        f"bd:{token}:aud:locale:fr",  # an audience no button offers
        f"bd:{token}:aud:category:nothing_here",
        "bd:zzzz:cancel",
        "bd:",
    ):
        (refused,) = await admin.press_data(data)
        assert EXPIRED in refused.text, data
        assert admin.draft == before, data
        assert admin.of(AnswerButton)
        assert not admin.of(QueueBroadcast) and not admin.of(DropDraft)


async def test_once_confirmed_a_second_press_queues_nothing() -> None:
    admin = Person(user_id=ADMIN)
    await at_when(admin)
    _, summary = await admin.press("Now")
    await admin.press("✅ Confirm")
    (again,) = await admin.press_data(summary.data("✅ Confirm"))
    assert EXPIRED in again.text and not admin.of(QueueBroadcast)


async def test_only_admins_may_broadcast_and_nothing_says_it_exists() -> None:
    someone = Person(user_id=SOMEONE)
    (answer,) = await someone.command("broadcast")
    assert UNKNOWN in answer.text and someone.draft is None
    (answer,) = await someone.press_data("bd:abcd:go")
    assert EXPIRED in answer.text
    # An admin's draft is no use to someone who is no longer one: it is forgotten.
    former = Person(user_id=ADMIN)
    await at_audience(former)
    former.router.notices.admins = frozenset()  # type: ignore[union-attr]
    await former.text("all")
    assert former.draft is None and isinstance(former.actions[0], DropDraft)


async def test_another_command_or_button_gives_the_broadcast_up() -> None:
    admin = Person(user_id=ADMIN)
    await at_audience(admin)
    (helped,) = await admin.command("help")
    assert "What I can do" in helped.text
    assert admin.draft is None and isinstance(admin.actions[0], DropDraft)
    await at_audience(admin)
    await admin.press_data("c:recharge")  # the menu's category: a report starts instead
    assert admin.draft["category"] == "recharge"
    assert [type(a) for a in admin.actions[:3]] == [DropDraft, KeepDraft, AnswerButton]


async def test_an_edit_changes_nothing_and_notices_keep_the_draft() -> None:
    admin = Person(user_id=ADMIN)
    await at_audience(admin)
    before = admin.draft
    assert await admin.edit("locale:en") == []
    assert admin.draft == before
    await admin.command("notices")
    assert admin.draft == before


async def test_a_report_under_way_is_not_thrown_away() -> None:
    admin = Person(user_id=ADMIN)
    await admin.press_data("c:recharge")
    report = admin.draft
    (said,) = await admin.command("broadcast")
    assert "You have a report under way" in said.text
    assert admin.draft == report


async def test_a_progress_button_moves_the_broadcast_for_an_admin_only() -> None:
    admin = Person(user_id=ADMIN)
    await at_audience(admin)
    draft = admin.draft
    assert await admin.press_data("bc:p:41") == []  # nothing sent: the press is answered
    assert admin.of(MoveBroadcast) == [MoveBroadcast(41, "pause")]
    (answer,) = admin.of(AnswerButton)
    assert renderer.text(View(parts=(answer.notice,)), "en") == "Pausing…"
    assert admin.draft == draft  # a broadcast being written is not disturbed
    await admin.press_data("bc:r:41")
    assert admin.of(MoveBroadcast) == [MoveBroadcast(41, "resume")]
    await admin.press_data("bc:c:41")
    assert admin.of(MoveBroadcast) == [MoveBroadcast(41, "cancel")]
    for forged in ("bc:x:41", "bc:p:", "bc:p:4a", "bc:p"):
        (refused,) = await admin.press_data(forged)
        assert EXPIRED in refused.text and not admin.of(MoveBroadcast)
    someone = Person(user_id=SOMEONE)
    (refused,) = await someone.press_data("bc:c:41")
    assert EXPIRED in refused.text
    assert not someone.of(MoveBroadcast)
