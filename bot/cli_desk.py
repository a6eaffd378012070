"""`kefu stats` and `kefu export tickets`: the desk's numbers and its tickets, read from the
configured database (KEFU_DATABASE_URL), for people (a table) and for scripts (JSON, CSV).

Both only read: they refuse a schema that is behind (run `kefu migrate` first) rather than
change it, and never create a SQLite file that is not there.
"""

from __future__ import annotations

import asyncio
import csv
import json
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import ConfigError, Settings, load_settings
from bot.services import ServiceUnavailable, ping_database
from bot.storage import migrate
from bot.storage.database import make_engine, make_sessionmaker
from bot.storage.desk_stats import DeskStats, figures_json
from bot.storage.migrate import SchemaBehind
from bot.storage.ticket_export import EXPORT_FIELDS, export_rows
from bot.support.clock import SystemClock
from dialogs.ports.stats import DeskFigures, Period

if TYPE_CHECKING:
    from rich.table import Table

EXIT_PROBLEMS = 1
EXIT_USAGE = 2
T = TypeVar("T")

export_app = typer.Typer(
    help="Export the desk's records for analysis.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def register(app: typer.Typer) -> None:
    """Add `stats` and `export` to the `kefu` command."""
    app.command(name="stats")(stats)
    app.add_typer(export_app, name="export")


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    typer.echo(f"kefu: {message}", err=True)
    raise typer.Exit(code)


def read_settings() -> Settings:
    try:
        return load_settings()
    except ConfigError as exc:
        fail(str(exc))


@asynccontextmanager
async def _database(settings: Settings) -> AsyncIterator[AsyncEngine]:
    """The configured database, reachable and with the newest schema."""
    engine = make_engine(settings.database_url)
    try:
        await ping_database(engine)
        await migrate.require_current(engine)
        yield engine
    finally:
        await engine.dispose()


def run_on_database(settings: Settings, work: Callable[[AsyncEngine], Awaitable[T]]) -> T:
    async def main() -> T:
        async with _database(settings) as engine:
            return await work(engine)

    # Reading must not leave an empty SQLite file behind (make_engine would create it).
    database = make_url(settings.database_url).database
    if (
        settings.is_sqlite
        and database not in (None, "", ":memory:")
        and not Path(str(database)).exists()
    ):
        fail(f"no database at {database}: run `kefu migrate` first")
    try:
        return asyncio.run(main())
    except ServiceUnavailable as exc:
        fail(str(exc), EXIT_PROBLEMS)
    except SchemaBehind as exc:
        fail(str(exc))


def stats(
    days: Annotated[
        int | None,
        typer.Option(help="1 (today, in KEFU_TIMEZONE), 7 or 30; all three if not given."),
    ] = None,
    as_json: bool = typer.Option(False, "--json", help="Print JSON, for scripts."),
) -> None:
    """The desk's numbers: tickets, queue, SLA, response and resolution times, ratings,
    tags, agents, and what left no ticket."""
    try:
        periods = [Period.of_days(days)] if days is not None else list(Period)
    except ValueError:
        fail(f"--days {days}: use 1, 7 or 30")
    settings = read_settings()

    async def work(engine: AsyncEngine) -> list[DeskFigures]:
        desk = DeskStats(
            make_sessionmaker(engine), SystemClock(), settings.tz, settings.sla_first_response
        )
        return [await desk.figures(p) for p in periods]

    found = run_on_database(settings, work)
    if as_json:
        data = [figures_json(f) for f in found]
        typer.echo(json.dumps(data[0] if days is not None else data, ensure_ascii=False, indent=2))
        return
    from rich.console import Console  # here: see _rich_table

    console = Console()
    console.print(_table(found))
    for f in found:
        if f.agents:
            console.print(_agents(f))


def _rich_table(**options: Any) -> Table:
    # rich is imported only to print: every command's module is imported by `kefu run`
    # too, and rich would cost the running bot about 1.5 MiB.
    from rich.table import Table

    return Table(**options)


def _table(found: list[DeskFigures]) -> Table:
    table = _rich_table(title="kefu desk", title_justify="left")
    table.add_column("")
    for f in found:
        table.add_column(f.period.value, justify="right")

    def row(name: str, value: Callable[[DeskFigures], object]) -> None:
        table.add_row(name, *(str(value(f)) for f in found))

    sla = _span(found[0].sla_seconds)
    row("tickets created", lambda f: f.created)
    row("open now", lambda f: f.open_now)
    row("unclaimed now", lambda f: f.unclaimed_now)
    row(f"over the SLA ({sla})", lambda f: f.sla_breaches)
    row("first response median", lambda f: _span(f.first_response_median))
    row("first response p90", lambda f: _span(f.first_response_p90))
    row("resolution median", lambda f: _span(f.resolution_median))
    row("resolution p90", lambda f: _span(f.resolution_p90))
    row("rating (count)", lambda f: _rating(f.rating_average, f.rated))
    row("rated 4-5", lambda f: _share(f.rating_good_share))
    row("top tags", lambda f: " ".join(f"#{t.tag}:{t.count}" for t in f.top_tags[:5]) or "—")
    for kind in found[0].tallies:
        row(kind.replace("_", " "), lambda f, k=kind: f.tallies.get(k, 0))
    return table


def _agents(f: DeskFigures) -> Table:
    table = _rich_table(title=f"agents, {f.period.value}", title_justify="left")
    for name in ("agent", "claimed", "resolved", "first response", "rating (count)"):
        table.add_column(name, justify="left" if name == "agent" else "right")
    for a in f.agents:
        table.add_row(
            a.name or str(a.agent_id),
            str(a.claimed),
            str(a.resolved),
            _span(a.first_response_median),
            _rating(a.rating_average, a.rated),
        )
    return table


def _span(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    whole = round(seconds)
    if whole < 3600:
        return f"{whole // 60}m{whole % 60:02d}s"
    if whole < 86400:
        return f"{whole // 3600}h{whole % 3600 // 60:02d}m"
    return f"{whole // 86400}d{whole % 86400 // 3600:02d}h"


def _rating(average: float | None, count: int) -> str:
    return "—" if average is None else f"{average:.2f} ({count})"


def _share(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%}"


@export_app.command(name="tickets")
def export_tickets(
    since: str = typer.Option(
        ..., "--since", help="First day (YYYY-MM-DD) or time (ISO-8601), in KEFU_TIMEZONE."
    ),
    until: str | None = typer.Option(
        None, "--until", help="Last day, included (YYYY-MM-DD), or a time, excluded."
    ),
    fmt: str = typer.Option("csv", "--format", help="csv or jsonl."),
    output: Annotated[
        Path | None, typer.Option("--output", help="A file (stdout if not given).")
    ] = None,
) -> None:
    """One row per ticket created in the period: ids, category, status, priority, tags,
    the lifecycle's times (ISO-8601 UTC) and durations, assignee, rating, order number."""
    if fmt not in ("csv", "jsonl"):
        fail(f"--format {fmt}: use csv or jsonl")
    settings = read_settings()
    start = _moment("--since", since, settings.tz, end=False)
    stop = _moment("--until", until, settings.tz, end=True) if until else None
    if stop is not None and stop <= start:
        fail(f"--until {until} is not after --since {since}")

    async def work(engine: AsyncEngine) -> int:
        with _opened(output) as out:
            return await _write(out, fmt, export_rows(make_sessionmaker(engine), start, stop))

    count = run_on_database(settings, work)
    if output is not None:
        typer.echo(f"kefu: {count} tickets written to {output}", err=True)


def _moment(option: str, text: str, tz: tzinfo, *, end: bool) -> datetime:
    """A day (its start; the next day's start for an --until) or a time, read in the
    operator's zone unless it carries its own offset; as UTC."""
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            at = datetime.combine(day + timedelta(days=1 if end else 0), time(0), tzinfo=tz)
        else:
            at = datetime.fromisoformat(text)
            at = at if at.tzinfo is not None else at.replace(tzinfo=tz)
    except ValueError:
        fail(f"{option} {text!r} is not a date (YYYY-MM-DD) or an ISO-8601 time")
    return at.astimezone(UTC)


class _opened:
    """stdout, or the output file (written in place: a failed export leaves it partial,
    and says so by its exit code)."""

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._file: IO[str] | None = None

    def __enter__(self) -> IO[str]:
        if self._path is None:
            return sys.stdout
        try:
            self._file = self._path.open("w", encoding="utf-8", newline="")
        except OSError as exc:
            fail(f"cannot write {self._path}: {exc.strerror or exc}", EXIT_PROBLEMS)
        return self._file

    def __exit__(self, *_: object) -> None:
        if self._file is not None:
            self._file.close()


async def _write(out: IO[str], fmt: str, rows: AsyncIterator[dict[str, Any]]) -> int:
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS, lineterminator="\n")
        writer.writeheader()
    async for row in rows:
        if fmt == "csv":
            # One cell for the tags, joined by ";" (jsonl keeps them as a list).
            writer.writerow({**row, "tags": ";".join(row["tags"])})
        else:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count
