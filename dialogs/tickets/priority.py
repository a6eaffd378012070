"""How soon a ticket wants a person: the desk sorts and times by it."""

from __future__ import annotations

from enum import StrEnum


class TicketPriority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"
