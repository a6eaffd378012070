"""What the notices' dialogs read: a user's choice about notices, who an audience is now,
and which payment channels users asked to hear about."""

from __future__ import annotations

from typing import Protocol


class NoticeLookup(Protocol):
    """Read-only: the notices' changes are Actions (dialogs/notices/actions.py)."""

    async def notices_off(self, user_id: int) -> bool:
        """Whether the user turned notices off (/notices)."""
        ...

    async def count(self, spec: str, essential: bool = False) -> int:
        """How many users the audience ``spec`` (dialogs.notices.broadcast.Audience) holds
        now: blocked users never, users who turned notices off only if ``essential``."""
        ...

    async def asked_channels(self, limit: int) -> list[str]:
        """Payment channels some user asked to be told about (``asked:channel:ID``), at
        most ``limit``, by id."""
        ...
