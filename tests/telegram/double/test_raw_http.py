"""The double over plain HTTP: routing, encodings, JSON shapes and Telegram's error bodies."""

from __future__ import annotations

import json
import logging

import aiohttp
import pytest

from bot.telegram.double import BotApiDouble
from tests.telegram.double.conftest import RawCall

KEYBOARD = {"inline_keyboard": [[{"text": "English", "callback_data": "lang:en"}]]}


async def test_wrong_token_is_401_and_unknown_method_404(
    double: BotApiDouble, http: aiohttp.ClientSession
) -> None:
    async with http.post(f"{double.base_url}/bot1:WRONG/getMe") as resp:
        assert resp.status == 401
        assert await resp.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    for path in (f"/bot{double.token}/sendPigeon", "/favicon.ico", f"/bot{double.token}"):
        async with http.get(f"{double.base_url}{path}") as resp:
            assert resp.status == 404
            assert await resp.json() == {"ok": False, "error_code": 404, "description": "Not Found"}


async def test_method_names_ignore_case_and_get_with_a_query_string_works(
    double: BotApiDouble, http: aiohttp.ClientSession
) -> None:
    double.driver.private_user(7, "Ann")
    url = f"{double.base_url}/bot{double.token}/SENDMESSAGE"
    async with http.get(url, params={"chat_id": "7", "text": "hi"}) as resp:
        body = await resp.json()
    assert body["ok"] is True
    assert body["result"]["text"] == "hi"
    assert double.log.calls("sendMessage")[0].method == "sendMessage"


async def test_get_me_shape(api: RawCall) -> None:
    status, body = await api("getMe")
    assert status == 200
    me = body["result"]
    assert me["is_bot"] is True
    assert me["id"] == 123456789
    assert me["username"] == "kefu_test_bot"


async def test_send_message_shape_with_html_and_keyboard(
    api: RawCall, double: BotApiDouble
) -> None:
    double.driver.private_user(1001, "Alice", username="alice", language_code="zh-hans")
    status, body = await api(
        "sendMessage",
        _form=True,
        chat_id=1001,
        text="<b>订单</b> ok",
        parse_mode="HTML",
        reply_markup=KEYBOARD,
    )
    assert status == 200
    message = body["result"]
    assert message["chat"] == {
        "id": 1001,
        "type": "private",
        "first_name": "Alice",
        "username": "alice",
    }
    assert message["from"]["id"] == double.bot_user.id
    assert message["text"] == "订单 ok"
    assert message["entities"] == [{"type": "bold", "offset": 0, "length": 2}]
    assert message["reply_markup"] == KEYBOARD
    assert message["date"] == int(double.clock.now().timestamp())
    logged = double.log.calls("sendMessage")[0]
    assert logged.params["reply_markup"] == KEYBOARD  # JSON fields are decoded in the log


async def test_text_limits_are_counted_in_utf16_after_parsing(
    api: RawCall, double: BotApiDouble
) -> None:
    double.driver.private_user(1, "A")
    status, _ = await api(
        "sendMessage", chat_id=1, text="<b>" + "x" * 4096 + "</b>", parse_mode="HTML"
    )
    assert status == 200  # the tags do not count
    status, body = await api("sendMessage", chat_id=1, text="😀" * 2049)  # 4098 units
    assert (status, body["description"]) == (400, "Bad Request: message is too long")
    status, body = await api("sendMessage", chat_id=1, text="  ")
    assert body["description"] == "Bad Request: message text is empty"
    status, body = await api("sendMessage", chat_id=1, text="<u>x", parse_mode="HTML")
    assert body["description"] == (
        "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"u\""
    )


async def test_bad_chats_and_buttons(api: RawCall, double: BotApiDouble) -> None:
    status, body = await api("sendMessage", chat_id=999, text="hi")
    assert body == {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}
    double.driver.private_user(1, "A")
    long_data = {"inline_keyboard": [[{"text": "x", "callback_data": "é" * 33}]]}  # 66 bytes
    status, body = await api("sendMessage", chat_id=1, text="hi", reply_markup=long_data)
    assert (status, body["description"]) == (400, "Bad Request: BUTTON_DATA_INVALID")
    assert double.world.chat_messages(1) == []  # refused calls change nothing


