"""The real aiogram 3 Bot talks to the double unchanged, and parses every answer."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.filters import CommandObject, CommandStart
from aiogram.methods import SendMessage
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    CallbackQuery,
    ChatMemberAdministrator,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Message,
)
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from bot.support.clock import ManualClock
from bot.telegram.double import BotApiDouble
from bot.telegram.double.actors import TINY_PNG

KEYBOARD = InlineKeyboardMarkup(
    inline_keyboard=[
        [
            InlineKeyboardButton(text="English", callback_data="lang:en"),
            InlineKeyboardButton(text="中文", callback_data="lang:zh"),
        ]
    ]
)


async def _bot(double: BotApiDouble) -> Bot:
    return Bot(
        double.token, session=AiohttpSession(api=TelegramAPIServer.from_base(double.base_url))
    )


@pytest.fixture
async def bot(double: BotApiDouble) -> AsyncIterator[Bot]:
    client = await _bot(double)
    yield client
    await client.session.close()


async def test_messages_keyboards_updates_and_callbacks(bot: Bot, double: BotApiDouble) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (double.bot_user.id, "kefu_test_bot", True)
    user = double.driver.private_user(1001, "Alice", language_code="zh-hans")
    await user.send_command("start", args="order_123")
    updates = await bot.get_updates(timeout=1)
    assert updates[0].message is not None
    assert updates[0].message.text == "/start order_123"
    assert updates[0].message.from_user.language_code == "zh-hans"  # type: ignore[union-attr]
    sent = await bot.send_message(
        1001, "<b>Choose</b> a language", parse_mode="HTML", reply_markup=KEYBOARD
    )
    assert sent.reply_markup is not None
    assert sent.reply_markup.model_dump(exclude_none=True) == KEYBOARD.model_dump(exclude_none=True)
    assert sent.entities is not None and sent.entities[0].type == "bold"
    shown = await user.next_message()
    assert (shown.text, shown.buttons) == ("Choose a language", [["English", "中文"]])
    press = await user.press("中文")
    updates = await bot.get_updates(offset=updates[-1].update_id + 1, timeout=1)
    query = updates[0].callback_query
    assert query is not None and query.data == "lang:zh"
    assert query.message is not None and query.message.message_id == sent.message_id
    assert await bot.answer_callback_query(query.id, text="已切换") is True
    assert (await press.answer())["text"] == "已切换"
    edited = await bot.edit_message_text("语言：中文", chat_id=1001, message_id=sent.message_id)
    assert isinstance(edited, Message) and edited.edit_date is not None
    assert shown.text == "语言：中文" and shown.buttons == []
    copied = await bot.copy_message(1001, 1001, sent.message_id)
    assert copied.message_id == sent.message_id + 1
    assert await bot.delete_message(1001, copied.message_id) is True


async def test_media_uploads_albums_and_files(bot: Bot, double: BotApiDouble) -> None:
    user = double.driver.private_user(7, "Ann")
    photo = await bot.send_photo(7, BufferedInputFile(TINY_PNG, "dot.png"), caption="dot")
    assert photo.photo is not None and photo.photo[-1].width == 1
    document = await bot.send_document(7, BufferedInputFile(b"%PDF", "a.pdf"))
    assert document.document is not None and document.document.file_name == "a.pdf"
    theirs = await user.send_photo()
    album = await bot.send_media_group(
        7,
        media=[
            InputMediaPhoto(
                media=BufferedInputFile(TINY_PNG, "1.png"), caption="<i>one</i>", parse_mode="HTML"
            ),
            InputMediaPhoto(media=photo.photo[-1].file_id),
            InputMediaPhoto(media=theirs.file_id),
        ],
    )
    assert len(album) == 3
    assert len({m.media_group_id for m in album}) == 1
    assert album[0].caption_entities is not None
    file = await bot.get_file(document.document.file_id)
    assert file.file_path is not None
    downloaded = await bot.download_file(file.file_path)
    assert downloaded is not None and downloaded.read() == b"%PDF"
    assert [m.kind for m in user.messages] == ["photo", "document", "photo", "photo", "photo"]


async def test_forums_chats_and_commands(bot: Bot, double: BotApiDouble) -> None:
    group = double.driver.forum_group(-1001234567890, "Support desk")
    topic = await bot.create_forum_topic(group.id, "Order 123")
    assert topic.name == "Order 123"
    note = await bot.send_message(group.id, "new ticket", message_thread_id=topic.message_thread_id)
    assert note.is_topic_message is True
    assert note.message_thread_id == topic.message_thread_id
    assert await bot.close_forum_topic(group.id, topic.message_thread_id) is True
    with pytest.raises(TelegramBadRequest, match="TOPIC_CLOSED"):
        await bot.send_message(group.id, "x", message_thread_id=topic.message_thread_id)
    chat = await bot.get_chat(group.id)
    assert chat.is_forum is True and chat.title == "Support desk"
    member = await bot.get_chat_member(group.id, double.bot_user.id)
    assert isinstance(member, ChatMemberAdministrator) and member.can_manage_topics
    scope = BotCommandScopeChat(chat_id=group.id)
    await bot.set_my_commands([BotCommand(command="queue", description="Queue")], scope=scope)
    assert (await bot.get_my_commands(scope=scope))[0].command == "queue"
    info = await bot.get_webhook_info()
    assert info.url == ""


async def test_errors_become_aiogram_exceptions(bot: Bot, double: BotApiDouble) -> None:
    double.driver.private_user(5, "Eve").block()
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(5, "hello")
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(404, "hello")
    double.faults.add(method="sendMessage", status=502)
    with pytest.raises(TelegramServerError):
        await bot.send_message(404, "hello")
    double.faults.add(method="getMe", status=429, retry_after=3)
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.get_me()
    assert caught.value.retry_after == 3


async def test_a_dispatcher_polls_and_answers(bot: Bot, double: BotApiDouble) -> None:
    router = Router()

    @router.message(CommandStart())
    async def start(message: Message, command: CommandObject) -> None:
        await message.answer(
            f"Hello, order <code>{command.args}</code>", parse_mode="HTML", reply_markup=KEYBOARD
        )

    @router.callback_query(F.data.startswith("lang:"))
    async def language(query: CallbackQuery) -> None:
        await query.answer("ok")
        assert isinstance(query.message, Message)
        await query.message.edit_text(f"Language: {query.data}")

    dp = Dispatcher()
    dp.include_router(router)
    polling = asyncio.create_task(
        dp.start_polling(bot, polling_timeout=1, handle_signals=False, close_bot_session=False)
    )
    try:
        user = double.driver.private_user(42, "Zed")
        await user.send_command("start", args="A-17")
        hello = await user.next_message()
        assert hello.html == "Hello, order <code>A-17</code>"
        press = await user.press("English")
        assert (await press.answer())["text"] == "ok"
        await user.wait_for(lambda m: m.text == "Language: lang:en", what="the edited greeting")
        assert double.log.count("sendMessage", chat_id=42, ok=True) == 1  # exactly once
    finally:
        await dp.stop_polling()
        await polling


async def test_aiogram_webhook_server_with_replies_in_the_response(
    bot: Bot, double: BotApiDouble
) -> None:
    router = Router()

    @router.message()
    async def echo(message: Message) -> SendMessage:
        return message.answer(f"echo: {message.text}")  # answered in the webhook response

    dp = Dispatcher()
    dp.include_router(router)
    app = web.Application()
    SimpleRequestHandler(dp, bot, handle_in_background=False, secret_token="k3fu").register(
        app, path="/tg"
    )
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        url = f"http://127.0.0.1:{runner.addresses[0][1]}/tg"
        await bot.set_webhook(url, secret_token="k3fu")
        user = double.driver.private_user(3, "Cy")
        await user.send_text("ping")
        assert (await user.next_message()).text == "echo: ping"
        assert double.log.calls("sendMessage")[0].via == "webhook-reply"
        await bot.set_webhook(url, secret_token="wrong1")  # the handler now answers 401
        await user.send_text("lost?")
        failed = await double.webhook.changed.wait_until(
            lambda: double.webhook.last_error_message, 5
        )
        assert failed == "Wrong response from the webhook: 401 Unauthorized"
        assert (await bot.get_webhook_info()).pending_update_count == 1
    finally:
        await bot.delete_webhook()
        await runner.cleanup()


async def test_the_limits_model_through_aiogram(
    limited: BotApiDouble, manual_clock: ManualClock
) -> None:
    client = await _bot(limited)
    try:
        limited.driver.private_user(8, "Flo")
        for n in range(3):
            await client.send_message(8, f"burst {n}")
        with pytest.raises(TelegramRetryAfter) as caught:
            await client.send_message(8, "one too many")
        assert caught.value.retry_after == 1
        manual_clock.advance(caught.value.retry_after)
        await client.send_message(8, "after the wait")
        assert [c.status for c in limited.log.calls("sendMessage")] == [200, 200, 200, 429, 200]
    finally:
        await client.session.close()
