"""What `kefu try` prints: the bot's messages on both sides of the desk, marked by where.

The person at the terminal plays the user or an agent, one at a time, but kefu's messages
on the other side matter too (the card it posts when the user asks for a person, the copy
of an agent's reply the user receives), so both are shown as they happen. What the side
you play sees is printed as a chat window would show it, its keyboard numbered so a number
presses a button; the other side's messages are marked ``(user sees)`` or
``(desk · K-7F3Q2)`` and their buttons shown unnumbered, as they are not yours to press.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from dataclasses import dataclass
from typing import Literal

from rich.console import Console
from rich.text import Text as RichText

from bot.telegram.double import DoubleTimeout, Group, MessageView, PrivateUser
from bot.telegram.double.actors import Press

Side = Literal["user", "agent"]
TICKET_ID = re.compile(r"K-[0-9A-HJKMNP-TV-Z]{5}")
GENERAL = "General"  # the forum's topic that is not a thread: /find, /alias, /help


@dataclass(frozen=True)
class Place:
    """A chat window: the user's private chat, or one topic of the desk (None: General)."""

    chat_id: int
    thread_id: int | None = None


class Screen:
    """Prints the bot's messages on both sides and remembers each window's newest keyboard."""

    def __init__(self, console: Console, user: PrivateUser, desk: Group) -> None:
        self.console = console
        self.user = user
        self.desk = desk
        self.side: Side = "user"
        self.topic: int | None = None  # where the agent is (None: General)
        self.last_topic: int | None = None  # the topic the bot wrote in last
        self.keyboards: dict[Place, MessageView] = {}  # each window: its newest keyboard
        self._toasts: set[asyncio.Task[None]] = set()

    # --- where you are -------------------------------------------------------------------

    @property
    def here(self) -> Place:
        """The window the side you play is looking at (its keyboard is the numbered one)."""
        if self.side == "user":
            return Place(self.user.chat.id)
        return Place(self.desk.id, self.topic)

    def topic_label(self, thread_id: int | None) -> str:
        """A topic by its ticket id (the topic's name leads with it), else by its name."""
        if thread_id is None:
            return GENERAL
        topic = self.desk.topics.get(thread_id)
        if topic is None:
            return f"topic {thread_id} (gone)"
        found = TICKET_ID.search(topic.name)
        return found.group() if found else topic.name

    def prompt(self) -> str:
        """Who you are and where: ``[agent · K-7F3Q2]`` or ``[user · Rae]``."""
        if self.side == "user":
            return f"[user · {self.user.user.first_name}]"
        return f"[agent · {self.topic_label(self.topic)}]"

    def say(self, text: str) -> None:
        """A line of the sandbox's own (not kefu's), never read as rich markup."""
        self.console.print(text, markup=False, highlight=False, soft_wrap=True)
        self.console.file.flush()

    # --- kefu's messages -----------------------------------------------------------------

    async def show_user(self) -> None:
        """The user's chat, as it changes, for as long as the sandbox runs."""
        async for message in self.user.watch():
            self.render(message)

    async def show_desk(self) -> None:
        """Every topic of the desk (General too), as it changes."""
        async for message in self.desk.inbox().watch():
            if message.thread_id is not None and message.thread_id in self.desk.topics:
                self.last_topic = message.thread_id
            self.render(message)

    def render(self, message: MessageView, *, again: bool = False) -> None:
        in_desk = message.chat_id == self.desk.id
        place = Place(message.chat_id, message.thread_id if in_desk else None)
        self._remember(place, message)
        if message.deleted:
            return
        mine = place == self.here
        marks = " (again)" if again else " (edited)" if message.edited else ""
        # The bot's text is data, never rich markup: "[/]" in a name must print as is.
        line = RichText.assemble(
            (self._where(place), "dim"), (f"kefu{marks}:", "bold cyan"), " ", _body(message)
        )
        # soft_wrap: a pipe or a narrow window gets whole lines, never re-broken at 80.
        self.console.print(line, highlight=False, soft_wrap=True)
        if message.buttons:
            number = 0
            for row in message.buttons:
                cells = []
                for text in row:
                    number += 1
                    cells.append(f"[{number}] {text}" if mine else f"‹{text}›")
                self.say("      " + "   ".join(cells))
        self.console.file.flush()  # a pipe is block-buffered: show each message now

    def _where(self, place: Place) -> str:
        """The mark before "kefu:": none for the user's own chat (as ``kefu try`` always
        showed it), the prompt in the agent's topic, the other side's window otherwise."""
        if place == self.here:
            return "" if self.side == "user" else f"{self.prompt()} "
        if place.chat_id == self.user.chat.id:
            return "(user sees) "
        return f"(desk · {self.topic_label(place.thread_id)}) "

    def _remember(self, place: Place, message: MessageView) -> None:
        held = self.keyboards.get(place)
        if message.buttons and not message.deleted:
            if held is None or message.message_id >= held.message_id:
                self.keyboards[place] = message
        elif held is not None and held.message_id == message.message_id:
            del self.keyboards[place]  # its buttons were taken away, or it was deleted

    def recall(self) -> None:
        """Show again the message whose buttons the numbers now press, after a switch."""
        held = self.keyboards.get(self.here)
        if held is not None and not held.deleted and held.buttons:
            self.render(held, again=True)

    # --- buttons -------------------------------------------------------------------------

    def button(self, number: int) -> tuple[MessageView, dict[str, str]] | None:
        """Button ``number`` of the newest keyboard where you are, if there is one."""
        held = self.keyboards.get(self.here)
        if held is None:
            return None
        buttons = [b for row in held.button_rows for b in row]
        return (held, buttons[number - 1]) if 1 <= number <= len(buttons) else None

    def toast(self, press: Press) -> None:
        """Print kefu's answer to a press (Telegram shows it as a toast or an alert)."""
        task = asyncio.create_task(self._answer(press))
        self._toasts.add(task)
        task.add_done_callback(self._toasts.discard)

    async def _answer(self, press: Press) -> None:
        with contextlib.suppress(DoubleTimeout):
            answer = await press.answer(timeout=15)
            if answer.get("text"):
                kind = "alert" if answer.get("show_alert") else "toast"
                self.say(f"      ({kind}) {answer['text']}")

    async def close(self) -> None:
        for task in list(self._toasts):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def _body(message: MessageView) -> str:
    """The text, or a media message as its kind and caption ("[photo] receipt")."""
    if message.kind == "text":
        return message.text
    return f"[{message.kind}] {message.text}".rstrip()
