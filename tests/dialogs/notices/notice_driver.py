"""Drives the real router with its notices (an admin's /broadcast, /notices, a broadcast's
buttons) with neutral events, as an admin or a user would; what the notices read stands
in for the database (MemoryNotices), the router and its dialogs are the real ones."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dialogs.events import Kind, TextEntity
from dialogs.router import Router
from dialogs.views import View
from tests.dialogs.report.report_driver import TZ, Shown, User

ADMIN = 7
SOMEONE = 8


@dataclass
class MemoryNotices:
    """The NoticeLookup port over dicts: whose notices are off, each audience's size (0
    unless given), the channels users asked about; the counts asked are recorded."""

    off: set[int] = field(default_factory=set)
    sizes: dict[str, int] = field(default_factory=dict)
    channels: list[str] = field(default_factory=list)
    counted: list[tuple[str, bool]] = field(default_factory=list)

    async def notices_off(self, user_id: int) -> bool:
        return user_id in self.off

    async def count(self, spec: str, essential: bool = False) -> int:
        self.counted.append((spec, essential))
        return self.sizes.get(spec, 0)

    async def asked_channels(self, limit: int) -> list[str]:
        return self.channels[:limit]


class _NoTickets:
    async def recent(self, user_id: int, limit: int) -> list[Any]:
        return []

    async def detail(self, user_id: int, public_id: str) -> None:
        return None


@dataclass
class Person(User):
    """A user of the router with notices; an admin when their id is in ``admins``."""

    admins: frozenset[int] = frozenset({ADMIN})
    notices: MemoryNotices = field(default_factory=MemoryNotices)

    def __post_init__(self) -> None:
        super().__post_init__()
        self.router = Router(
            self.content, _NoTickets(), self.drafts, TZ, notices=(self.admins, self.notices)
        )

    @property
    def step(self) -> str | None:
        return self.draft["step"] if self.draft else None

    async def formatted(self, text: str, *entities: TextEntity) -> list[Shown]:
        return await self.send(text=text, entities=entities)

    async def edit(self, text: str) -> list[Shown]:
        return await self.send(Kind.EDITED, text=text)

    def sent_views(self) -> list[View]:
        """The views the last event sent, as the router gave them."""
        return [a.view for a in self.actions if hasattr(a, "view") and isinstance(a.view, View)]

    def of(self, kind: type) -> list[Any]:
        """The last event's actions of ``kind``."""
        return [a for a in self.actions if isinstance(a, kind)]
