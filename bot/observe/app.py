"""The app with its metrics hooked in: updates counted and timed, the order lookups and
knowledge base steps of each committed update counted.

A subclass made by the composition root rather than lines inside ``KefuApp``: the app's
module stays about handling, and the hooks sit at the two places every update passes
(queued behind its chat; its actions applied in one unit of work).
"""

from __future__ import annotations

from typing import Any

from bot.app.handling import Handling
from bot.app.kefu_app import KefuApp
from bot.app.unit_of_work import Applied
from bot.observe.metrics import Metrics
from dialogs.actions import Action
from dialogs.events import Inbound


class ObservedApp(KefuApp):
    """A :class:`KefuApp` that tells ``metrics`` (when given) what it handled."""

    def __init__(self, *args: Any, metrics: Metrics | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.metrics = metrics

    def _queue(self, event: Inbound) -> Handling:
        handling = super()._queue(event)
        if self.metrics is not None:
            self.metrics.update_queued(event.kind, handling.done)
        return handling

    async def apply(self, event: Inbound, locale: str, actions: list[Action]) -> Applied:
        applied = await super().apply(event, locale, actions)
        if self.metrics is not None:  # committed: what it recorded is on record
            self.metrics.applied(actions)
        return applied
