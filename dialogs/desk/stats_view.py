"""/stats in the agents' group: the desk's figures as a short message.

``/stats`` alone: the queue now and one line per period (today, 7 days, 30 days), short
enough to read at a glance. ``/stats 1|7|30`` (or ``today``, ``7d``, ``30d``): that
period in full: times, satisfaction, tags, each agent, the daily tallies, and the
knowledge base (deflection, and the questions that found nothing: the articles to write).
Names and tags are arguments, escaped when rendered.
"""

from __future__ import annotations

from dialogs.ports.stats import DeskFigures, DeskStatsPort, Period
from dialogs.views import Label, Text, View

TAGS_SHOWN = 5
AGENTS_SHOWN = 15  # a message stays well under Telegram's 4,096 characters
MISSED_LENGTH = 80  # of a question that found nothing, as /stats lists it
_PERIODS = {
    "1": Period.TODAY,
    "today": Period.TODAY,
    "7": Period.WEEK,
    "7d": Period.WEEK,
    "30": Period.MONTH,
    "30d": Period.MONTH,
}


async def stats_answer(port: DeskStatsPort | None, args: str) -> View:
    """What /stats answers: the overview, one period in full, or how to ask."""
    if port is None:
        return View(parts=(Text.of("desk-stats-unavailable"),))
    arg = args.strip().lower()
    if not arg:
        return overview([await port.figures(p) for p in Period])
    period = _PERIODS.get(arg)
    if period is None:
        return View(parts=(Text.of("desk-stats-usage"),))
    return detail(await port.figures(period))


def overview(periods: list[DeskFigures]) -> View:
    """The queue now, then a line per period."""
    now = periods[0]
    lines: list[Label] = [
        Text.of(
            "desk-stats-now",
            open=now.open_now,
            unclaimed=now.unclaimed_now,
            sla=duration(now.sla_seconds),
        )
    ]
    for f in periods:
        lines.append(
            Text.of(
                "desk-stats-line",
                period=_period(f.period),
                created=f.created,
                breaches=f.sla_breaches,
                first=duration(f.first_response_median),
                resolution=duration(f.resolution_median),
                csat=_csat(f),
            )
        )
    lines.append(_kb(periods[1] if len(periods) > 1 else now))
    lines.append(Text.of("desk-stats-more"))
    return View(parts=tuple(lines), separator="\n")


def detail(f: DeskFigures) -> View:
    """One period in full."""
    lines: list[Label] = [
        Text.of("desk-stats-title", period=_period(f.period)),
        Text.of(
            "desk-stats-tickets", created=f.created, open=f.open_now, unclaimed=f.unclaimed_now
        ),
        Text.of("desk-stats-sla", sla=duration(f.sla_seconds), breaches=f.sla_breaches),
        Text.of(
            "desk-stats-first-response",
            median=duration(f.first_response_median),
            p90=duration(f.first_response_p90),
            count=f.first_responses,
        ),
        Text.of(
            "desk-stats-resolution",
            median=duration(f.resolution_median),
            p90=duration(f.resolution_p90),
            count=f.resolved,
        ),
        Text.of("desk-stats-csat-line", csat=_csat(f)),
    ]
    if f.top_tags:
        tags = " · ".join(f"#{t.tag} {t.count}" for t in f.top_tags[:TAGS_SHOWN])
        lines.append(Text.of("desk-stats-tags", tags=tags))
    if f.agents:
        lines.append(Text.of("desk-stats-agents"))
        for a in f.agents[:AGENTS_SHOWN]:
            rating = (
                Text.of("desk-stats-agent-rating", average=f"{a.rating_average:.1f}", count=a.rated)
                if a.rating_average is not None
                else Text.of("desk-stats-csat-none")
            )
            lines.append(
                Text.of(
                    "desk-stats-agent",
                    name=a.name or str(a.agent_id),
                    claimed=a.claimed,
                    resolved=a.resolved,
                    first=duration(a.first_response_median),
                    rating=rating,
                )
            )
    t = f.tallies
    lines.append(
        Text.of(
            "desk-stats-tallies",
            held=t.get("spam_held", 0),
            released=t.get("spam_released", 0),
            merged=t.get("flood_merged", 0),
        )
    )
    if t.get("check_asked") or t.get("check_passed"):  # only where the check is on
        asked, passed = t.get("check_asked", 0), t.get("check_passed", 0)
        lines.append(Text.of("desk-stats-checks", asked=asked, passed=passed))
    lines.append(_kb(f))
    if f.kb.missed:
        lines.append(Text.of("desk-stats-kb-missed"))
        lines.extend(
            Text.of("desk-stats-kb-missed-line", question=m.question[:MISSED_LENGTH], count=m.count)
            for m in f.kb.missed
        )
    return View(parts=tuple(lines), separator="\n")


def _kb(f: DeskFigures) -> Text:
    """The knowledge base's line: questions answered and not, solved, the deflection."""
    share = f.deflection
    return Text.of(
        "desk-stats-kb",
        period=_period(f.period),
        found=f.kb.found,
        nothing=f.kb.nothing,
        solved=f.kb.solved,
        not_solved=f.kb.not_solved,
        deflection=Text.of("desk-stats-none") if share is None else f"{round(share * 100)}%",
    )


def duration(seconds: float | None) -> Text:
    """A time span as people read it: 45 s, 12 min, 3 h 5 min, 2 d 4 h; — for none."""
    if seconds is None:
        return Text.of("desk-stats-none")
    if seconds < 60:
        return Text.of("desk-stats-seconds", s=round(seconds))
    minutes = round(seconds / 60)
    if minutes < 60:
        return Text.of("desk-stats-minutes", m=minutes)
    if minutes < 24 * 60:
        return Text.of("desk-stats-hours", h=minutes // 60, m=minutes % 60)
    hours = round(seconds / 3600)
    return Text.of("desk-stats-days", d=hours // 24, h=hours % 24)


def _period(period: Period) -> Text:
    return Text.of("desk-stats-period-" + period.value)


def _csat(f: DeskFigures) -> Text:
    if f.rating_average is None or f.rating_good_share is None:
        return Text.of("desk-stats-csat-none")
    return Text.of(
        "desk-stats-csat",
        average=f"{f.rating_average:.1f}",
        count=f.rated,
        good=round(f.rating_good_share * 100),
    )
