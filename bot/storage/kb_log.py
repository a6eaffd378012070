"""The knowledge base's rows (bot.storage.kb_tables): each step recorded, and the period's
figures for /stats. Functions over a session: the caller's unit of work commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.kb_tables import KbEventRow
from dialogs.kb.actions import KbOutcome, RecordKb
from dialogs.ports.stats import KbFigures, MissedQuestion

MISSED_SHOWN = 10
QUESTION_KEPT = 500


def record(session: AsyncSession, user_id: int, step: RecordKb, at: datetime) -> None:
    question = step.question[:QUESTION_KEPT] if step.question else None
    session.add(
        KbEventRow(
            at=at, user_id=user_id, outcome=step.outcome, article=step.article, question=question
        )
    )


class KbEvents:
    """The rows over their own sessions, for the daily purge (bot.app.housekeeping): the
    questions users typed are kept no longer than /stats reads them, and some more."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def purge(self, before: datetime) -> int:
        """Forget the rows recorded before ``before``; returns how many."""
        async with self._sessions.begin() as session:
            done = await session.execute(delete(KbEventRow).where(KbEventRow.at < before))
            return done.rowcount or 0  # type: ignore[attr-defined]


async def figures(session: AsyncSession, since: datetime) -> KbFigures:
    """What happened from ``since`` on: each outcome counted, and the questions that found
    nothing, the most asked first (then the latest)."""
    counted = await session.execute(
        select(KbEventRow.outcome, func.count())
        .where(KbEventRow.at >= since)
        .group_by(KbEventRow.outcome)
    )
    counts = {str(outcome): int(n) for outcome, n in counted}
    missed = await session.execute(
        select(KbEventRow.question, func.count().label("n"))
        .where(
            KbEventRow.at >= since,
            KbEventRow.outcome == KbOutcome.NOTHING,
            KbEventRow.question.is_not(None),
        )
        .group_by(KbEventRow.question)
        .order_by(func.count().desc(), func.max(KbEventRow.at).desc())
        .limit(MISSED_SHOWN)
    )
    return KbFigures(
        **{o.value: counts.get(o.value, 0) for o in KbOutcome},
        missed=tuple(MissedQuestion(str(q), int(n)) for q, n in missed),
    )
