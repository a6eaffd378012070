"""What the knowledge base's dialogs record: each question asked, each answer opened, and
whether it solved the problem; /stats reads them (deflection, the questions that found
nothing)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class KbOutcome(StrEnum):
    """One step of a user with the knowledge base."""

    FOUND = "found"  # a question, answered with articles to choose from
    NOTHING = "nothing"  # a question no article answers well enough
    OPENED = "opened"  # an article read
    SOLVED = "solved"  # "Did this solve it?" Yes: deflected
    NOT_SOLVED = "not_solved"  # No (or "Report this problem"): on to a report
    SENT = "sent"  # an agent sent the article (/reply)


@dataclass(frozen=True)
class RecordKb:
    """Record one step (of the user whose event it is)."""

    outcome: KbOutcome
    article: str | None = None
    question: str | None = None
