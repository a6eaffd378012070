"""Random event sequences against the real router and report engine.

Whatever a user sends, in any order (texts of any length, commands, buttons from the current
keyboard, from older ones or forged, media of every kind, edits), the engine never raises,
every reply has text, a report in progress is only ever dropped by a cancel or a submit (or
restarted by Start over), and a submit files exactly one ticket with the draft's answers.
"""

from __future__ import annotations

import asyncio
import html
import re
from typing import Any

from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from dialogs.content import load_content
from dialogs.events import Kind, MediaKind
from dialogs.limits import CALLBACK_DATA_LIMIT, TEXT_LIMIT
from dialogs.report.draft import ORDER_HINT, RESUME, SUMMARY, Draft, decode
from dialogs.tickets.report import NO_SCREENSHOTS, ticket_from_report
from dialogs.when import QUICK_KEYS
from tests.dialogs.report.report_driver import Shown, User

CONTENT = load_content()
CATEGORY_IDS = [c.id for c in CONTENT.categories]
CHOICE_IDS = sorted({c.id for f in CONTENT.fields.values() for c in f.choices or ()})
_TAG = re.compile(r"<[^>]+>")


def _bytes_max(text: str, limit: int = CALLBACK_DATA_LIMIT) -> str:
    return text.encode()[:limit].decode(errors="ignore")


TEXTS = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "\n",
            "10分钟前",
            "昨天下午3点",
            "10 minutes ago",
            "tomorrow 10:00",
            "P20241123-0001",
            "ORDER-123456",
            "order_123",
            "W-7788990",
            "CODE-9999",
            "100.5",
            "250 USDT",
            "¥88",
            "100 EUR",
            "0",
            "-5",
            "1e99",
            "<b>&amp;</b>",
        ]
    ),
    st.text(max_size=40),
    st.builds(
        lambda n, ch: ch * n,
        st.sampled_from([1000, 2000, 4000, 4096, 4097, 5000]),
        st.sampled_from("9好<"),
    ),
)
COMMANDS = st.tuples(
    st.sampled_from(["start", "cancel", "language", "help", "frobnicate"]),
    st.one_of(
        st.none(),
        st.sampled_from(["order_123", "order_P20241123-0042", "order_", "order_" + "x" * 70]),
        st.text(max_size=20),
    ),
)
# With the draft's current token: each action with arguments it takes, and with junk.
PRESSES = st.one_of(
    st.tuples(st.just("e"), st.sampled_from(["0", "4", "5", "99", "-1", "1.5", " 1", "٣", "²"])),
    st.tuples(st.just("q"), st.sampled_from([*QUICK_KEYS, "later", ""])),
    st.tuples(st.just("c"), st.sampled_from([*CHOICE_IDS, "nope", ""])),
    st.tuples(
        st.sampled_from(["x", "go", "new", "ok", "e", "k", "s", "d", "n", "q", "c", "zz", ""]),
        st.text(max_size=10),
    ),
)
FORGED = st.one_of(
    st.text(max_size=64).map(_bytes_max),
    st.builds(lambda rest: _bytes_max("r:" + rest), st.text(max_size=62)),
    st.sampled_from(
        ["c:", "c:nope", "l:", "l:fr", "m", "t", "l", *(f"c:{c}" for c in CATEGORY_IDS)]
    ),
)
MEDIA = st.tuples(
    st.lists(st.sampled_from(list(MediaKind)), min_size=1, max_size=10),  # one, or an album
    st.sampled_from([None, "image/png", "image/jpeg", "application/pdf", "video/mp4"]),
    st.one_of(st.none(), TEXTS),
)
EVENTS = st.one_of(
    st.tuples(st.just("text"), TEXTS),
    st.tuples(st.just("command"), COMMANDS),
    st.just(("command", ("start", "order_P20241123-0042"))),  # a deep link, often
    st.tuples(st.just("current"), st.integers(0, 20)),  # a button of the last keyboard
    st.tuples(st.just("old"), st.integers(0, 200)),  # a button of any keyboard shown
    st.tuples(st.just("token"), PRESSES),  # the draft's token, any action
    st.tuples(st.just("forged"), FORGED),
    st.tuples(st.just("media"), MEDIA),
    st.tuples(st.just("edited"), TEXTS),
)
# Runs of good answers (a category, each field, then Submit or an edit), and "fill": good
# answers up to the summary, so reports get somewhere: to the summary, edits, tickets.
COOPERATION = st.builds(
    lambda n, submit: [("answer", submit)] * n, st.integers(1, 8), st.booleans()
)
RUNS = st.one_of(EVENTS.map(lambda spec: [spec]), COOPERATION, st.just([("fill",)]))
SEQUENCES = st.lists(RUNS, min_size=10, max_size=40).map(
    lambda runs: [spec for run in runs for spec in run]
)


