"""Where a user's report in progress is kept (as JSON-able data)."""

from __future__ import annotations

from typing import Any, Protocol


class DraftStore(Protocol):
    """The dialogs read a draft through ``get``. kefu writes drafts only through KeepDraft
    and DropDraft actions, in the update's unit of work; ``put`` and ``delete`` are for
    stores that stand alone (the dialogs' own tests)."""

    async def get(self, user_id: int) -> dict[str, Any] | None: ...

    async def put(self, user_id: int, data: dict[str, Any]) -> None: ...

    async def delete(self, user_id: int) -> None: ...
