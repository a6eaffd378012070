"""The bots a run measures: the real kefu on a runtime, and each library's bare echo bot."""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Protocol

import telegram
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message
from sqlalchemy import insert
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from bench.replies import Expect, echo_expected, kefu_expected
from bench.workload import UNTHROTTLED, Workload
from bot.app.kefu_app import Tuning
from bot.composition import Kefu, assembled
from bot.config import Settings
from bot.storage.database import make_sessionmaker


class BotApi(Protocol):
    """Where a bot finds the Bot API: the double in this process or in a child's."""

    token: str
    base_url: str


Starter = Callable[[BotApi, "Workload"], AbstractAsyncContextManager[None]]
__all__ = ["ECHO_BOTS", "BotApi", "Expect", "Starter", "echo_expected", "kefu_expected"]


DAY_OF_UPDATES = 86_400  # a day at one update a second: what the recorded ledger keeps


async def fill_ledgers(kefu: Kefu) -> None:
    """The in-memory ledger at its cap, and a day of handled updates and sent messages in
    the database, all with ids below the double's (so none is taken for a redelivery)."""
    ledger = kefu.runtime.ledger  # type: ignore[attr-defined]
    for update_id in range(1, 10_001):
        ledger.take(update_id)
        ledger.track(update_id, None)
    try:
        from bot.storage.models import HandledUpdate, OutboxMessage  # this tree may predate them
    except ImportError:
        return
    now = kefu.clock.now()
    sent = {
        "chat_id": 1,
        "priority": 0,
        "op": {"type": "SendText", "chat_id": 1, "text": "history"},
        "notify": "user",
        "state": "sent",
        "created_at": now,
        "settled_at": now,
    }
    async with make_sessionmaker(kefu.engine).begin() as session:
        await session.execute(
            insert(HandledUpdate),
            [{"update_id": u, "handled_at": now} for u in range(1, DAY_OF_UPDATES + 1)],
        )
        await session.execute(
            insert(OutboxMessage),
            [{**sent, "message_ids": [n]} for n in range(1, DAY_OF_UPDATES + 1)],
        )


def kefu_on(runtime: str) -> Starter:
    """Starts the real kefu on ``runtime`` (SQLite in a temporary folder) polling a double."""

    def start(double: BotApi, workload: Workload) -> AbstractAsyncContextManager[None]:
        return running_kefu(double, workload, runtime)

    return start


def bench_settings(
    double: BotApi, folder: Path, runtime: str, agent_chat_id: int | None = None
) -> Settings:
    """kefu's settings for a benchmark: the double, SQLite in ``folder``, no Redis."""
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        bot_token=double.token,
        telegram_api_url=double.base_url,
        database_url=f"sqlite+aiosqlite:///{folder / 'kefu.db'}",
        poll_timeout=5,
        redis_url=None,
        webhook_url=None,
        webhook_secret=None,
        admin_ids=[],
        agent_chat_id=agent_chat_id,
        default_locale="en",
        timezone="UTC",
        runtime=runtime,
    )


@asynccontextmanager
async def running_kefu(
    double: BotApi, workload: Workload, runtime: str = "aiogram"
) -> AsyncIterator[None]:
    """The real kefu (on ``runtime``, SQLite in a temporary folder) polling ``double``."""
    with tempfile.TemporaryDirectory(prefix="kefu-bench-") as folder:
        settings = bench_settings(double, Path(folder), runtime)
        tuning = Tuning(outbox=UNTHROTTLED, parallel_chats=workload.parallel_chats)
        clock = getattr(double, "clock", None)  # a double in this process: its clock
        async with assembled(settings, clock=clock, tuning=tuning) as kefu:
            if workload.ledger_full:
                await fill_ledgers(kefu)
            stop = asyncio.Event()
            task = asyncio.create_task(kefu.runtime.run(stop), name="kefu")
            try:
                yield
            finally:
                stop.set()
                await asyncio.wait_for(task, 30)


@asynccontextmanager
async def running_aiogram_echo(double: BotApi, workload: Workload) -> AsyncIterator[None]:
    """A bare aiogram bot answering every text with the same text, polling ``double``."""
    api = TelegramAPIServer.from_base(double.base_url)
    bot = Bot(double.token, session=AiohttpSession(api=api))
    dp = Dispatcher()

    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    dp.message.register(echo)
    task = asyncio.create_task(
        dp.start_polling(bot, handle_signals=False, polling_timeout=5), name="echo"
    )
    try:
        yield
    finally:
        if not task.done():
            try:
                await dp.stop_polling()
            except RuntimeError:  # polling never got going: just end the task
                task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 30)
        await bot.session.close()


@asynccontextmanager
async def running_ptb_echo(double: BotApi, workload: Workload) -> AsyncIterator[None]:
    """A bare python-telegram-bot Application answering every text with the same text."""
    application = (
        Application.builder()
        .token(double.token)
        .base_url(f"{double.base_url}/bot")
        .base_file_url(f"{double.base_url}/file/bot")
        .concurrent_updates(True)
        .build()
    )

    async def echo(update: telegram.Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is not None:
            await context.bot.send_message(message.chat_id, message.text or "")

    application.add_handler(MessageHandler(filters.TEXT, echo))
    async with application:  # initialize / shutdown
        assert application.updater is not None
        await application.updater.start_polling(timeout=5)
        await application.start()
        try:
            yield
        finally:
            await application.updater.stop()
            await application.stop()


ECHO_BOTS: dict[str, tuple[str, Starter]] = {
    "aiogram": ("aiogram echo", running_aiogram_echo),
    "ptb": ("PTB echo", running_ptb_echo),
}