def _buttons(replies: list[Shown]) -> list[str]:
    return [data for shown in replies for row in shown.buttons for _, data in row]


def _last_keyboard(user: User) -> list[str]:
    return next((_buttons([s]) for s in reversed(user.shown) if s.buttons), [])


def _button_data(user: User, spec: tuple[Any, ...], draft: Draft | None) -> str | None:
    """The data pressed, if the event is a press (a cooperative answer may be one)."""
    match spec:
        case ("answer", _) if draft is None or not draft.category:
            return "c:" + CATEGORY_IDS[len(user.shown) % len(CATEGORY_IDS)]
        case ("answer", submit) if draft.step == SUMMARY:
            edit = str(len(user.shown) % len(CONTENT.form(draft.category)))
            return draft.button("ok") if submit else draft.button("e", edit)
        case ("answer", _) if draft.step == RESUME:
            return draft.button("go")
        case ("answer", _) if draft.step in CONTENT.fields:
            field = CONTENT.fields[draft.step]
            kind = str(field.kind)
            if kind == "choice":
                return draft.button("c", field.choices[0].id)
            if kind == "screenshots" and isinstance(draft.answers.get(field.id), list):
                return draft.button("d")  # images so far (not "I don't have one")
            if kind == "screenshots" and field.required and len(user.shown) % 2:
                return draft.button("n")  # "I don't have one", every other time
            return draft.button("q", "within_hour") if kind == "when" else None
        case ("current", index):
            keyboard = _last_keyboard(user) or ["m"]
            return keyboard[index % len(keyboard)]
        case ("old", index):
            every = _buttons(user.shown) or ["m"]
            return every[index % len(every)]
        case ("token", (action, arg)):
            token = draft.token if draft else "zzzz"
            return _bytes_max(f"r:{token}:{action}:{arg}".rstrip(":"))
        case ("forged", data):
            return data
    return None


async def _send(user: User, spec: tuple[Any, ...], data: str | None) -> list[Shown]:
    if data is not None:
        return await user.press_data(data)
    match spec:
        case ("answer", _):  # a field typed or sent, not pressed
            field = CONTENT.fields.get((Draft.from_json(user.draft) or Draft("")).step)
            kind = str(field.kind) if field else "text"
            if kind == "screenshots":
                return await user.media(MediaKind.PHOTO)
            return await user.text("100" if kind == "amount" else "P20241123-0001")
        case ("text", text):
            return await user.text(text)
        case ("command", (name, args)):
            return await user.command(name, args)
        case ("media", (kinds, mime, caption)):
            return await user.media(*kinds, mime=mime, text=caption)
        case ("edited", text):
            return await user.send(Kind.EDITED, text=text)
    raise AssertionError(spec)


def _pressed(data: str | None, draft: Draft | None, action: str, step: str | None = None) -> bool:
    """The event pressed this action on the draft's current buttons (at this step)."""
    press = decode(data or "")
    if press is None or draft is None or (press.token, press.action) != (draft.token, action):
        return False
    return step is None or draft.step == step


