"""Each outbox row into the agents' group gets its band, its ticket's stream and, for a
plain copy of the user's message into a topic, a merge with a header in the desk's words
(a plain text's as a line: its time and words), and a merged line's link marked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.app.desk_budget import band_of, lane_terms, merged_header, outcome_link
from bot.app.i18n import Translator
from bot.app.render import Renderer
from bot.storage.models import OutboxMessage
from bot.telegram.ops import (
    CopyMessage,
    CreateTopic,
    EditText,
    EditTopic,
    OpResult,
    SendMediaGroup,
    SendText,
)
from bot.telegram.outbox import Band, Priority
from bot.telegram.outbox.merge import MergedText

DESK = -100500
AT = datetime(2026, 11, 20, 6, 2, tzinfo=UTC)


def row(**values: Any) -> OutboxMessage:
    base: dict[str, Any] = {"chat_id": DESK, "priority": int(Priority.DESK), "ticket_id": 7}
    return OutboxMessage(**(base | values))


def test_the_bands_follow_what_a_row_carries() -> None:
    topic = {"kind": "topic", "ticket": 7, "generation": 1}
    assert band_of(row(link=topic | {"urgent": True}), CreateTopic(DESK, "t")) == Band.OPEN_URGENT
    assert band_of(row(link={**topic, "kind": "card"}), SendText(DESK, "c")) == Band.OPEN
    assert band_of(row(fill="topic"), SendMediaGroup(DESK, ())) == Band.OPEN
    pair = {"kind": "pair", "origin": "user"}
    assert band_of(row(fill="topic", link=pair), CopyMessage(DESK, 1, 2)) == Band.RELAY
    assert band_of(row(fill="card"), EditText(DESK, 0, "card")) == Band.KEFU
    assert band_of(row(fill="topic"), EditTopic(DESK, 0, "name")) == Band.KEFU
    assert band_of(row(fill="topic"), SendText(DESK, "reminder")) == Band.KEFU
    answer = row(ticket_id=None, priority=int(Priority.ANSWER))
    assert band_of(answer, SendText(DESK, "done")) == Band.RELAY


def test_only_plain_copies_into_a_topic_may_merge_and_private_chats_keep_one_stream() -> None:
    header = merged_header(Renderer(Translator()), ZoneInfo("Asia/Shanghai"))
    pair = {"kind": "pair", "origin": "user"}
    copy = row(fill="topic", link=pair, locale="en", created_at=AT)
    terms = lane_terms(copy, CopyMessage(DESK, 501, 9), header)
    assert terms["stream"] == ("ticket", 7) and terms["band"] == Band.RELAY
    assert terms["merge"].key == (7, 501)
    later = [AT, AT + timedelta(minutes=3), AT + timedelta(minutes=1)]
    assert terms["merge"].header(later) == "📨 3 messages, 14:02–14:05"
    replying = lane_terms(copy, CopyMessage(DESK, 501, 9, reply_to=3), header)
    assert "merge" not in replying
    chain = row(fill="chain", link=pair, created_at=AT)
    assert "merge" not in lane_terms(chain, CopyMessage(DESK, 501, 9), header)
    assert lane_terms(row(chat_id=501), SendText(501, "hi"), header) == {}


def test_the_header_speaks_the_desks_language() -> None:
    header = merged_header(Renderer(Translator()), ZoneInfo("UTC"))
    assert header([AT, AT], "zh-Hans") == "📨 2 条消息，06:02"
    assert header([AT, AT + timedelta(minutes=2)], "zh-Hant") == "📨 2 則訊息，06:02–06:04"


def test_a_plain_text_merges_as_a_line_with_its_time_its_words_kept() -> None:
    header = merged_header(Renderer(Translator()), ZoneInfo("Asia/Shanghai"))
    words = "I paid <b>100</b> &lt;CNY&gt;\nstill nothing"
    pair = {"kind": "pair", "origin": "user", "text": words}
    text = row(fill="topic", link=pair, locale="en", created_at=AT)
    merge = lane_terms(text, CopyMessage(DESK, 501, 9), header)["merge"]
    assert merge.line == f"14:02 {words}"
    photo = row(fill="topic", link={"kind": "pair", "origin": "user"}, created_at=AT)
    assert lane_terms(photo, CopyMessage(DESK, 501, 9), header)["merge"].line is None


def test_a_merged_lines_link_is_marked_so_an_edit_is_told_not_written_over() -> None:
    pair = {"kind": "pair", "origin": "user", "messages": [9], "text": "hi"}
    assert outcome_link(pair, MergedText(message_ids=(300,))) == pair | {"merged": True}
    assert outcome_link(pair, OpResult(message_ids=(300,))) == pair, "a copy: as it was"
    assert outcome_link(None, MergedText(message_ids=(300,))) is None
