"""An admin's formatted message as Telegram HTML: the dialogs' reading agrees with the
relay's (bot/telegram/entities_html.py), which the dialogs may not import."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.telegram.entities_html import to_html as relays
from dialogs.events import TextEntity
from dialogs.notices.formatting import to_html

E = TextEntity


@pytest.mark.parametrize(
    ("text", "entities", "html"),
    [
        ("a <b> & c", (), "a &lt;b&gt; &amp; c"),
        ("bold link", (E("bold", 0, 9), E("text_link", 5, 4, url="https://x.io/?a=1&b")),
         '<b>bold <a href="https://x.io/?a=1&amp;b">link</a></b>'),
        ("😀 hi there", (E("italic", 3, 2), E("underline", 0, 2)), "<u>😀</u> <i>hi</i> there"),
        ("code", (E("pre", 0, 4, language="python"),),
         '<pre><code class="language-python">code</code></pre>'),
        ("abcdef", (E("bold", 0, 4), E("italic", 2, 4)), "<b>ab<i>cd</i></b><i>ef</i>"),
        ("@someone #tag", (E("mention", 0, 8), E("hashtag", 9, 4)), "@someone #tag"),
        ("x", (E("custom_emoji", 0, 1, custom_emoji_id="5368"),),
         '<tg-emoji emoji-id="5368">x</tg-emoji>'),
        ("spoil", (E("spoiler", 0, 5), E("bold", 0, 0)), "<tg-spoiler>spoil</tg-spoiler>"),
    ],
)  # fmt: skip
def test_entities_become_telegram_html(
    text: str, entities: tuple[TextEntity, ...], html: str
) -> None:
    assert to_html(text, entities) == html


_KINDS = ("bold", "italic", "underline", "strikethrough", "spoiler", "code", "text_link", "mention")


@st.composite
def formatted(draw: st.DrawFn) -> tuple[str, list[TextEntity]]:
    text = draw(st.text(alphabet=st.sampled_from("ab <&>😀中"), max_size=12))
    size = len(text.encode("utf-16-le")) // 2
    entities = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, size))
        length = draw(st.integers(0, size - start))
        # Telegram never splits a surrogate pair; neither do these.
        if _splits(text, start) or _splits(text, start + length):
            continue
        kind = draw(st.sampled_from(_KINDS))
        entities.append(E(kind, start, length, url="https://x.io" if kind == "text_link" else None))
    return text, entities


def _splits(text: str, at: int) -> bool:
    units = 0
    for char in text:
        if units == at:
            return False
        units += 2 if ord(char) > 0xFFFF else 1
        if units > at:
            return True
    return False


@given(formatted())
def test_the_dialogs_and_the_relay_read_formatting_alike(
    case: tuple[str, list[TextEntity]],
) -> None:
    text, entities = case
    assert to_html(text, entities) == relays(text, entities)
