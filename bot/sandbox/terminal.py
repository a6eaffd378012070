"""`kefu try`: kefu and the Bot API double on loopback, and both ends of a chat in the
terminal.

No token and no internet: the double plays Telegram, the person at the keyboard plays a
user in a private chat with the bot and, with ``:agent``, an agent in kefu's desk (a forum
supergroup in the double, set as ``agent_chat_id``), so the whole loop of a ticket can be
tried in one terminal: /human or a report, the card in the ticket's topic, the agent's
answer, the user's reply, /resolve. :mod:`bot.sandbox.chat` does what is typed (see its
HELP), :mod:`bot.sandbox.screen` prints what kefu sends on either side.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import stat
import sys
from collections.abc import AsyncIterator

from pydantic import AnyHttpUrl, SecretStr
from rich.console import Console

from bot.app.demo_backend import DemoOrderBackend
from bot.app.tuning import Tuning
from bot.composition import Kefu, assembled
from bot.config import Settings
from bot.sandbox.chat import HELP, TerminalChat
from bot.sandbox.screen import Screen
from bot.telegram.double import BotApiDouble
from bot.telegram.outbox import OutboxLimits

__all__ = ["HELP", "TRY_DATABASE_URL", "TerminalChat", "default_name", "try_kefu"]

# Its own file, so trying kefu never touches a real deployment's data.
TRY_DATABASE_URL = "sqlite+aiosqlite:///./data/kefu-try.db"
# The agents' desk: a forum supergroup the bot administers, made in the double each run.
DESK_CHAT_ID = -1001000000001
DESK_TITLE = "Support desk (kefu try)"
USER_ID = 10001
TRY_ACCOUNT = "lin.wei"  # the demo account the sandbox's user owns
AGENT_ID = 20001
DEFAULT_AGENT_NAME = "Agent"


async def stdin_lines() -> AsyncIterator[str]:
    """The terminal's lines, read without blocking the event loop (or a thread on print)."""
    loop = asyncio.get_running_loop()
    mode = os.fstat(sys.stdin.fileno()).st_mode
    if not (sys.stdin.isatty() or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)):
        # A file or /dev/null cannot be polled: read it in a thread instead.
        while line := await loop.run_in_executor(None, sys.stdin.readline):
            yield line
        return
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := await reader.readline():
        yield line.decode("utf-8", errors="replace")


async def try_kefu(
    settings: Settings,
    name: str,
    language_code: str,
    console: Console | None = None,
    agent_name: str = DEFAULT_AGENT_NAME,
) -> None:
    """Start the double (with the desk in it) and kefu, and chat until the person leaves."""
    console = console or Console()
    # The sandbox's database outlives the double: a new double numbering updates from the
    # same start would meet ids kefu recorded as handled last time. Telegram, too, picks a
    # random next id when a bot has been quiet for a week.
    first = random.randint(100_000_001, 2**31 - 1_000_000)
    async with BotApiDouble(first_update_id=first) as double:
        user = double.driver.private_user(USER_ID, name, language_code=language_code)
        desk = double.driver.forum_group(DESK_CHAT_ID, DESK_TITLE)
        agent = desk.member(AGENT_ID, agent_name)
        # Likewise message ids: last run's topics and relayed copies are in that database
        # by chat and id, and a new double counting from 1 again would hand a new topic an
        # old ticket's thread id. Telegram never reuses them; a random start rarely meets one.
        for chat in (user.chat, desk.chat):
            chat.next_message_id = random.randint(1_000_000, 2**31 - 1_000_000)
        settings = settings.model_copy(
            update={
                "bot_token": SecretStr(double.token),
                "telegram_api_url": AnyHttpUrl(double.base_url),
                "database_url": TRY_DATABASE_URL,
                "webhook_url": None,
                "redis_url": None,
                "agent_chat_id": desk.id,
            }
        )
        # kefu keeps a group to one message per 3 s, as Telegram answers a group's bursts
        # with long 429s; the double's group bucket holds a burst, so the sandbox lets kefu
        # use half of it: the desk keeps up with a person typing, and :quit finds nothing
        # still queued (the next run's double would not have this run's topics).
        outbox = OutboxLimits(group_burst=int(double.limits.group_burst) // 2)
        async with assembled(settings, tuning=Tuning(outbox=outbox)) as kefu:
            if isinstance(kefu.app.shop.backend, DemoOrderBackend):
                # The person is a demo account's owner: /order shows its orders at once.
                await kefu.app.shop.backend.link(USER_ID, TRY_ACCOUNT)
            screen = Screen(console, user, desk)
            await _chat(kefu, TerminalChat(screen, user, agent, stdin_lines()))


async def _chat(kefu: Kefu, chat: TerminalChat) -> None:
    """Serve, show both sides and read the terminal; stop all three when either ends."""
    screen = chat.screen
    stop = asyncio.Event()
    serving = asyncio.create_task(kefu.runtime.run(stop))
    screen.say(
        f"kefu is running against a local Telegram double. You are {chat.user.user.first_name}, "
        f"a user; with :agent you are {chat.agent.user.first_name}, an agent in kefu's desk, "
        f'the forum "{screen.desk.chat.title}".'
    )
    screen.say(HELP)
    showing = [asyncio.create_task(screen.show_user()), asyncio.create_task(screen.show_desk())]
    await chat.user.send_command("start")
    chatting = asyncio.create_task(chat.run())
    try:
        # Leave when the person does, or when kefu stops on its own (and say why).
        await asyncio.wait({chatting, serving}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stop.set()
        for task in (chatting, *showing):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await screen.close()
        await serving
    screen.say("bye")


def default_name() -> str:
    """The login name, so a bare `kefu try` greets the person by something like theirs."""
    import getpass

    try:
        return getpass.getuser().capitalize()
    except (KeyError, OSError):  # no user name in this environment
        return "You"
