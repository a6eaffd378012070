"""`kefu broadcast list` and `kefu broadcast status ID`: how broadcasts stand, for people (a
line each, or one in full) and for scripts (``--json``, with stable keys)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Annotated, Any

import typer
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.cli_desk import fail, read_settings, run_on_database
from bot.storage.broadcast_reads import BroadcastReads
from bot.storage.broadcasts import BroadcastInfo, BroadcastStore
from bot.storage.database import make_sessionmaker
from bot.support.clock import SystemClock
from dialogs.notices.broadcast import BroadcastState, Progress

BAR_WIDTH = 20
TEXT_SHOWN = 60  # characters of the message shown by status
JSON_OPTION = typer.Option(False, "--json", help="Print JSON, for scripts.")


@dataclass(frozen=True)
class Standing:
    """A broadcast, its progress (with the recent rate) and, for status, why recipients
    failed."""

    info: BroadcastInfo
    progress: Progress
    failures: tuple[tuple[str | None, int], ...] = ()

    @property
    def eta(self) -> timedelta | None:
        # Only a running broadcast is getting anywhere: a paused or cancelled one's pending
        # recipients wait (or never come), a scheduled one has not started.
        if self.info.state in (BroadcastState.RUNNING, BroadcastState.DONE):
            return self.progress.eta
        return None

    def to_json(self) -> dict[str, Any]:
        row, p = self.info.row, self.progress
        return {
            "id": row.id,
            "state": row.state,
            "audience": row.audience,
            "at": _iso(row.at),
            "created_at": _iso(row.created_at),
            "started_at": _iso(row.started_at),
            "finished_at": _iso(row.finished_at),
            "total": p.total,
            "sent": p.sent,
            "blocked": p.blocked,
            "failed": p.failed,
            "pending": p.pending,
            "rate": None if p.rate is None else round(p.rate, 2),
            "eta_seconds": None if self.eta is None else int(self.eta.total_seconds()),
            "paid": row.paid,
            "purpose": row.purpose,
        }


async def _standings(engine: AsyncEngine, broadcast_id: int | None) -> list[Standing]:
    sessions = make_sessionmaker(engine)
    clock = SystemClock()
    store, reads = BroadcastStore(sessions, clock), BroadcastReads(sessions)
    if broadcast_id is None:
        infos = await store.recent()
    else:
        one = await store.get(broadcast_id)
        infos = [one] if one is not None else []
    rates = await reads.rates([i.row for i in infos], clock.now())
    found = [Standing(i, Progress.of(i.counts, rates[i.id])) for i in infos]
    if broadcast_id is not None and found:
        found[0] = Standing(found[0].info, found[0].progress,
                            tuple(await reads.failures(broadcast_id)))  # fmt: skip
    return found


def show_list(as_json: bool = JSON_OPTION) -> None:
    """The latest broadcasts, newest first, a line each: id, state, audience, created,
    sent/blocked/failed/pending, progress and the rate over the last minute."""
    settings = read_settings()
    found = run_on_database(settings, lambda engine: _standings(engine, None))
    if as_json:
        typer.echo(json.dumps([s.to_json() for s in found], ensure_ascii=False, indent=2))
        return
    if not found:
        typer.echo("No broadcast yet.")
        return
    audience_width = max(len(s.info.row.audience) for s in found)
    for s in found:
        p, row = s.progress, s.info.row
        counts = f"{p.sent}/{p.blocked}/{p.failed}/{p.pending}"
        typer.echo(
            f"{row.id:>4}  {row.state:<9}  {row.audience:<{audience_width}}  "
            f"{local(row.created_at, settings.tz)}  {counts:>15}  {bar(p)}  {_rate(p.rate)}"
        )


def show_status(
    broadcast_id: Annotated[int, typer.Argument(help="the broadcast's id")],
    as_json: bool = JSON_OPTION,
) -> None:
    """One broadcast in full: state, audience, times, counts, progress, rate, time left,
    and the commonest reasons recipients failed."""
    settings = read_settings()
    found = run_on_database(settings, lambda engine: _standings(engine, broadcast_id))
    if not found:
        fail(f"no broadcast {broadcast_id}", 1)
    s = found[0]
    if as_json:
        data = s.to_json()
        data["essential"] = s.info.content.essential
        data["failures"] = [{"reason": r, "count": n} for r, n in s.failures]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for line in _status_lines(s, settings.tz):
        typer.echo(line)


def _status_lines(s: Standing, tz: tzinfo) -> list[str]:
    row, p, content = s.info.row, s.progress, s.info.content

    def when(at: datetime | None) -> str:
        return "—" if at is None else local(at, tz)

    flags = [f for f, on in (("paid", row.paid), ("essential", content.essential)) if on]
    head = f"broadcast {row.id}: {row.state}" + (f" ({', '.join(flags)})" if flags else "")
    lines = [
        ("audience", row.audience + (f" (kefu's own: {row.purpose})" if row.purpose else "")),
        ("text", _short(content.default.text)),
    ]
    lines += [(f"  {loc}", _short(m.text)) for loc, m in sorted(content.variants.items())]
    lines += [
        ("created", when(row.created_at)),
        ("at", when(row.at)),
        ("started", when(row.started_at)),
        ("finished", when(row.finished_at)),
        ("progress", f"{bar(p)}  {p.done} of {p.total}"),
        ("", f"sent {p.sent}, blocked {p.blocked}, failed {p.failed}, pending {p.pending}"),
        ("rate", _rate(p.rate) + (" over the last minute" if p.rate is not None else "")),
        ("left", _left(s.eta, p)),
    ]
    if row.started_at and row.finished_at and p.done:
        took = (row.finished_at - row.started_at).total_seconds()
        average = f" ({_rate(p.done / took)} on average)" if took >= 1 else ""
        lines.append(("took", span(took) + average))
    for i, (reason, n) in enumerate(s.failures):
        lines.append(("failures" if i == 0 else "", f"{n} × {reason or '(no reason recorded)'}"))
    return [head] + [f"{name:<10} {value}" for name, value in lines]


def _left(eta: timedelta | None, p: Progress) -> str:
    if not p.pending:
        return "nothing"
    if eta is None:
        return f"{p.pending} pending, no estimate (not sending now)"
    return f"{p.pending} pending, about {span(eta.total_seconds())}"


def bar(p: Progress) -> str:
    """A text progress bar of the recipients settled, with the share."""
    share = p.done / p.total if p.total else 1.0
    filled = round(share * BAR_WIDTH)
    return f"{'█' * filled}{'░' * (BAR_WIDTH - filled)} {share:>4.0%}"


def _rate(rate: float | None) -> str:
    if rate is None:
        return "—"
    # Two significant digits below 10 a second: a trickle (0.033/s) is not shown as 0.0.
    return f"{rate:.1f}/s" if rate >= 10 else f"{rate:.2g}/s"


def span(seconds: float) -> str:
    """A duration as a person reads it: 45s, 3m05s, 2h10m."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole}s"
    if whole < 3600:
        return f"{whole // 60}m{whole % 60:02d}s"
    return f"{whole // 3600}h{whole % 3600 // 60:02d}m"


def local(at: datetime, tz: tzinfo) -> str:
    """A time in the operator's zone (KEFU_TIMEZONE), to the minute."""
    return at.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= TEXT_SHOWN else flat[: TEXT_SHOWN - 1] + "…"


def _iso(at: datetime | None) -> str | None:
    return None if at is None else at.isoformat()
