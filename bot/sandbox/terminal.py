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
import stat
import sys
from collections.abc import AsyncIterator

from rich.console import Console

from bot.composition import Kefu
from bot.config import Settings
from bot.sandbox.chat import HELP, TerminalChat
from bot.sandbox.launch import TRY_ACCOUNT, TRY_DATABASE_URL, sandbox
from bot.sandbox.screen import Screen

__all__ = ["HELP", "TRY_DATABASE_URL", "TerminalChat", "default_name", "try_kefu"]

USER_ID = 10001
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
    async with sandbox(settings) as box:
        user = box.double.driver.private_user(USER_ID, name, language_code=language_code)
        box.fresh_ids(user.chat.id)
        agent = box.desk.member(AGENT_ID, agent_name)
        if box.shop is not None:
            # The person is a demo account's owner: /order shows its orders at once.
            await box.shop.link(USER_ID, TRY_ACCOUNT)
        screen = Screen(console, user, box.desk)
        await _chat(box.kefu, TerminalChat(screen, user, agent, stdin_lines()))


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
