"""Operations as JSON in the durable outbox: videos and paid broadcasts survive the row, and
a row written before ``paid_broadcast`` existed still reads, as an unpaid send."""

from __future__ import annotations

import dataclasses
import json

import pytest

from bot.app.i18n import RenderedHtml
from bot.telegram import op_codec
from bot.telegram.ops import Button, MediaItem, Op, SendMediaGroup, SendPhoto, SendText, SendVideo

KEYS = ((Button("Open", url="https://example.com"),),)


@pytest.mark.parametrize(
    "op",
    [
        SendVideo(7, "vid", caption="<b>new</b>", buttons=KEYS, thread_id=3, paid_broadcast=True),
        SendMediaGroup(7, (MediaItem("photo", "p", "both"), MediaItem("video", "v")), None, True),
        SendText(7, "news", paid_broadcast=True),
        SendPhoto(7, "p"),
    ],
)
def test_an_op_comes_back_from_its_row_as_it_went_in(op: Op) -> None:
    row = json.loads(json.dumps(op_codec.dump(op)))  # as the database keeps it
    assert op_codec.load(row) == op
    # What dataclasses.asdict would give (dump does without its deep copies).
    assert op_codec.dump(op) == {"type": type(op).__name__, **dataclasses.asdict(op)}


def test_kefus_rendered_html_is_written_as_plain_text() -> None:
    rendered = RenderedHtml("<b>Hello</b>")
    keys = ((Button(RenderedHtml("Menu"), data="m"),),)
    row = op_codec.dump(SendText(7, rendered, buttons=keys))
    assert type(row["text"]) is str and row["text"] == "<b>Hello</b>"
    assert type(row["buttons"][0][0]["text"]) is str


def test_a_row_from_before_paid_broadcasts_is_an_unpaid_send() -> None:
    old = {"type": "SendText", "chat_id": 7, "text": "hi", "buttons": None, "reply_to": None}
    assert op_codec.load(old) == SendText(7, "hi")
