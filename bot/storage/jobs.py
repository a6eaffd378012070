"""Durable timers as rows of the ``jobs`` table, claimed by one runner at a time.

A claim is a compare-and-set UPDATE that only succeeds on a row that is pending, due and
not leased, and is kept only if it changed exactly one row. That is portable: SQLite takes
one writer at a time, and PostgreSQL (READ COMMITTED) re-checks the WHERE on the newest
row version after waiting for a rival's row lock, so the loser changes nothing.

A claim is identified by ``(claimed_by, attempts)``; ``done``, ``retry`` and ``failed``
only touch the row while that claim still holds, so a runner whose lease ran out, or
whose job was rescheduled or cancelled meanwhile, cannot overwrite the newer state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.database import within
from bot.storage.models import Job, JobState
from bot.support.clock import Clock


@dataclass(frozen=True)
class ClaimedJob:
    """A job this worker now holds until ``lease_until``."""

    id: int
    kind: str
    key: str | None
    payload: dict[str, Any]
    attempts: int  # this claim's number, from 1
    claimed_by: str
    lease_until: datetime


class JobStore:
    """Schedule, cancel, claim and settle jobs.

    ``schedule`` with a ``key`` that exists (in any state) replaces that job: new kind,
    payload and time, pending again with its attempts reset, any claim on it dropped.
    So a feature can say "the reminder of ticket 7 is now at 15:00" without looking first.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def schedule(
        self,
        kind: str,
        payload: dict[str, Any],
        at: datetime,
        key: str | None = None,
        *,
        keep_pending: bool = False,
        session: AsyncSession | None = None,
    ) -> int:
        """Add a job (or replace the one with ``key``) and return its id. With
        ``keep_pending`` a pending job of that key stays as it is (a recurring job
        scheduled at every start must not be pushed back by each restart). In a caller's
        ``session``, the job commits (or not) with the caller's other effects."""
        now = self._clock.now()
        fresh = {
            "kind": kind,
            "payload": dict(payload),
            "run_at": at,
            "state": JobState.PENDING,
            "attempts": 0,
            "claimed_by": None,
            "lease_until": None,
            "last_error": None,
            "updated_at": now,
        }
        async with within(self._sessions, session) as session:
            # Twice: a rival may insert the same key between our look and our insert.
            for _ in range(2):
                if key is not None:
                    found = await session.scalar(select(Job).where(Job.key == key))
                    if found is not None:
                        if keep_pending and found.state == JobState.PENDING:
                            return found.id
                        for name, value in fresh.items():
                            setattr(found, name, value)
                        return found.id
                job = Job(key=key, created_at=now, **fresh)
                try:
                    async with session.begin_nested():
                        session.add(job)
                        await session.flush()
                    return job.id
                except IntegrityError:
                    if key is None:
                        raise
            raise RuntimeError(f"could not schedule job key {key!r}")

    async def cancel(self, key: str) -> bool:
        """Remove the pending job with ``key``; False if there was none."""
        async with self._sessions.begin() as session:
            gone = await session.execute(
                delete(Job).where(Job.key == key, Job.state == JobState.PENDING)
            )
            return gone.rowcount == 1  # type: ignore[attr-defined]

    def _claimable(self, now: datetime) -> ColumnElement[bool]:
        return and_(
            Job.state == JobState.PENDING,
            Job.run_at <= now,
            or_(Job.lease_until.is_(None), Job.lease_until <= now),
        )

    async def claim(self, worker: str, limit: int, lease: float = 300.0) -> list[ClaimedJob]:
        """Take up to ``limit`` due jobs for ``worker`` for ``lease`` seconds, oldest first."""
        now = self._clock.now()
        lease_until = now + timedelta(seconds=lease)
        async with self._sessions.begin() as session:
            # A few more candidates than wanted, since a rival runner may take some first.
            candidates = (
                await session.scalars(
                    select(Job.id)
                    .where(self._claimable(now))
                    .order_by(Job.run_at, Job.id)
                    .limit(limit * 2)
                )
            ).all()
            won: list[int] = []
            # A lost compare-and-set leaves no row lock behind, so with limit=1 (the
            # runner's way) a claim holds one lock at most and cannot deadlock a rival.
            for job_id in candidates:
                if len(won) == limit:
                    break
                result = await session.execute(
                    update(Job)
                    .where(Job.id == job_id, self._claimable(now))
                    .values(
                        claimed_by=worker,
                        lease_until=lease_until,
                        attempts=Job.attempts + 1,
                        updated_at=now,
                    )
                    .execution_options(synchronize_session=False)
                )
                if result.rowcount == 1:  # type: ignore[attr-defined]
                    won.append(job_id)
            if not won:
                return []
            rows = await session.scalars(select(Job).where(Job.id.in_(won)).order_by(Job.run_at))
            return [
                ClaimedJob(j.id, j.kind, j.key, dict(j.payload), j.attempts, worker, lease_until)
                for j in rows
            ]

    async def done(self, job: ClaimedJob) -> bool:
        """The job ran; False if its claim was lost meanwhile (then nothing changes)."""
        return await self._settle(job, state=JobState.DONE, lease_until=None)

    async def again(self, job: ClaimedJob, at: datetime) -> bool:
        """A recurring job ran: pending again at ``at``, unclaimed, its attempts reset."""
        return await self._settle(
            job, run_at=at, attempts=0, last_error=None, claimed_by=None, lease_until=None
        )

    async def retry(self, job: ClaimedJob, error: str, at: datetime) -> bool:
        """The attempt failed: pending again at ``at``, unclaimed."""
        return await self._settle(
            job, run_at=at, last_error=error, claimed_by=None, lease_until=None
        )

    async def failed(self, job: ClaimedJob, error: str) -> bool:
        """Give up on the job, keeping why."""
        return await self._settle(job, state=JobState.FAILED, last_error=error, lease_until=None)

    async def _settle(self, job: ClaimedJob, **values: Any) -> bool:
        async with self._sessions.begin() as session:
            result = await session.execute(
                update(Job)
                .where(
                    Job.id == job.id,
                    Job.state == JobState.PENDING,
                    Job.claimed_by == job.claimed_by,
                    Job.attempts == job.attempts,
                )
                .values(updated_at=self._clock.now(), **values)
                .execution_options(synchronize_session=False)
            )
            return result.rowcount == 1  # type: ignore[attr-defined]

    async def next_due(self) -> datetime | None:
        """When the earliest pending job can next be claimed (its time, or its lease's end)."""
        later = case((Job.lease_until > Job.run_at, Job.lease_until), else_=Job.run_at)
        async with self._sessions() as session:
            return await session.scalar(
                select(func.min(later)).where(Job.state == JobState.PENDING)
            )

    async def get(self, job_id: int) -> Job | None:
        async with self._sessions() as session:
            return await session.get(Job, job_id)

    async def purge(self, before: datetime) -> int:
        """Delete done and failed jobs last changed before ``before``; how many went."""
        async with self._sessions.begin() as session:
            result = await session.execute(
                delete(Job).where(Job.state != JobState.PENDING, Job.updated_at < before)
            )
            return result.rowcount  # type: ignore[attr-defined]