async def test_edits_history_and_not_modified(api: RawCall, double: BotApiDouble) -> None:
    user = double.driver.private_user(1, "A")
    _, sent = await api("sendMessage", chat_id=1, text="v1", reply_markup=KEYBOARD)
    mid = sent["result"]["message_id"]
    status, body = await api(
        "editMessageText", chat_id=1, message_id=mid, text="v1", reply_markup=KEYBOARD
    )
    assert status == 400
    assert body["description"].startswith("Bad Request: message is not modified: ")
    status, body = await api(
        "editMessageText", chat_id=1, message_id=mid, text="<i>v2</i>", parse_mode="HTML"
    )
    assert status == 200
    # without reply_markup the keyboard goes, as in Telegram
    assert "reply_markup" not in body["result"]
    assert body["result"]["edit_date"] == body["result"]["date"]
    status, body = await api("editMessageReplyMarkup", chat_id=1, message_id=mid)
    assert body["description"].startswith("Bad Request: message is not modified")
    view = user.messages[0]
    assert (view.text, view.html, view.edited) == ("v2", "<i>v2</i>", True)
    assert [e.text for e in view.edits] == ["v1"]
    status, body = await api("editMessageText", chat_id=1, message_id=99, text="x")
    assert body["description"] == "Bad Request: message to edit not found"


async def test_delete_and_copy(api: RawCall, double: BotApiDouble) -> None:
    user = double.driver.private_user(1, "A")
    double.driver.private_user(2, "B")
    mine = await user.send_photo("receipt")
    status, body = await api("copyMessage", chat_id=2, from_chat_id=1, message_id=mine.message_id)
    assert status == 200
    assert set(body["result"]) == {"message_id"}
    copy = double.driver.private_user(2).messages[0]
    assert (copy.kind, copy.caption, copy.file_id) == ("photo", "receipt", mine.file_id)
    status, body = await api("deleteMessage", chat_id=1, message_id=mine.message_id)
    assert (status, body["result"]) == (200, True)
    status, body = await api("deleteMessage", chat_id=1, message_id=mine.message_id)
    assert body["description"] == "Bad Request: message to delete not found"


async def test_answer_callback_query_once_and_in_time(api: RawCall, double: BotApiDouble) -> None:
    user = double.driver.private_user(1, "A")
    await api("sendMessage", chat_id=1, text="pick", reply_markup=KEYBOARD)
    press = await user.press("English")
    status, _ = await api("answerCallbackQuery", callback_query_id=press.id, text="ok")
    assert status == 200
    assert (await press.answer())["text"] == "ok"
    status, body = await api("answerCallbackQuery", callback_query_id=press.id)
    too_old = "Bad Request: query is too old and response timeout expired or query ID is invalid"
    assert (status, body["description"]) == (400, too_old)
    late = await user.press("English")
    double.clock.advance(16)  # type: ignore[attr-defined]
    status, body = await api("answerCallbackQuery", callback_query_id=late.id)
    assert body["description"] == too_old


async def test_upload_then_resend_by_file_id_and_caption_limit(
    double: BotApiDouble, http: aiohttp.ClientSession, api: RawCall
) -> None:
    double.driver.private_user(1, "A")
    form = aiohttp.FormData()
    form.add_field("chat_id", "1")
    form.add_field("caption", "scan")
    form.add_field("document", b"%PDF-1.4", filename="scan.pdf", content_type="application/pdf")
    async with http.post(f"{double.base_url}/bot{double.token}/sendDocument", data=form) as resp:
        body = await resp.json()
    document = body["result"]["document"]
    assert (document["file_name"], document["mime_type"], document["file_size"]) == (
        "scan.pdf",
        "application/pdf",
        8,
    )
    _, body = await api("sendDocument", chat_id=1, document=document["file_id"])
    assert body["result"]["document"]["file_id"] == document["file_id"]
    _, body = await api("sendPhoto", chat_id=1, photo="AgACnope")
    assert body["description"] == "Bad Request: wrong file identifier/HTTP URL specified"
    _, body = await api("sendDocument", chat_id=1, document=document["file_id"], caption="x" * 1025)
    assert body["description"] == "Bad Request: message caption is too long"
    _, file = await api("getFile", file_id=document["file_id"])
    url = f"{double.base_url}/file/bot{double.token}/{file['result']['file_path']}"
    async with http.get(url) as resp:
        assert await resp.read() == b"%PDF-1.4"


