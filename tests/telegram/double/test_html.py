"""Telegram HTML parsing: TDLib's entities, offsets in UTF-16, and its exact error texts."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.telegram.double.entities import to_html, utf16_len
from bot.telegram.double.tg_html import HtmlError, parse_html


def test_tags_become_entities_with_utf16_offsets() -> None:
    text, entities = parse_html('😀 <b>bold <i>both</i></b> <a href="https://e.org">link</a>')
    assert text == "😀 bold both link"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 9},  # the emoji counts two units
        {"type": "italic", "offset": 8, "length": 4},
        {"type": "text_link", "offset": 13, "length": 4, "url": "https://e.org"},
    ]


def test_synonyms_spoilers_quotes_and_pre_with_language() -> None:
    source = (
        "<strong>s</strong><em>e</em><ins>u</ins><del>d</del>"
        '<span class="tg-spoiler">p</span><blockquote expandable>q</blockquote>'
        '<pre><code class="language-python">x = 1</code></pre><code>c</code>'
    )
    text, entities = parse_html(source)
    assert text == "seudpqx = 1c"
    assert [e["type"] for e in entities] == [
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "spoiler",
        "expandable_blockquote",
        "pre",
        "code",
    ]
    assert entities[6]["language"] == "python"


def test_html_entities_are_decoded_and_unknown_ones_kept() -> None:
    assert parse_html("a &lt; b &amp;&amp; c &gt; d &quot;&#65;&#x42; &nbsp;")[0] == (
        'a < b && c > d "AB &nbsp;'
    )


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("<p>x</p>", 'Unsupported start tag "p" at byte offset 0'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<b", "Unclosed start tag at byte offset 0"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        (
            "<b x>y</b>",
            'Expected equal sign in declaration of an attribute of the tag "b" at byte offset 0',
        ),
        ("é<div>", 'Unsupported start tag "div" at byte offset 2'),  # offsets count bytes
    ],
)
def test_invalid_html_is_refused_with_telegrams_words(source: str, error: str) -> None:
    with pytest.raises(HtmlError) as caught:
        parse_html(source)
    assert str(caught.value) == error


def test_canonical_html_of_entities() -> None:
    text, entities = parse_html("<strong>a</strong> <a href='https://x.y/?q=1&amp;r=2'>b&lt;</a>")
    assert to_html(text, entities) == '<b>a</b> <a href="https://x.y/?q=1&amp;r=2">b&lt;</a>'


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_escaped_text_parses_to_itself(text: str) -> None:
    assert parse_html(html.escape(text, quote=False)) == (text, [])


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["b", "i", "u", "s", "code"]),
            st.text(alphabet="ab😀<&", min_size=1, max_size=5),
        ),
        max_size=6,
    )
)
def test_rendering_and_parsing_round_trip(parts: list[tuple[str, str]]) -> None:
    source = "".join(f"<{tag}>{html.escape(body, quote=False)}</{tag}> " for tag, body in parts)
    text, entities = parse_html(source)
    assert parse_html(to_html(text, entities)) == (text, entities)
    assert all(e["offset"] + e["length"] <= utf16_len(text) for e in entities)
