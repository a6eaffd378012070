"""A formatted message as Telegram HTML (dialogs/entities_html.py: an admin's broadcast, an
agent's reply under an alias; tests/telegram/test_entities_html.py reads it as the relay)."""

from __future__ import annotations

import pytest

from dialogs.entities_html import to_html
from dialogs.events import TextEntity

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
