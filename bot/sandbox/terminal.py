"""`kefu try`: kefu and the Bot API double on loopback, and a chat in the terminal.

No token and no internet: the double plays Telegram, the person at the keyboard plays a
user. Type text, a /command, a number to press a button of the newest keyboard, or one of
the :words below (a photo, an album, a sticker...).
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
from rich.text import Text as RichText

from bot.composition import Kefu, assembled
from bot.config import Settings
from bot.telegram.double import BotApiDouble, MessageView, PrivateUser

# Its own file, so trying kefu never touches a real deployment's data.
TRY_DATABASE_URL = "sqlite+aiosqlite:///./data/kefu-try.db"
HELP = """Type a message, a /command, or:
  N            press button N of the newest keyboard (a number with no such button,
               or with more words after it, is sent as text)
  :text ...    send exactly this text, even a bare number
  :photo       send a photo            :doc     send an image document
  :album N     send N photos at once   :sticker send a sticker
  :voice       send a voice note       :help    this text
  :quit        leave (or Ctrl-D)"""


class TerminalChat:
    """Prints the bot's messages as they arrive, and sends what the person types."""

    def __init__(self, user: PrivateUser, console: Console, lines: AsyncIterator[str]) -> None:
        self.user = user
        self.console = console
        self.lines = lines
        self.keyboard: list[tuple[str, int]] = []  # (button text, message id) by number

    async def show(self) -> None:
        async for message in self.user.inbox.watch():
            self.render(message)
            self.console.file.flush()  # a pipe is block-buffered: show each message now

    def render(self, message: MessageView) -> None:
        if message.deleted:
            return
        mark = " (edited)" if message.edited else ""
        # The bot's text is data, never rich markup: "[/]" in a name must print as is.
        line = RichText.assemble((f"kefu{mark}:", "bold cyan"), " ", message.text)
        self.console.print(line, highlight=False)
        numbered = []
        if message.buttons:
            self.keyboard = []
            for row in message.buttons:
                cells = []
                for text in row:
                    self.keyboard.append((text, message.message_id))
                    cells.append(f"[{len(self.keyboard)}] {text}")
                numbered.append("   ".join(cells))
            for line in numbered:
                self.console.print(f"      {line}", markup=False, highlight=False)

    async def act(self, line: str) -> bool:
        """Do what the person typed; False when they want to leave."""
        word, _, rest = line.strip().partition(" ")
        if not word:
            return True
        if word in (":quit", ":q", ":exit"):
            return False
        if word == ":help":
            self.console.print(HELP, markup=False)
        elif word.isdigit() and not rest and 1 <= int(word) <= len(self.keyboard):
            await self._press(int(word))
        elif word == ":text" and rest:
            await self.user.send_text(rest)
        elif word == ":photo":
            await self.user.send_photo(caption=rest or None)
        elif word == ":doc":
            await self.user.send_document(mime="image/png")
        elif word == ":album":
            await self.user.send_album(int(rest) if rest.isdigit() else 3)
        elif word == ":sticker":
            await self.user.send_sticker()
        elif word == ":voice":
            await self.user.send_voice()
        elif word.startswith("/") and len(word) > 1:
            await self.user.send_command(word[1:], args=rest or None)
        else:
            await self.user.send_text(line.strip())
        return True

    async def _press(self, number: int) -> None:
        text, message_id = self.keyboard[number - 1]
        data = next(
            (
                b["callback_data"]
                for row in self._rows(message_id)
                for b in row
                if b["text"] == text
            ),
            None,
        )
        if data is None:
            self.console.print("(that button is gone)")
            return
        self.user.press_data(message_id, data)

    def _rows(self, message_id: int) -> list[list[dict[str, str]]]:
        for message in self.user.messages:
            if message.message_id == message_id:
                return message.button_rows
        return []

    async def run(self) -> None:
        async for line in self.lines:
            if not await self.act(line):
                return


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
    settings: Settings, name: str, language_code: str, console: Console | None = None
) -> None:
    """Start the double and kefu, and chat until the person leaves."""
    console = console or Console()
    # The sandbox's database outlives the double: a new double numbering updates from the
    # same start would meet ids kefu recorded as handled last time. Telegram, too, picks a
    # random next id when a bot has been quiet for a week.
    first = random.randint(100_000_001, 2**31 - 1_000_000)
    async with BotApiDouble(first_update_id=first) as double:
        settings = settings.model_copy(
            update={
                "bot_token": SecretStr(double.token),
                "telegram_api_url": AnyHttpUrl(double.base_url),
                "database_url": TRY_DATABASE_URL,
                "webhook_url": None,
                "redis_url": None,
            }
        )
        async with assembled(settings) as kefu:
            await _chat(double, kefu, name, language_code, console)


async def _chat(
    double: BotApiDouble, kefu: Kefu, name: str, language_code: str, console: Console
) -> None:
    stop = asyncio.Event()
    serving = asyncio.create_task(kefu.runtime.run(stop))
    user = double.driver.private_user(10001, name, language_code=language_code)
    chat = TerminalChat(user, console, stdin_lines())
    console.print(f"kefu is running against a local Telegram double. You are {name}.")
    console.print(HELP, markup=False)
    shower = asyncio.create_task(chat.show())
    await user.send_command("start")
    chatting = asyncio.create_task(chat.run())
    try:
        # Leave when the person does, or when kefu stops on its own (and say why).
        await asyncio.wait({chatting, serving}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stop.set()
        for task in (chatting, shower):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await serving
    console.print("bye")


def default_name() -> str:
    import getpass

    try:
        return getpass.getuser().capitalize()
    except (KeyError, OSError):  # no user name in this environment
        return "You"
