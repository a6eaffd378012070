"""The report's states as drawn in dialogs/report/states.mmd, checked against the engine.

Every state the engine can be in is reached from a fresh user (the setups below), and from
each one every kind of event is tried: typed answers, media, commands, the menu's buttons,
every button of every keyboard shown so far (current and stale), forged data, an edit. The
state before and after each event is read from the stored draft alone, and the observed
transitions must be exactly the drawn edges: none undrawn, none drawn but never taken.
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import re
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

import dialogs.report
from dialogs.content import Content, load_content
from dialogs.content.model import Category, Localized
from dialogs.events import Kind, MediaKind
from dialogs.report.draft import CHOOSE, RESUME, SUMMARY, Draft
from tests.dialogs.report.report_driver import User

DIAGRAM = Path(dialogs.report.__file__).with_name("states.mmd")
STATES = {"Menu", "Choose", "Field", "Summary", "Resume"}
_EDGE = re.compile(r"^\s*(\[\*\]|\w+)\s*-->\s*(\w+)\s*(?::\s*(.*?))?\s*$")

Act = Callable[[User], Awaitable[object]]
Pair = tuple[str, str]


def drawn_edges(text: str) -> dict[Pair, str]:
    """The diagram's ``A --> B: label`` lines, by (A, B)."""
    edges: dict[Pair, str] = {}
    for line in text.splitlines():
        if line.strip().startswith("%%"):
            continue
        match = _EDGE.match(line)
        if match:
            edges[(match[1], match[2])] = match[3] or ""
    return edges


def state_of(user: User) -> str:
    """The state, from the stored draft only: none is the menu; its step says the rest."""
    draft = Draft.from_json(user.draft)
    if draft is None:
        return "Menu"
    named = {CHOOSE: "Choose", SUMMARY: "Summary", RESUME: "Resume"}
    if draft.step in named:
        return named[draft.step]
    category = user.content.category(draft.category)
    if category is not None and draft.step in category.form:
        return "Field"
    return f"unknown step {draft.step!r} of {draft.category!r}"


@dataclasses.dataclass
class Walk:
    """The transitions seen, each with the events that made it."""

    seen: dict[Pair, list[str]] = dataclasses.field(default_factory=dict)

    async def do(self, user: User, name: str, act: Act) -> None:
        before = state_of(user)
        await act(user)
        self.seen.setdefault((before, state_of(user)), []).append(name)


def press(label: str) -> Act:
    return lambda u: u.press(label)


def press_data(data: str) -> Act:
    return lambda u: u.press_data(data)


def say(text: str) -> Act:
    return lambda u: u.text(text)


def command(name: str, args: str | None = None) -> Act:
    return lambda u: u.command(name, args)


def photo(u: User) -> Awaitable[object]:
    return u.media(MediaKind.PHOTO)


LINK = "order_P20241123-0042"
TO_SUMMARY: list[Act] = [
    command("start"),
    press("Top-up not received"),
    say("P20241123-0001"),
    press("Alipay"),
    say("100.5"),
    press("Within the hour"),
    photo,
    press("Done"),
]
# Where each state is reached: the events, from a fresh user, that lead there.
SETUPS: dict[str, list[Act]] = {
    "new user": [],
    "menu": [command("start")],
    "chose from a deep link": [command("start", LINK)],
    "menu after a deep link": [command("start", LINK), command("start")],
    "order field": TO_SUMMARY[:2],
    "choice field": TO_SUMMARY[:3],
    "amount field": TO_SUMMARY[:4],
    "time field": TO_SUMMARY[:5],
    "screenshots, none yet": TO_SUMMARY[:6],
    "screenshots, one": TO_SUMMARY[:7],
    "summary without a screenshot": [*TO_SUMMARY[:6], press("I don't have one")],
    "summary": TO_SUMMARY,
    "editing from the summary": [*TO_SUMMARY, press("✏️ Amount")],
    "error field": [
        command("start"),
        press("Payment failed"),
        press("WeChat Pay"),
        say("20 USD"),
    ],
    "optional text, last": [
        command("start"),
        press("Payment failed"),
        press("WeChat Pay"),
        say("20 USD"),
        say("The card was declined"),
        say("10分钟前"),
    ],
    "optional screenshots after a deep link": [
        command("start", LINK),
        press("Something else"),
        say("I cannot see my balance"),
    ],
    "resume a field": [*TO_SUMMARY[:3], command("start")],
    "resume the summary": [*TO_SUMMARY, command("start")],
    "resume an edit": [*TO_SUMMARY, press("✏️ Amount"), command("start")],
    "resume offered twice": [*TO_SUMMARY[:3], command("start"), command("start")],
}
# Events tried in every state, besides the buttons of every keyboard shown so far.
PROBES: dict[str, Act] = {
    "an order number": say("P20241123-0001"),
    "an amount": say("100.5"),
    "a time": say("10分钟前"),
    "a sentence": say("It did not arrive"),
    "an empty text": say(""),
    "a photo": photo,
    "a captioned photo": lambda u: u.media(MediaKind.PHOTO, text="this error"),
    "a pdf": lambda u: u.media(MediaKind.DOCUMENT, mime="application/pdf"),
    "an image file": lambda u: u.media(MediaKind.DOCUMENT, mime="image/png"),
    "a sticker": lambda u: u.media(MediaKind.STICKER),
    "an album": lambda u: u.media(MediaKind.PHOTO, MediaKind.PHOTO),
    "an edited message": lambda u: u.send(Kind.EDITED, text="P20241123-0001"),
    "/start": command("start"),
    "/start with a deep link": command("start", "order_P20241123-0077"),
    "/cancel": command("cancel"),
    "/help": command("help"),
    "/language": command("language"),
    "/unknown": command("frobnicate"),
    "category data": press_data("c:recharge"),
    "another category's data": press_data("c:other"),
    "menu data": press_data("m"),
    "my tickets data": press_data("t"),
    "language data": press_data("l:zh-Hans"),
    "an old report button": press_data("r:zzzz:x"),
    "forged data": press_data("r:" + "x" * 60),
    "garbage data": press_data("\x00\xff"),
}


