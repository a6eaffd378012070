"""Splitting long texts and captions the way Telegram measures them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.telegram.ops import (
    CAPTION_LIMIT,
    TEXT_LIMIT,
    Button,
    DeleteMessage,
    MediaItem,
    SendDocument,
    SendMediaGroup,
    SendPhoto,
    SendText,
    SendVideo,
)
from bot.telegram.outbox import escape, expand, plain_text, split_html, text_length
from bot.telegram.outbox.html_text import tokenize

KEYS = ((Button("OK", data="ok"),),)


def balanced(markup: str) -> bool:
    stack: list[str] = []
    for piece in tokenize(markup):
        if piece.opening:
            stack.append(piece.tag or "")
        elif piece.closing and (not stack or stack.pop() != piece.tag):
            return False
    return not stack


def styled(markup: str) -> list[tuple[str, tuple[str, ...]]]:
    """Each visible piece with the opening tags in force around it."""
    stack: list[str] = []
    out = []
    for piece in tokenize(markup):
        if piece.opening:
            stack.append(piece.raw)
        elif piece.closing:
            stack.pop()
        elif piece.plain:
            out.append((piece.plain, tuple(stack)))
    return out


# --- measuring and escaping -------------------------------------------------------------


def test_escape_user_text() -> None:
    assert escape('<b> & "quotes" stay') == '&lt;b&gt; &amp; "quotes" stay'
    assert plain_text(escape("a <b> & c")) == "a <b> & c"


def test_length_counts_as_telegram_does() -> None:
    assert text_length("<b>hi</b>") == 2
    assert text_length("&lt;b&gt; &amp; &quot;") == 7
    assert text_length("😀") == 2  # outside the BMP: two UTF-16 units
    assert text_length("&#128512;&#x41;") == 3
    assert text_length("中文") == 2
    assert text_length("&nbsp;") == 6  # not a Telegram entity: stays as written
    assert text_length('<a href="https://e.x/?a=1&amp;b=>2">x</a>') == 1


# --- splitting text ---------------------------------------------------------------------


def test_short_text_is_left_alone() -> None:
    text = "<b>hello</b> &amp; " + "x" * (TEXT_LIMIT - 10)
    assert split_html(text) == [text]


def test_cut_at_a_line_end() -> None:
    text = "a" * 3000 + "\n" + "b" * 3000
    assert split_html(text) == ["a" * 3000 + "\n", "b" * 3000]


def test_one_long_line_is_cut_at_a_space() -> None:
    words = " ".join(["word"] * 1000)  # 4,999 characters, no newline
    first, second = split_html(words)
    assert first.endswith("word ") and text_length(first) <= TEXT_LIMIT
    assert second.startswith("word")
    assert first + second == words


def test_no_space_means_a_hard_cut() -> None:
    assert split_html("x" * 5000) == ["x" * TEXT_LIMIT, "x" * (5000 - TEXT_LIMIT)]


def test_emoji_and_entities_are_never_cut() -> None:
    emoji = split_html("😀" * 3000)
    assert emoji == ["😀" * 2048, "😀" * 952]
    amps = split_html("&amp;" * 5000)
    assert amps == ["&amp;" * TEXT_LIMIT, "&amp;" * (5000 - TEXT_LIMIT)]


def test_open_tags_are_closed_and_reopened() -> None:
    text = '<b>bold <a href="https://kefu.example/x?a=1&amp;b=2">' + "link " * 1000 + "</a></b>"
    first, second = split_html(text)
    assert first.startswith("<b>bold <a href=") and first.endswith("link </a></b>")
    assert second.startswith('<b><a href="https://kefu.example/x?a=1&amp;b=2">link')
    assert second.endswith("</a></b>")
    assert balanced(first) and balanced(second)


def test_closing_tags_at_a_cut_stay_with_their_text() -> None:
    text = "<i>" + "a" * 10 + "\n</i><b>" + "b" * 10 + "</b>"
    assert split_html(text, limit=15) == ["<i>" + "a" * 10 + "\n</i>", "<b>" + "b" * 10 + "</b>"]


LEAVES = st.lists(
    st.sampled_from(
        ["a", "b", "word", " ", " ", "\n", "é", "中", "😀", "&lt;", "&amp;", "&quot;", "&#128512;"]
    ),
    max_size=12,
).map("".join)
TAGS = [
    ("b", "<b>"),
    ("i", "<i>"),
    ("code", "<code>"),
    ("pre", "<pre>"),
    ("span", '<span class="tg-spoiler">'),
    ("a", '<a href="https://kefu.example/?q=1&amp;r=>">'),
]


def _wrap(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(st.sampled_from(TAGS), st.lists(children, max_size=4)).map(
        lambda t: t[0][1] + "".join(t[1]) + f"</{t[0][0]}>"
    )


MARKUP = st.recursive(
    LEAVES,
    lambda inner: st.one_of(_wrap(inner), st.lists(inner, max_size=4).map("".join)),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None, database=None)
@given(markup=MARKUP, limit=st.integers(min_value=2, max_value=40))
def test_split_properties(markup: str, limit: int) -> None:
    parts = split_html(markup, limit)
    # Every part fits and is valid HTML on its own.
    assert all(text_length(part) <= limit for part in parts)
    assert all(balanced(part) for part in parts)
    # No text is lost, none is doubled, and each piece keeps its formatting.
    assert "".join(plain_text(part) for part in parts) == plain_text(markup)
    assert [s for part in parts for s in styled(part)] == styled(markup)
    if len(parts) > 1:
        assert all(text_length(part) > 0 for part in parts)
    # Cuts prefer a line end, then a space: a part not ending with one holds none.
    for part in parts[:-1]:
        text = plain_text(part)
        if not text.endswith("\n"):
            assert "\n" not in text
            if not text.endswith(" "):
                assert " " not in text


# --- splitting operations ---------------------------------------------------------------


def test_long_text_op_keeps_reply_first_and_buttons_last() -> None:
    op = SendText(7, "line\n" * 2000, buttons=KEYS, thread_id=3, reply_to=55)
    parts = expand(op)
    assert len(parts) == 3
    assert all(isinstance(p, SendText) and p.chat_id == 7 and p.thread_id == 3 for p in parts)
    assert [p.reply_to for p in parts] == [55, None, None]  # type: ignore[union-attr]
    assert [p.buttons for p in parts] == [None, None, KEYS]  # type: ignore[union-attr]
    assert "".join(p.text for p in parts) == op.text  # type: ignore[union-attr]


def test_long_caption_follows_its_photo_as_text() -> None:
    caption = "<b>" + "c" * (CAPTION_LIMIT + 1) + "</b>"
    photo, text = expand(SendPhoto(-100, "file-1", caption=caption, buttons=KEYS, thread_id=9))
    assert photo == SendPhoto(-100, "file-1", caption=None, buttons=None, thread_id=9)
    assert text == SendText(-100, caption, buttons=KEYS, thread_id=9)


def test_very_long_caption_of_a_document_is_split_too() -> None:
    caption = "d" * 5000
    ops = expand(SendDocument(5, "doc", caption=caption, buttons=KEYS))
    assert [type(o).__name__ for o in ops] == ["SendDocument", "SendText", "SendText"]
    assert ops[0] == SendDocument(5, "doc")
    assert [o.buttons for o in ops[1:]] == [None, KEYS]  # type: ignore[union-attr]


def test_album_items_with_long_captions_send_them_after() -> None:
    long = "e" * (CAPTION_LIMIT + 5)
    album = SendMediaGroup(5, (MediaItem("photo", "p1", "short"), MediaItem("photo", "p2", long)))
    sent_album, text = expand(album)
    assert sent_album == SendMediaGroup(
        5, (MediaItem("photo", "p1", "short"), MediaItem("photo", "p2", None))
    )
    assert text == SendText(5, long)


def test_long_caption_follows_its_video_as_a_photos_does() -> None:
    caption = "v" * (CAPTION_LIMIT + 1)
    video, text = expand(SendVideo(7, "vid", caption=caption, buttons=KEYS))
    assert video == SendVideo(7, "vid")
    assert text == SendText(7, caption, buttons=KEYS)


def test_every_part_of_a_paid_broadcast_is_paid() -> None:
    # A part sent unpaid would take the overall budget the broadcast paid to avoid.
    long_text = expand(SendText(7, "line\n" * 2000, paid_broadcast=True))
    caption = "c" * 5000
    photo = expand(SendPhoto(7, "p", caption=caption, paid_broadcast=True))
    video = expand(SendVideo(7, "v", caption=caption, paid_broadcast=True))
    items = (MediaItem("photo", "p", caption), MediaItem("video", "v", "short"))
    album = expand(SendMediaGroup(7, items, paid_broadcast=True))
    for parts in (long_text, photo, video, album):
        assert len(parts) >= 2
        assert all(p.paid_broadcast for p in parts)  # type: ignore[union-attr]
    assert album[0] == SendMediaGroup(
        7, (MediaItem("photo", "p"), MediaItem("video", "v", "short")), paid_broadcast=True
    )
    assert not any(p.paid_broadcast for p in expand(SendText(7, "line\n" * 2000)))  # type: ignore[union-attr]


def test_fitting_ops_are_left_alone() -> None:
    for op in (
        SendPhoto(1, "f", caption="x" * CAPTION_LIMIT),
        SendVideo(1, "f", caption="x" * CAPTION_LIMIT, paid_broadcast=True),
        SendText(1, "😀" * (TEXT_LIMIT // 2)),
        DeleteMessage(1, 2),
    ):
        assert expand(op) == [op]
