"""The real python-telegram-bot 22 Bot talks to the double unchanged, and parses every answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from telegram import (
    Bot,
    BotCommand,
    ChatMemberAdministrator,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaDocument,
    InputMediaPhoto,
    Update,
)
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.telegram.double import BotApiDouble
from bot.telegram.double.actors import TINY_PNG

KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("English", callback_data="lang:en")]])


@pytest.fixture
async def ptb(double: BotApiDouble) -> AsyncIterator[Bot]:
    client = Bot(
        double.token, base_url=f"{double.base_url}/bot", base_file_url=f"{double.base_url}/file/bot"
    )
    async with client:  # initialize() calls getMe
        yield client


async def test_messages_keyboards_updates_and_callbacks(ptb: Bot, double: BotApiDouble) -> None:
    assert ptb.username == "kefu_test_bot"
    user = double.driver.private_user(1001, "Alice", username="alice", language_code="zh-hans")
    await user.send_command("start", args="order_123")
    updates = await ptb.get_updates(timeout=1)
    assert updates[0].message is not None
    assert updates[0].message.text == "/start order_123"
    assert updates[0].message.entities[0].type == "bot_command"
    sent = await ptb.send_message(1001, "<b>Choose</b>", parse_mode="HTML", reply_markup=KEYBOARD)
    assert sent.reply_markup == KEYBOARD
    assert sent.chat.username == "alice"
    press = await user.press("English")
    updates = await ptb.get_updates(offset=updates[-1].update_id + 1, timeout=1)
    query = updates[0].callback_query
    assert query is not None and query.data == "lang:en"
    assert await ptb.answer_callback_query(query.id, text="ok", show_alert=True) is True
    assert await press.answer() == {"text": "ok", "show_alert": True, "url": None, "cache_time": 0}
    await ptb.edit_message_reply_markup(1001, sent.message_id, reply_markup=None)
    assert user.messages[0].buttons == []
    copied = await ptb.copy_message(1001, 1001, sent.message_id)
    assert copied.message_id == sent.message_id + 1


async def test_media_uploads_albums_and_files(ptb: Bot, double: BotApiDouble) -> None:
    user = double.driver.private_user(7, "Ann")
    photo = await ptb.send_photo(7, TINY_PNG, caption="dot")
    assert photo.photo[-1].width == 1
    document = await ptb.send_document(7, b"%PDF", filename="a.pdf")
    assert document.document is not None and document.document.file_name == "a.pdf"
    album = await ptb.send_media_group(
        7, [InputMediaPhoto(TINY_PNG, caption="one"), InputMediaPhoto(photo.photo[-1].file_id)]
    )
    assert len({m.media_group_id for m in album}) == 1
    docs = await ptb.send_media_group(
        7, [InputMediaDocument(b"1", filename="1.txt"), InputMediaDocument(b"2", filename="2.txt")]
    )
    assert [m.document.file_name for m in docs] == ["1.txt", "2.txt"]  # type: ignore[union-attr]
    file = await ptb.get_file(document.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"%PDF"
    assert len(user.messages) == 6


async def test_forums_chats_and_commands(ptb: Bot, double: BotApiDouble) -> None:
    group = double.driver.forum_group(-1001234567890, "Support desk")
    topic = await ptb.create_forum_topic(group.id, "Order 123")
    note = await ptb.send_message(group.id, "ticket", message_thread_id=topic.message_thread_id)
    assert note.is_topic_message is True
    assert (await group.next_message(thread_id=topic.message_thread_id)).text == "ticket"
    chat = await ptb.get_chat(group.id)
    assert chat.is_forum is True
    member = await ptb.get_chat_member(group.id, double.bot_user.id)
    assert isinstance(member, ChatMemberAdministrator)
    await ptb.set_my_commands([BotCommand("start", "开始")], language_code="zh")
    assert (await ptb.get_my_commands(language_code="zh"))[0].description == "开始"
    assert (await ptb.get_webhook_info()).pending_update_count == 0


async def test_errors_become_ptb_exceptions(
    ptb: Bot, double: BotApiDouble, monkeypatch: pytest.MonkeyPatch
) -> None:
    double.driver.private_user(5, "Eve").block()
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await ptb.send_message(5, "hello")
    with pytest.raises(BadRequest, match="Chat not found"):  # PTB capitalises the text
        await ptb.send_message(404, "hello")
    double.faults.add(method="sendMessage", status=500)
    with pytest.raises(NetworkError):
        await ptb.send_message(404, "hello")
    double.faults.add(method="sendMessage", status=429, retry_after=3)
    # PTB 22 warns (PTBDeprecationWarning) on every RetryAfter unless PTB_TIMEDELTA opts in.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    with pytest.raises(RetryAfter) as caught:
        await ptb.send_message(404, "hello")
    assert caught.value.retry_after == dt.timedelta(seconds=3)


async def test_an_application_polls_and_answers(double: BotApiDouble) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_html(
            f"Hello, <b>{context.args[0] if context.args else '?'}</b>", reply_markup=KEYBOARD
        )

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer("done")
        await update.callback_query.edit_message_text("Language: English")

    app = (
        Application.builder()
        .token(double.token)
        .base_url(f"{double.base_url}/bot")
        .base_file_url(f"{double.base_url}/file/bot")
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            user = double.driver.private_user(42, "Zed")
            await user.send_command("start", args="A-17")
            assert (await user.next_message()).html == "Hello, <b>A-17</b>"
            press = await user.press("English")
            assert (await press.answer())["text"] == "done"
            await user.wait_for(lambda m: m.text == "Language: English")
        finally:
            await app.updater.stop()
            await app.stop()
