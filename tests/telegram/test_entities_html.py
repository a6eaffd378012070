"""A message's entities back into Telegram HTML: what Telegram's own parser (the double's
TDLib-shaped one) reads from it is the same text with the same entities."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.telegram.double.tg_html import parse_html
from bot.telegram.entities_html import to_html
from dialogs.events import TextEntity

ALPHABET = st.sampled_from([*"ab <>&'", '"', "😀", "中", "\n"])
KINDS = ["bold", "italic", "underline", "strikethrough", "spoiler", "code"]


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@st.composite
def formatted(draw: st.DrawFn) -> tuple[str, list[TextEntity]]:
    """A text and nested entities on character boundaries (as a client makes them)."""
    chars = draw(st.lists(ALPHABET, min_size=1, max_size=20))
    text = "".join(chars)
    bounds = [0]
    for ch in chars:
        bounds.append(bounds[-1] + _units(ch))
    entities: list[TextEntity] = []
    start = 0
    while start < len(chars) and draw(st.booleans()):
        end = draw(st.integers(start + 1, len(chars)))
        kind = draw(st.sampled_from(KINDS))
        entities.append(TextEntity(kind, bounds[start], bounds[end] - bounds[start]))
        if kind != "code" and end - start > 1 and draw(st.booleans()):  # one inside it
            inner = draw(st.sampled_from([k for k in KINDS if k not in (kind, "code")]))
            entities.append(TextEntity(inner, bounds[start], bounds[start + 1] - bounds[start]))
        start = end
    return text, entities


@given(formatted())
def test_entities_survive_a_round_trip_through_telegrams_parser(
    case: tuple[str, list[TextEntity]],
) -> None:
    text, entities = case
    parsed_text, parsed = parse_html(to_html(text, entities))
    assert parsed_text == text
    got = sorted((e["type"], e["offset"], e["length"]) for e in parsed)
    assert got == sorted((e.type, e.offset, e.length) for e in entities)


def test_links_code_blocks_and_text_that_looks_like_html() -> None:
    assert to_html("<3 & <b>x</b>", []) == "&lt;3 &amp; &lt;b&gt;x&lt;/b&gt;"
    link = TextEntity("text_link", 0, 4, url="https://x.y/?a=1&b=2")
    assert to_html("link", [link]) == '<a href="https://x.y/?a=1&amp;b=2">link</a>'
    pre = TextEntity("pre", 0, 5, language="python")
    assert to_html("x = 1", [pre]) == '<pre><code class="language-python">x = 1</code></pre>'
    crossing = [TextEntity("bold", 0, 5), TextEntity("italic", 3, 5)]
    assert to_html("hello world", crossing) == "<b>hel<i>lo</i></b><i> wo</i>rld"