async def test_media_group_shares_an_id(api: RawCall, double: BotApiDouble) -> None:
    user = double.driver.private_user(1, "A")
    photo = (await user.send_photo()).file_id
    media = [
        {"type": "photo", "media": photo, "caption": f"<b>{i}</b>", "parse_mode": "HTML"}
        for i in range(3)
    ]
    status, body = await api("sendMediaGroup", chat_id=1, media=media)
    assert status == 200
    assert len({m["media_group_id"] for m in body["result"]}) == 1
    assert [m["caption"] for m in body["result"]] == ["0", "1", "2"]
    status, body = await api("sendMediaGroup", chat_id=1, media=[media[0]] * 11)
    assert body["description"] == "Bad Request: too many messages to send as an album"


async def test_forum_topics(api: RawCall, double: BotApiDouble) -> None:
    double.driver.private_user(1, "A")
    forum = double.driver.forum_group(-1001234, "Support")
    status, body = await api("createForumTopic", chat_id=1, name="x")
    assert body["description"] == "Bad Request: the chat is not a forum"
    status, body = await api("createForumTopic", chat_id=-1001234, name="Order 42")
    topic = body["result"]
    assert set(topic) == {"message_thread_id", "name", "icon_color"}
    thread = topic["message_thread_id"]
    status, body = await api("sendMessage", chat_id=-1001234, message_thread_id=thread, text="hi")
    message = body["result"]
    assert (message["message_thread_id"], message["is_topic_message"]) == (thread, True)
    assert message["chat"]["is_forum"] is True
    assert message["reply_to_message"]["forum_topic_created"]["name"] == "Order 42"
    status, body = await api("sendMessage", chat_id=-1001234, message_thread_id=999, text="x")
    assert body["description"] == "Bad Request: message thread not found"
    assert (await api("closeForumTopic", chat_id=-1001234, message_thread_id=thread))[0] == 200
    status, body = await api("sendMessage", chat_id=-1001234, message_thread_id=thread, text="x")
    assert (status, body["description"]) == (400, "Bad Request: TOPIC_CLOSED")
    await api("reopenForumTopic", chat_id=-1001234, message_thread_id=thread)
    await api("editForumTopic", chat_id=-1001234, message_thread_id=thread, name="Order 42 ✓")
    assert forum.topics[thread].name == "Order 42 ✓"
    assert [m.text for m in forum.messages(thread_id=thread)] == ["hi"]


async def test_chat_info_and_commands_per_scope_and_language(
    api: RawCall, double: BotApiDouble
) -> None:
    double.driver.forum_group(-100777, "Ops")
    _, body = await api("getChat", chat_id=-100777)
    assert body["result"]["is_forum"] is True
    _, body = await api("getChatMember", chat_id=-100777, user_id=double.bot_user.id)
    assert body["result"]["status"] == "administrator"
    zh = [{"command": "start", "description": "开始"}]
    await api("setMyCommands", commands=zh, language_code="zh")
    await api(
        "setMyCommands",
        commands=[{"command": "queue", "description": "Queue"}],
        scope={"type": "chat", "chat_id": -100777},
    )
    assert (await api("getMyCommands", language_code="zh"))[1]["result"] == zh
    assert (await api("getMyCommands"))[1]["result"] == []
    _, body = await api("getMyCommands", scope=json.dumps({"type": "chat", "chat_id": -100777}))
    assert body["result"][0]["command"] == "queue"
    await api("deleteMyCommands", language_code="zh")
    assert (await api("getMyCommands", language_code="zh"))[1]["result"] == []


async def test_the_token_never_reaches_the_logs(
    api: RawCall, double: BotApiDouble, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    double.driver.private_user(1, "A")
    await api("sendMessage", chat_id=1, text="hi")
    await api("sendMessage", chat_id=2, text="hi")
    await api("noSuchMethod")
    assert double.token not in caplog.text
    assert double.token not in repr(double.log.entries)
    assert double.token.split(":")[1] not in json.dumps([e.params for e in double.log.entries])