def _shown_length(text: str) -> int:
    """The characters Telegram counts: after its HTML entities are parsed."""
    return len(html.unescape(_TAG.sub("", text)))


async def _run(specs: list[tuple[Any, ...]]) -> None:
    user = User(content=CONTENT)
    for spec in specs:
        if spec != ("fill",):
            await _step(user, spec)
            continue
        for _ in range(12):  # good answers up to the summary (the longest way is 9 events)
            if (Draft.from_json(user.draft) or Draft("")).step == SUMMARY:
                break
            await _step(user, ("answer", False))
        else:
            raise AssertionError(f"good answers never reached the summary: {user.draft}")


async def _step(user: User, spec: tuple[Any, ...]) -> None:
    """Send one event, and check what it did to the draft and the tickets."""
    before = Draft.from_json(user.draft)
    filed = len(user.effects.filed)
    data = _button_data(user, spec, before)
    replies = await _send(user, spec, data)
    after = Draft.from_json(user.draft)
    cancel = (spec[0] == "command" and spec[1][0] == "cancel") or _pressed(data, before, "x")
    submit = _pressed(data, before, "ok", SUMMARY)

    assert replies or spec[0] == "edited", f"no reply to {spec}"
    for reply in replies:
        assert reply.text.strip(), (spec, reply)
        assert _shown_length(reply.text) <= TEXT_LIMIT, (spec, len(reply.text))

    new = user.effects.filed[filed:]
    if submit:
        event("submitted")
        assert before is not None
        assert after is None, "a submit ends the report"
        (ticket,) = new
        assert (ticket.user_id, ticket.category) == (user.user_id, before.category)
        assert ticket == ticket_from_report(
            user.user_id,
            before.category,
            CONTENT.form(before.category),
            before.answers,
            linked_order=before.answers.get(ORDER_HINT),
            urgent=bool(CONTENT.category(before.category).urgent),  # type: ignore[union-attr]
            urgent_word=CONTENT.desk.urgent_word,
        )
        for field in CONTENT.form(before.category):
            if field.required:
                assert before.answers.get(field.id) not in (None, []), field.id
    else:
        assert new == [], f"only a submit files a ticket: {spec}"

    if before is not None and after is None:
        assert cancel or submit, f"the draft was lost by {spec}"
    if before is not None and before.category and after is not None:
        assert after.category == before.category, f"the report was replaced by {spec}"
        restarted = _pressed(data, before, "new", RESUME)
        if restarted:
            event("started over")
        else:
            kept = set(before.answers) - {ORDER_HINT}
            assert kept <= set(after.answers), f"answers were lost by {spec}"
    if cancel and before is not None:
        event("cancelled")
        assert after is None
    if after is not None and after.category:
        for field in CONTENT.form(after.category):
            value = after.answers.get(field.id)
            if str(field.kind) == "screenshots" and value == NO_SCREENSHOTS:
                event("no screenshot")
                assert field.required, f"I don't have one at an optional step: {spec}"
            elif str(field.kind) == "screenshots":
                assert value is None or (isinstance(value, list) and value), (spec, value)


@settings(max_examples=200, deadline=None)
@given(specs=SEQUENCES)
@example(specs=[("fill",), ("token", ("e", "²"))])  # "²".isdigit(), but int("²") raised
@example(specs=[("fill",), ("command", ("start", "order_123"))])  # the link replaced the report
def test_any_events_keep_the_report_whole(specs: list[tuple[Any, ...]]) -> None:
    asyncio.run(_run(specs))


async def test_a_long_answer_is_shown_whole_in_the_summary() -> None:
    user = User(content=CONTENT)
    await user.command("start")
    await user.press("Something else")
    await user.text("<a&b> " * 300)  # 1,799 characters of the 2,000 allowed; 3,899 escaped
    await user.press("Skip")
    assert "{???}" not in user.last.text
    assert "&lt;a&amp;b&gt; " * 10 in user.last.text
