"""The sandbox's people and what each can do from the page.

Users (each with a private chat and a language), agents (members of the desk) and one
admin (in KEFU_ADMIN_IDS, with their own private chat, where /broadcast and /maintenance
run as on Telegram) are driven people of the Bot API double: a click on the page becomes
their message or button press, which kefu receives over HTTP. The demo order system is
the operator's own, not Telegram: its channel health and account links are changed by the
same calls `kefu demo channel` and `kefu demo link` make.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, TypeVar

from bot.sandbox.launch import TRY_ACCOUNT, Sandbox
from bot.telegram.double import DoubleTimeout, Member, PrivateUser
from bot.telegram.double.actors import Actor
from bot.telegram.double.content import TEXT_LIMIT
from bot.telegram.double.entities import utf16_len
from dialogs.ports.orders import ChannelState

T = TypeVar("T")
FIRST_USER_ID = 10001
FIRST_AGENT_ID = 20001
ADMIN_ID = 90001
SAMPLES = ("receipt", "bank-app", "order-page", "error-screen")  # bundled sample photos
ANSWER_WAIT = 10.0  # how long a press waits for kefu's toast before the page moves on


class ActionError(ValueError):
    """An action the page asked for that a Telegram client could not do."""


def need(r: dict[str, Any], name: str, kind: type[T]) -> T:
    """Field ``name`` of an action, a ``kind``; refused, naming it, if missing or not one."""
    found = maybe(r, name, kind)
    if found is None:
        raise ActionError(f"{r.get('action')}: {name!r} is missing")
    return found


def maybe(r: dict[str, Any], name: str, kind: type[T]) -> T | None:
    """Field ``name`` of an action if given (null counts as not given), a ``kind``."""
    value = r.get(name)
    # bool is an int to Python, not a number to the page.
    if value is None or (isinstance(value, kind) and not isinstance(value, bool)):
        return value
    wanted = {int: "a whole number", str: "text", list: "a list"}.get(kind, kind.__name__)
    raise ActionError(f"{r.get('action')}: {name!r} must be {wanted}, not {value!r}")


def sample_png(name: str) -> bytes:
    """A bundled sample image (static/samples/NAME.png)."""
    if name not in SAMPLES:
        raise ActionError(f"no sample image {name!r}")
    folder = resources.files("bot.sandbox.web") / "static" / "samples"
    return (folder / f"{name}.png").read_bytes()


@dataclass
class Stage:
    """The people on the page, and the demo shop's state as last read."""

    box: Sandbox
    users: dict[int, PrivateUser] = field(default_factory=dict)
    agents: dict[int, Member] = field(default_factory=dict)
    links: dict[int, str] = field(default_factory=dict)
    channels: list[dict[str, Any]] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.admin = self._private(ADMIN_ID, "Ada (admin)", "en")

    @property
    def double(self) -> Any:
        return self.box.double

    @property
    def desk(self) -> Any:
        return self.box.desk

    # --- people ------------------------------------------------------------------------

    def _private(self, user_id: int, name: str, language: str) -> PrivateUser:
        user = self.double.driver.private_user(user_id, name, language_code=language)
        self.box.fresh_ids(user.chat.id)
        return user

    async def add_user(self, name: str, language: str = "en", account: str | None = None) -> int:
        """A new user who starts the bot (/start), as anyone opening kefu's link does."""
        user_id = max(self.users, default=FIRST_USER_ID - 1) + 1
        user = self._private(user_id, name.strip() or f"User {len(self.users) + 1}", language)
        self.users[user_id] = user
        if account:
            await self.link(user_id, account)
        await user.send_command("start")
        return user_id

    def add_agent(self, name: str) -> int:
        """A new member of the desk; kefu treats the desk's members as its agents."""
        agent_id = max(self.agents, default=FIRST_AGENT_ID - 1) + 1
        self.agents[agent_id] = self.desk.member(agent_id, name.strip() or "Agent")
        return agent_id

    async def populate(self) -> None:
        """The people a new page starts with: two users (one owning a demo account), two
        agents and the admin, each having said /start where a person would."""
        await self.add_user("Lin", "en", TRY_ACCOUNT)
        await self.add_user("Mei", "zh-hans")
        self.add_agent("Ann")
        self.add_agent("Bo")
        await self.admin.send_command("start")
        await self.refresh_shop()

    def actor(self, who: str) -> Actor:
        """``user:ID``, ``agent:ID`` or ``admin``: the person the page acts as."""
        kind, _, number = who.partition(":")
        found: Actor | None = None
        if kind == "admin":
            found = self.admin
        elif kind == "user" and number.isdigit():
            found = self.users.get(int(number))
        elif kind == "agent" and number.isdigit():
            found = self.agents.get(int(number))
        if found is None:
            raise ActionError(f"no one called {who!r} here")
        return found

    # --- what people do ----------------------------------------------------------------

    async def act(self, request: dict[str, Any]) -> dict[str, Any]:
        """Do one action the page sent; what the page should show about it (a toast)."""
        action = str(request.get("action", ""))
        handler = getattr(self, f"_do_{action}", None)
        if handler is None:
            raise ActionError(f"no action {action!r}")
        return await handler(request) or {}

    async def _do_text(self, r: dict[str, Any]) -> None:
        text = _message_text(r)
        await self.actor(need(r, "who", str)).send_text(
            text, thread_id=maybe(r, "thread", int), reply_to=maybe(r, "replyTo", int)
        )

    async def _do_press(self, r: dict[str, Any]) -> dict[str, Any]:
        actor = self.actor(need(r, "who", str))
        press = actor.press_data(need(r, "message", int), need(r, "data", str))
        with contextlib.suppress(DoubleTimeout):
            answer = await press.answer(timeout=ANSWER_WAIT)
            return {"toast": answer.get("text") or "", "alert": bool(answer.get("show_alert"))}
        return {}

    async def _do_photo(self, r: dict[str, Any]) -> None:
        data = sample_png(maybe(r, "sample", str) or SAMPLES[0])
        await self.actor(need(r, "who", str)).send_photo(
            maybe(r, "caption", str) or None,
            data=data,
            thread_id=maybe(r, "thread", int),
            reply_to=maybe(r, "replyTo", int),
        )

    async def _do_album(self, r: dict[str, Any]) -> None:
        actor = self.actor(need(r, "who", str))
        samples = [str(s) for s in maybe(r, "samples", list) or SAMPLES[:3]]
        pictures = [sample_png(name) for name in samples]  # all there, or none sent
        thread = maybe(r, "thread", int)
        group = self.double.world.next_media_group_id()
        for index, data in enumerate(pictures):
            caption = (maybe(r, "caption", str) or None) if index == 0 else None
            await actor.send_photo(caption, data=data, thread_id=thread, media_group_id=group)

    async def _do_sticker(self, r: dict[str, Any]) -> None:
        await self.actor(need(r, "who", str)).send_sticker(
            maybe(r, "emoji", str) or "👍", thread_id=maybe(r, "thread", int)
        )

    async def _do_edit(self, r: dict[str, Any]) -> None:
        actor = self.actor(need(r, "who", str))
        stored = self.double.world.message(actor.chat.id, need(r, "message", int))
        if stored is None:
            raise ActionError("no such message")
        await actor.edit(stored, _message_text(r))

    async def _do_add_user(self, r: dict[str, Any]) -> dict[str, Any]:
        name, language = maybe(r, "name", str) or "", maybe(r, "language", str) or "en"
        user_id = await self.add_user(name, language)
        return {"user": user_id}

    async def _do_add_agent(self, r: dict[str, Any]) -> dict[str, Any]:
        return {"agent": self.add_agent(maybe(r, "name", str) or "")}

    async def _do_channel(self, r: dict[str, Any]) -> None:
        shop = self._shop()
        try:
            state = ChannelState(maybe(r, "state", str))
        except ValueError as exc:
            raise ActionError("a channel is ok, degraded or down") from exc
        await shop.set_channel(need(r, "channel", str), state)
        await self.refresh_shop()

    async def _do_link(self, r: dict[str, Any]) -> None:
        await self.link(need(r, "user", int), need(r, "account", str))

    # --- the demo order system ---------------------------------------------------------

    def _shop(self) -> Any:
        if self.box.shop is None:
            raise ActionError("kefu runs with a real order system here, not the demo one")
        return self.box.shop

    async def link(self, user_id: int, account: str) -> None:
        """Link a user to a demo account, as `kefu demo link` does."""
        shop = self._shop()
        if account not in await shop.accounts():
            raise ActionError(f"no demo account {account!r}")
        await shop.link(user_id, account)
        await self.refresh_shop()

    async def refresh_shop(self) -> None:
        """Read the demo system's channels, accounts and links again, for the page."""
        shop = self.box.shop
        if shop is None:
            return
        self.channels = [
            {"channel": h.channel, "state": h.state.value} for h in await shop.channels()
        ]
        self.accounts = await shop.accounts()
        for user_id in self.users:
            account = await shop.linked_account(user_id)
            if account:
                self.links[user_id] = account


def _message_text(r: dict[str, Any]) -> str:
    """The text of a message or an edit, as a Telegram app would let it go: not empty, and
    within Telegram's 4096 characters (counted as Telegram counts them, in UTF-16 units)."""
    text = (maybe(r, "text", str) or "").strip()
    if not text:
        raise ActionError("nothing to send")
    if utf16_len(text) > TEXT_LIMIT:
        raise ActionError(
            f"a message holds at most {TEXT_LIMIT} characters; this one has {utf16_len(text)}"
        )
    return text
