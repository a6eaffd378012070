"""Drives the real router with maintenance windows: the windows the dialogs read stand in
for the database (MemoryWindows, the WindowLookup port over a dict), the router, the report
engine, the hand-off and the maintenance dialogs are the real ones. An admin's confirmed
StartWindow and EndWindow change the windows as the app's effects would."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from dialogs.events import Kind
from dialogs.notices.actions import EndWindow, StartWindow, WishNotice
from dialogs.notices.windows import Scope, ScopeKind, Window
from dialogs.router import Router
from tests.dialogs.notices.notice_driver import Person, _NoTickets
from tests.dialogs.report.report_driver import NOW, TZ, Shown
from tests.dialogs.report.report_ports import QueueOnlyDesk

H = timedelta(hours=1)
SERVICE = Scope(ScopeKind.SERVICE)
TOP_UPS = Scope(ScopeKind.CATEGORY, "recharge")
ALIPAY = Scope(ScopeKind.CHANNEL, "alipay")
MESSAGES = {
    "en": "Top-ups are paused while the bank upgrades.",
    "zh-Hans": "银行升级期间暂停充值。",
    "zh-Hant": "銀行升級期間暫停儲值。",
}
EXPIRED = "That button is no longer active"


def window(
    scope: Scope = SERVICE,
    start: datetime = NOW - H,
    end: datetime | None = NOW + 2 * H,
    **kw: Any,
) -> Window:
    """A one-off window, on from an hour before NOW to two hours after, unless told."""
    return Window(scope, dict(MESSAGES), start, end, tz=TZ, **kw)


@dataclass
class MemoryWindows:
    """The WindowLookup port over a dict of windows by id."""

    windows: dict[int, Window] = field(default_factory=dict)

    def add(self, made: Window) -> int:
        window_id = max(self.windows, default=0) + 1
        self.windows[window_id] = made
        return window_id

    async def active(self, now: datetime) -> list[tuple[int, Window]]:
        return [(i, w) for i, w in sorted(self.windows.items()) if w.current(now) is not None]

    async def starting_within(self, now: datetime, lead: timedelta) -> list[tuple[int, Window]]:
        return [
            (i, w)
            for i, w in sorted(self.windows.items())
            if w.starting_within(now, lead) is not None
        ]


@dataclass
class Watcher(Person):
    """A user (an admin when in ``admins``) of a router that reads ``windows``; with
    ``desk_waits`` an agents' desk answers too."""

    windows: MemoryWindows = field(default_factory=MemoryWindows)
    wishes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__post_init__()
        desk = None if self.desk_waits is None else (-100, QueueOnlyDesk(self.desk_waits))
        reads = (self.admins, self.notices, self.windows)
        self.router = Router(self.content, _NoTickets(), self.drafts, TZ, desk=desk,  # type: ignore[arg-type]
                             kb=self.kb, notices=reads)  # fmt: skip

    async def send(self, *args: Any, **kw: Any) -> list[Shown]:
        date = kw.get("date", NOW)
        shown = await super().send(*args, **kw)
        for action in self.actions:  # as the app's effects would
            match action:
                case StartWindow(window=made):
                    self.windows.add(made)
                case EndWindow(window_id=window_id):
                    self.windows.windows[window_id] = replace(
                        self.windows.windows[window_id], ended_at=date
                    )
                case WishNotice(topic=topic):
                    self.wishes.append(topic)
        return shown

    async def command_at(self, date: datetime, name: str) -> list[Shown]:
        """/``name`` sent at ``date``."""
        return await self.send(Kind.COMMAND, command=name, text=f"/{name}", date=date)

    async def press_at(self, date: datetime, label: str) -> list[Shown]:
        """``label`` (of the last reply) pressed at ``date``."""
        data = self.last.data(label)
        return await self.send(Kind.BUTTON, button_data=data, callback_id="cb", date=date)
