"""Several agents' groups: which group a new ticket goes to, by its category or its user's
language (``groups:`` in desk.yaml), else the default group (KEFU_AGENT_CHAT_ID); and a
group replaced by another (``kefu desk move``), followed to where it went.

Each group has its own Telegram budget (about 20 messages a minute), so splitting a busy
desk by category or language also multiplies what it can take in an outage.
"""

from __future__ import annotations

from collections.abc import Mapping

import pydantic
from pydantic import BaseModel, ConfigDict

from dialogs.languages import LOCALES

# A chain of moves longer than this is a loop someone wrote by hand: stop following it.
MAX_MOVES = 16


class DeskGroup(BaseModel):
    """One agents' group and what goes to it: tickets of ``categories``, or of users
    speaking one of ``languages`` (a category match wins over a language match)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    chat_id: int = pydantic.Field(lt=0, description="a supergroup's id, like -1001234567890")
    name: str | None = None
    categories: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()

    @pydantic.field_validator("languages")
    @classmethod
    def _known(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [x for x in v if x not in LOCALES]
        if unknown:
            raise ValueError(f"unknown language {unknown[0]!r} (one of {', '.join(LOCALES)})")
        return v

    @pydantic.model_validator(mode="after")
    def _routes_something(self) -> DeskGroup:
        if not self.categories and not self.languages:
            raise ValueError("a group needs categories or languages to route tickets to it")
        return self


def group_for(
    groups: tuple[DeskGroup, ...], category: str, language: str, default: int | None
) -> int | None:
    """The group a new ticket goes to (before any move is followed)."""
    for group in groups:
        if category in group.categories:
            return group.chat_id
    for group in groups:
        if language in group.languages:
            return group.chat_id
    return default


def desk_chats(
    default: int | None, groups: tuple[DeskGroup, ...], moves: Mapping[int, int] | None = None
) -> tuple[int, ...]:
    """Every agents' group: the default, the routed ones, those moved to (none at all
    without a default group: no desk)."""
    if default is None:
        return ()
    moved_to = (moves or {}).values()
    return tuple(dict.fromkeys([default, *(g.chat_id for g in groups), *moved_to]))


def moved(chat_id: int, moves: Mapping[int, int]) -> int:
    """Where a group's tickets go now: ``chat_id`` after every recorded move."""
    seen = 0
    while chat_id in moves and seen < MAX_MOVES:
        chat_id = moves[chat_id]
        seen += 1
    return chat_id
