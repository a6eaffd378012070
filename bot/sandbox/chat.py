"""What the person at `kefu try`'s terminal types, done as the user or as the agent.

One terminal plays both ends of a ticket, so a newcomer can walk the whole loop (ask for a
person, see the card, answer as the agent, answer back as the user, resolve) without
Telegram. The same line means the same thing on either side (text, a /command, a number
for a button, a :photo...); only who sends it and where differs: the user writes in their
private chat, the agent in the desk's topic it is in. The :words that switch sides and
topics are here too; :mod:`bot.sandbox.screen` shows what comes back.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from bot.sandbox.screen import GENERAL, Screen
from bot.telegram.double import Member, PrivateUser
from bot.telegram.double.actor_media import ALBUM_MAX

HELP = f"""Type a message, a /command, or:
  N            press button N of the newest keyboard where you are (a number
               with no such button, or with more words after it, is text)
  :text ...    send exactly this text, even a bare number
  :photo       send a photo            :doc      send an image document
  :album N     {f"send N photos (1-{ALBUM_MAX})":<24}:sticker  send a sticker
  :voice       send a voice note       :help     this text
  :agent       be the agent, in the desk's topic of the ticket last active
  :topics      list the desk's topics  :topic N  be the agent in topic N
  :user        be the user again       :quit     leave (or Ctrl-D)
As the agent, text goes to the user. In a ticket's topic: /claim, /note text,
/reply checking|need_receipt|credited, /priority low|normal|high|urgent,
/tag words, /resolve [message], /reopen, /ban [reason], /unban; anywhere:
/find K-... (or @username, user id), /order DM240007, /alias name, /help.
As the user you own the demo account lin.wei: /order lists its orders; another's
(/order DM240011) asks you to prove it is yours (phone 9914, amount 328).
Lines marked (user sees) or (desk · K-...) are the other side's."""
QUIT = (":quit", ":q", ":exit")
MEDIA = ("photo", "doc", "sticker", "voice", "album")  # :photo and so on, either side


