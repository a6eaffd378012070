"""The knowledge base's steps on SQLite and on PostgreSQL: recorded with chosen times, then
counted for a period, the questions that found nothing most asked first; and the desk's
figures carrying them, with the share of problems an article settled (deflection)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage import kb_log
from bot.storage.database import make_sessionmaker
from bot.storage.desk_stats import figures_json
from bot.storage.kb_tables import KbEventRow
from dialogs.kb.actions import KbOutcome, RecordKb
from dialogs.ports.stats import KbFigures, MissedQuestion, Period
from tests.storage.test_desk_stats import NOW, figures_of, make_desk

H, D = timedelta(hours=1), timedelta(days=1)
SINCE = NOW - 7 * D
REFUND, LOGIN, VIP = "怎么退款", "cannot log in", "vip price?"


async def record(engine: AsyncEngine, *steps: tuple[datetime, RecordKb]) -> None:
    async with make_sessionmaker(engine).begin() as session:
        for n, (at, step) in enumerate(steps):
            kb_log.record(session, 500 + n, step, at)


def step(outcome: KbOutcome, question: str | None = None, article: str | None = None) -> RecordKb:
    return RecordKb(outcome, article=article, question=question)


async def test_figures_count_the_period_and_list_the_questions_that_found_nothing(
    engine: AsyncEngine,
) -> None:
    F, N = KbOutcome.FOUND, KbOutcome.NOTHING
    await record(
        engine,
        # In the period (from SINCE on, SINCE itself included):
        (SINCE, step(F, "充值没到账")),
        (NOW - 2 * D, step(F, "alipay not credited")),
        (NOW - 3 * D, step(N, REFUND)),
        (NOW - H, step(N, REFUND)),
        (NOW - 5 * D, step(N, LOGIN)),  # asked once, as VIP, but later: listed after it
        (NOW - 6 * D, step(N, VIP)),
        (NOW - 2 * H, step(N)),  # counted, but no question to list
        (NOW - 2 * D, step(KbOutcome.OPENED, article="topup_delay_alipay")),
        (NOW - 2 * D, step(KbOutcome.SOLVED, article="topup_delay_alipay")),
        (NOW - D, step(KbOutcome.NOT_SOLVED, article="withdraw_time")),
        (NOW - D, step(KbOutcome.SENT, article="withdraw_time")),
        # Before it: none counted, though VIP would then lead the list.
        (SINCE - timedelta(seconds=1), step(N, VIP)),
        (NOW - 8 * D, step(N, VIP)),
        (NOW - 30 * D, step(N, VIP)),
        (NOW - 8 * D, step(F, "x")),
        (NOW - 8 * D, step(KbOutcome.SOLVED, article="topup_delay_bank")),
    )
    async with make_sessionmaker(engine)() as session:
        figures = await kb_log.figures(session, SINCE)
        assert await kb_log.figures(session, NOW + H) == KbFigures()  # nothing since then
    assert figures == KbFigures(
        found=2,
        nothing=5,
        opened=1,
        solved=1,
        not_solved=1,
        sent=1,
        missed=(MissedQuestion(REFUND, 2), MissedQuestion(LOGIN, 1), MissedQuestion(VIP, 1)),
    )


async def test_long_questions_are_cut_and_the_list_is_the_ten_most_asked(
    engine: AsyncEngine,
) -> None:
    long = "为什么" * 200  # 600 characters; the column keeps 500
    asked = [long, long, long] + [f"question {i}" for i in range(11)] + ["question 3"]
    await record(
        engine, *((NOW - (i + 1) * H, step(KbOutcome.NOTHING, q)) for i, q in enumerate(asked))
    )
    async with make_sessionmaker(engine)() as session:
        figures = await kb_log.figures(session, SINCE)
        stored = (await session.execute(select(KbEventRow.question))).scalars().all()
    assert figures.nothing == 15
    assert max(len(q or "") for q in stored) == kb_log.QUESTION_KEPT == 500
    assert len(figures.missed) == kb_log.MISSED_SHOWN == 10
    # 3, 2, then those asked once, the latest (the one asked soonest before NOW) first.
    assert figures.missed[:3] == (
        MissedQuestion(long[:500], 3),
        MissedQuestion("question 3", 2),
        MissedQuestion("question 0", 1),
    )
    assert figures.missed[-1] == MissedQuestion("question 8", 1)


async def test_the_desk_figures_carry_the_kb_and_the_deflection(engine: AsyncEngine) -> None:
    await make_desk(make_sessionmaker(engine))  # 8 tickets created in the last 7 days
    solved = step(KbOutcome.SOLVED, article="topup_delay_alipay")
    await record(
        engine,
        (NOW - H, solved),
        (NOW - 3 * D, solved),
        (NOW - 10 * D, solved),  # before the 7 days
        (NOW - D, step(KbOutcome.NOTHING, REFUND)),
    )
    f = await figures_of(engine, Period.WEEK)
    assert (f.created, f.kb.solved, f.kb.nothing) == (8, 2, 1)
    assert f.kb.missed == (MissedQuestion(REFUND, 1),)
    assert f.deflection == 2 / (2 + 8)
    data = json.loads(json.dumps(figures_json(f)))
    assert data["deflection"] == 0.2
    assert data["kb"]["solved"] == 2
    assert data["kb"]["missed"] == [{"question": REFUND, "count": 1}]


async def test_deflection_without_tickets_or_solved_questions(engine: AsyncEngine) -> None:
    await record(engine, (NOW - H, step(KbOutcome.NOT_SOLVED, article="withdraw_time")))
    f = await figures_of(engine, Period.WEEK)
    assert (f.created, f.kb.solved, f.kb.not_solved) == (0, 0, 1)
    assert f.deflection is None and figures_json(f)["deflection"] is None

    await record(engine, (NOW - H, step(KbOutcome.SOLVED, article="withdraw_time")))
    f = await figures_of(engine, Period.WEEK)
    assert f.deflection == 1.0  # solved by an article, nothing left for a person
