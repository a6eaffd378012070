"""What the desk's /stats reads: the desk's figures over a period (bot.storage.desk_stats
computes them). Plain data, so the dialogs render them and the CLI prints them as JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol


class Period(StrEnum):
    """The periods the desk reports on: today (from midnight in the operator's time zone),
    and the rolling last 7 and 30 days (up to now)."""

    TODAY = "today"
    WEEK = "7d"
    MONTH = "30d"

    @property
    def days(self) -> int:
        return {"today": 1, "7d": 7, "30d": 30}[self.value]

    @classmethod
    def of_days(cls, days: int) -> Period:
        """1 (today), 7 or 30; ValueError for anything else."""
        for period in cls:
            if period.days == days:
                return period
        raise ValueError(f"no period of {days} days (1, 7 or 30)")


@dataclass(frozen=True)
class AgentFigures:
    """One agent's period: tickets they hold that were claimed, resolved, first answered
    and rated in it. Durations are in seconds; None where there was nothing to measure."""

    agent_id: int
    name: str | None
    claimed: int
    resolved: int
    first_response_median: float | None
    rating_average: float | None
    rated: int


@dataclass(frozen=True)
class TagCount:
    tag: str
    count: int


@dataclass(frozen=True)
class MissedQuestion:
    """A question the knowledge base had no answer for, and how often it was asked."""

    question: str
    count: int


@dataclass(frozen=True)
class KbFigures:
    """The knowledge base over the period (dialogs.kb.actions.KbOutcome, counted):
    questions ``found`` an answer or ``nothing``, answers ``opened``, ``solved`` (Yes:
    deflected) and ``not_solved``; the most asked questions that found nothing."""

    found: int = 0
    nothing: int = 0
    opened: int = 0
    solved: int = 0
    not_solved: int = 0
    sent: int = 0  # by agents (/reply)
    missed: tuple[MissedQuestion, ...] = ()


@dataclass(frozen=True)
class DeskFigures:
    """The desk over one period. Each figure counts what happened in the period (tickets
    created, first answered, resolved, rated in it); ``open_now`` and ``unclaimed_now`` are
    the queue as it is now. Durations in seconds; None where nothing was measured."""

    period: Period
    since: datetime  # aware, UTC
    until: datetime  # aware, UTC: when the figures were taken
    sla_seconds: float  # the first-response SLA the breaches are counted against
    created: int = 0
    open_now: int = 0
    unclaimed_now: int = 0
    sla_breaches: int = 0
    first_response_median: float | None = None
    first_response_p90: float | None = None
    first_responses: int = 0
    resolution_median: float | None = None
    resolution_p90: float | None = None
    resolved: int = 0
    rating_average: float | None = None
    rated: int = 0
    rating_good_share: float | None = None  # the share (0..1) of ratings of 4 or 5
    top_tags: tuple[TagCount, ...] = ()
    agents: tuple[AgentFigures, ...] = ()
    # What leaves no ticket: "spam_held", "spam_released", "flood_merged", "check_asked",
    # "check_passed".
    tallies: dict[str, int] = field(default_factory=dict)
    kb: KbFigures = field(default_factory=KbFigures)

    @property
    def deflection(self) -> float | None:
        """The share (0..1) of problems settled by an article rather than a person: the
        articles that solved one, over those and the tickets created; None for neither."""
        settled = self.kb.solved + self.created
        return self.kb.solved / settled if settled else None


class DeskStatsPort(Protocol):
    async def figures(self, period: Period) -> DeskFigures:
        """The desk's figures for ``period``, taken now."""
        ...