def clone(user: User) -> User:
    """Another user in the same place: the same stored draft and the same chat so far."""
    twin = User(content=user.content)
    twin.drafts.data = copy.deepcopy(user.drafts.data)
    twin.shown = list(user.shown)
    return twin


async def explore(walk: Walk, content: Content) -> None:
    for setup, acts in SETUPS.items():
        user = User(content=content)
        for number, act in enumerate(acts):
            await walk.do(user, f"{setup} (setup step {number + 1})", act)
        for probe, act in PROBES.items():
            await walk.do(clone(user), f"{probe} at {setup}", act)
        shown = (button for reply in user.shown for row in reply.buttons for button in row)
        buttons = {data: label for label, data in shown}  # each keyboard so far, stale or not
        for data, label in buttons.items():
            await walk.do(clone(user), f"{label!r} button at {setup}", press_data(data))


def with_category(content: Content, category_id: str, title: str, form: list[str]) -> Content:
    """The content with one category added, or its form replaced if it exists."""
    titles = Localized.model_validate({"en": title, "zh-Hans": title, "zh-Hant": title})
    new = Category(id=category_id, title=titles, form=form)
    kept = tuple(c for c in content.categories if c.id != category_id)
    return dataclasses.replace(content, categories=(*kept, new))


async def rare_paths(walk: Walk, content: Content) -> None:
    """Transitions only a particular form (an operator's) can make."""
    # A form whose only field is the order number: the deep link fills it, so choosing the
    # category goes straight to the summary.
    short = with_category(content, "order_only", "Order only", ["order_no"])
    user = User(content=short)
    await walk.do(user, "deep link (order-only form)", command("start", LINK))
    await walk.do(user, "category chosen (order-only form)", press("Order only"))
    # The form gains a required field while the summary is shown: Submit asks for it.
    user = User(content=content)
    for act in TO_SUMMARY:
        await act(user)
    recharge = content.category("recharge")
    assert recharge is not None
    grown = with_category(content, "recharge", "Top-up", [*recharge.form, "description"])
    later = User(content=grown, drafts=user.drafts, shown=user.shown)
    await walk.do(later, "Submit after the form gained a required field", press("Submit"))
    assert "Step 6 of 6" in later.last.text


async def observe() -> dict[Pair, list[str]]:
    walk = Walk()
    content = load_content()
    walk.seen[("[*]", state_of(User(content=content)))] = ["a new user"]
    await explore(walk, content)
    await rare_paths(walk, content)
    return walk.seen


@pytest.fixture(scope="module")
def seen() -> dict[Pair, list[str]]:
    """The transitions observed (one exploration, about a thousand events, for both tests)."""
    return asyncio.run(observe())


def test_the_diagram_is_read() -> None:
    edges = drawn_edges(DIAGRAM.read_text(encoding="utf-8"))
    assert ("[*]", "Menu") in edges
    assert {s for pair in edges for s in pair} == STATES | {"[*]"}
    assert drawn_edges("    A --> B: x: y\n    %% C --> D\n    B --> A") == {
        ("A", "B"): "x: y",
        ("B", "A"): "",
    }


def test_every_transition_is_drawn(seen: dict[Pair, list[str]]) -> None:
    edges = drawn_edges(DIAGRAM.read_text(encoding="utf-8"))
    undrawn = {pair: events[:5] for pair, events in seen.items() if pair not in edges}
    assert not undrawn, f"transitions the engine makes but states.mmd does not draw: {undrawn}"


def test_every_drawn_edge_is_taken(seen: dict[Pair, list[str]]) -> None:
    edges = drawn_edges(DIAGRAM.read_text(encoding="utf-8"))
    never = {pair: label for pair, label in edges.items() if pair not in seen}
    assert not never, f"edges of states.mmd the engine never takes: {never}"