class TerminalChat:
    """Sends what the person types, as whichever side the terminal is playing now."""

    def __init__(
        self, screen: Screen, user: PrivateUser, agent: Member, lines: AsyncIterator[str]
    ) -> None:
        self.screen = screen
        self.user = user
        self.agent = agent
        self.lines = lines

    @property
    def actor(self) -> PrivateUser | Member:
        return self.user if self.screen.side == "user" else self.agent

    @property
    def thread(self) -> int | None:
        """Where a message goes: the agent's topic (None in General and for the user)."""
        return self.screen.topic if self.screen.side == "agent" else None

    async def run(self) -> None:
        async for line in self.lines:
            if not await self.act(line):
                return

    async def act(self, line: str) -> bool:
        """Do what the person typed; False when they want to leave."""
        text = line.strip()
        word, _, rest = text.partition(" ")
        rest = rest.strip()
        if not word:
            return True
        if word in QUIT:
            return False
        try:
            await self._act(word, rest, text)
        except ValueError as exc:  # what a Telegram client would not let anyone send
            self.screen.say(f"(not sent: {exc})")
        return True

    async def _act(self, word: str, rest: str, text: str) -> None:
        if word == ":help":
            self.screen.say(HELP)
        elif word == ":user":
            self.be_user()
        elif word == ":agent":
            self.be_agent(self._active_topic())
        elif word == ":topics" or (word == ":topic" and not rest):
            self.list_topics()
        elif word == ":topic":
            self._choose_topic(rest)
        elif word.isdigit() and not rest and self.screen.button(int(word)):
            self._press(int(word))
        elif word == ":text" and rest:
            await self.actor.send_text(rest, thread_id=self.thread)
        elif word.startswith(":") and word[1:] in MEDIA:
            await self._media(word[1:], rest)
        elif word.startswith(":") and word[1:].isalpha() and word[1:].islower():
            # A mistyped :command (":D" and ":)" are still text).
            self.screen.say(f"(no {word}: :help lists what you can type; :text {word} sends it)")
        elif word.startswith("/") and len(word) > 1 and "@" not in word:
            # In the group, the driver addresses it to the bot (/claim@bot), as clients do.
            await self.actor.send_command(word[1:], args=rest or None, thread_id=self.thread)
        else:
            if self.screen.side == "agent" and self.thread is None:
                self.screen.say("(in General this reaches no user: :topics, then :topic N)")
            await self.actor.send_text(text, thread_id=self.thread)

    # --- sides and topics ----------------------------------------------------------------

    def be_user(self) -> None:
        self.screen.side = "user"
        self.screen.say(
            f"{self.screen.prompt()} You are {self.user.user.first_name}, "
            "in your private chat with kefu."
        )
        self.screen.recall()

    def be_agent(self, thread_id: int | None) -> None:
        screen = self.screen
        screen.side, screen.topic = "agent", thread_id
        desk, name = screen.desk.chat.title, self.agent.user.first_name
        if thread_id is None:
            where = f'in the General topic of "{desk}"'
            if not screen.desk.topics:
                where += ": no ticket has a topic yet (as the user, send /human)"
        else:
            where = f'in the topic "{screen.desk.topics[thread_id].name}" of "{desk}"'
        screen.say(f"{screen.prompt()} You are {name}, an agent, {where}.")
        screen.recall()

    def _active_topic(self) -> int | None:
        """The topic of the ticket kefu last wrote about, else the agent's, else the newest."""
        topics = self.screen.desk.topics
        for thread_id in (self.screen.last_topic, self.screen.topic):
            if thread_id is not None and thread_id in topics:
                return thread_id
        return max(topics) if topics else None

    def _topics(self) -> list[int]:
        return sorted(self.screen.desk.topics)

    def list_topics(self) -> None:
        screen = self.screen
        here = screen.topic if screen.side == "agent" else object()
        lines = [f"Topics of {screen.desk.chat.title} (:topic N to be the agent there):"]
        lines.append(f"  0. {GENERAL}" + ("   <- you are here" if here is None else ""))
        for number, thread_id in enumerate(self._topics(), 1):
            mark = "   <- you are here" if thread_id == here else ""
            lines.append(f"  {number}. {screen.desk.topics[thread_id].name}{mark}")
        if not screen.desk.topics:
            lines.append("  (no ticket has a topic yet: as the user, send /human)")
        screen.say("\n".join(lines))

    def _choose_topic(self, choice: str) -> None:
        """``:topic N`` (as :topics numbers them, 0 for General) or ``:topic K-7F3Q2``."""
        topics = self._topics()
        if choice.isdigit() and int(choice) <= len(topics):
            self.be_agent(topics[int(choice) - 1] if int(choice) else None)
            return
        for thread_id in reversed(topics):
            if choice.upper() in self.screen.desk.topics[thread_id].name.upper():
                self.be_agent(thread_id)
                return
        self.screen.say(f"(no topic {choice}: :topics lists them)")

    # --- buttons and media ---------------------------------------------------------------

    def _press(self, number: int) -> None:
        found = self.screen.button(number)
        if found is None:
            return
        message, button = found
        if "callback_data" not in button:
            self.screen.say(f"(a link, not kefu's to answer: {button.get('url', '')})")
            return
        self.screen.toast(self.actor.press_data(message.message_id, button["callback_data"]))

    async def _media(self, kind: str, rest: str) -> None:
        actor, thread = self.actor, self.thread
        if kind == "photo":
            await actor.send_photo(caption=rest or None, thread_id=thread)
        elif kind == "doc":
            await actor.send_document(mime="image/png", thread_id=thread)
        elif kind == "sticker":
            await actor.send_sticker(thread_id=thread)
        elif kind == "voice":
            await actor.send_voice(thread_id=thread)
        elif kind == "album":
            count = int(rest) if rest.isdigit() else 3 if not rest else 0
            if not 1 <= count <= ALBUM_MAX:
                self.screen.say(f"(:album N sends N photos at once: N is 1 to {ALBUM_MAX})")
                return
            await actor.send_album(count, thread_id=thread)
