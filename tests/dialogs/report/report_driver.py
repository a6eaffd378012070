"""Drives the real router and report engine with neutral events, as a user would."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.app.i18n import Translator
from bot.app.render import Renderer
from dialogs.actions import Send, with_results
from dialogs.content import Content, load_content
from dialogs.events import Context, Inbound, Kind, MediaKind, MediaRef
from dialogs.kb.library import KnowledgeBase
from dialogs.router import Router
from tests.dialogs.report.report_ports import MemoryDrafts, MemoryEffects, QueueOnlyDesk

NOW = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)  # 12:00 in Asia/Shanghai
TZ = ZoneInfo("Asia/Shanghai")
renderer = Renderer(Translator())
_ids = itertools.count(1)


@dataclass
class Shown:
    """A reply as the user would see it: text and rows of (label, data)."""

    text: str
    buttons: list[list[tuple[str, str]]]

    def data(self, label: str) -> str:
        for row in self.buttons:
            for text, data in row:
                if text == label:
                    return data
        raise AssertionError(f"no button {label!r} in {self.buttons}")

    @property
    def labels(self) -> list[str]:
        return [t for row in self.buttons for t, _ in row]


@dataclass
class User:
    locale: str = "en"
    user_id: int = 7
    content: Content = field(default_factory=load_content)
    drafts: MemoryDrafts = field(default_factory=MemoryDrafts)
    shown: list[Shown] = field(default_factory=list)
    actions: list[Any] = field(default_factory=list)  # the last event's, as the router gave them
    # The recent waits (seconds) of an agents' desk; None: no agents' desk.
    desk_waits: tuple[float, ...] | None = None
    kb: KnowledgeBase | None = None  # the knowledge base answering at the menu, if any

    def __post_init__(self) -> None:
        desk = None if self.desk_waits is None else (-100, QueueOnlyDesk(self.desk_waits))
        self.router = Router(self.content, _NoTickets(), self.drafts, TZ, desk=desk, kb=self.kb)  # type: ignore[arg-type]
        self.effects = MemoryEffects(self.drafts)

    @property
    def draft(self) -> dict[str, Any] | None:
        return self.drafts.data.get(self.user_id)

    async def send(self, kind: Kind = Kind.MESSAGE, **kw: Any) -> list[Shown]:
        event = Inbound(
            kind=kind,
            user_id=self.user_id,
            chat_id=self.user_id,
            chat_type="private",
            date=kw.pop("date", NOW),
            message_id=next(_ids),
            first_name="Ann",
            **kw,
        )
        actions = await self.router.route(event, Context(self.locale))
        self.actions = actions
        results = await self.effects.apply(self.user_id, actions)
        replies = [
            Shown(
                renderer.text(with_results(a.view, results), self.locale),
                [
                    [(renderer.plain_label(b.label, self.locale), b.data) for b in row]
                    for row in a.view.buttons
                ],
            )
            for a in actions
            if isinstance(a, Send)
        ]
        self.shown += replies
        return replies

    async def text(self, text: str) -> list[Shown]:
        return await self.send(text=text)

    async def command(self, name: str, args: str | None = None) -> list[Shown]:
        return await self.send(Kind.COMMAND, command=name, command_args=args, text=f"/{name}")

    async def press(self, label: str) -> list[Shown]:
        return await self.send(Kind.BUTTON, button_data=self.last.data(label), callback_id="cb")

    async def press_data(self, data: str) -> list[Shown]:
        return await self.send(Kind.BUTTON, button_data=data, callback_id="cb")

    async def media(self, *kinds: MediaKind, mime: str | None = None, text: str | None = None):
        refs = tuple(MediaRef(k, f"file-{next(_ids)}", mime) for k in kinds)
        return await self.send(media=refs, text=text)

    @property
    def last(self) -> Shown:
        return self.shown[-1]


class _NoTickets:
    async def recent(self, user_id: int, limit: int) -> list[Any]:
        return []
