"""The report's ports for engine tests: drafts in a dict, tickets recorded in a list.

These stand in for the database, not for the engine: the engine under test is real."""

from __future__ import annotations

import copy
from typing import Any

from dialogs.report.engine import Filed


class MemoryDrafts:
    def __init__(self) -> None:
        self.data: dict[int, dict[str, Any]] = {}

    async def get(self, user_id: int) -> dict[str, Any] | None:
        return copy.deepcopy(self.data.get(user_id))

    async def put(self, user_id: int, data: dict[str, Any]) -> None:
        self.data[user_id] = copy.deepcopy(data)

    async def delete(self, user_id: int) -> None:
        self.data.pop(user_id, None)


class RecordingFiler:
    def __init__(self) -> None:
        self.filed: list[tuple[int, str, dict[str, Any]]] = []

    async def file(
        self, user_id: int, category: str, fields: list[Any], answers: dict[str, Any]
    ) -> Filed:
        self.filed.append((user_id, category, copy.deepcopy(answers)))
        return Filed(public_id=f"K-TEST{len(self.filed)}")
