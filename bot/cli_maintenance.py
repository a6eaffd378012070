"""`kefu maintenance start|end|list`: maintenance windows from a terminal (issue 15).

A window is written to the configured database; the running kefu's watch (bot.app.
window_watch) announces it if asked, tells who asked that the service is back once it is
over, and reminds the admins of one left past its expected end. Times are read in
KEFU_TIMEZONE unless they carry their own offset.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.cli_desk import fail, read_settings, run_on_database
from bot.config import Settings
from bot.config_values import parse_duration
from bot.storage.database import make_sessionmaker
from bot.storage.windows import EndOutcome, StoredWindow, WindowStore, scope_text
from bot.support.clock import SystemClock
from dialogs.content import ContentError, load_content
from dialogs.languages import LOCALES
from dialogs.notices.windows import Scope, ScopeKind, Window
from dialogs.when.display import local_time_text

MESSAGE_CHARS = 1000  # the admin's words, with kefu's lines around them, fit one message
_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")  # as a broadcast's audience takes it
_SPAN = re.compile(r"^\+?\d+(\.\d+)?[smhd]$")  # 2h, +30m: from the start (or from now)
_HOUR = re.compile(r"^\d{1,2}:\d{2}$")
_SHORT_RULES = {"daily", "weekly", "monthly", "yearly"}

maintenance_app = typer.Typer(
    help="Maintenance windows: start one, end one, list them.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@maintenance_app.command("start")
def start(
    scope: Annotated[str | None, typer.Option(metavar="SCOPE",
        help="service, category:ID or channel:ID")] = None,
    message: Annotated[str | None, typer.Option(metavar="TEXT",
        help="What users are told, in every language not given its own below.")] = None,
    message_zh_hans: Annotated[str | None, typer.Option("--message-zh-Hans", metavar="TEXT",
        help="What users reading Simplified Chinese are told.")] = None,
    message_zh_hant: Annotated[str | None, typer.Option("--message-zh-Hant", metavar="TEXT",
        help="What users reading Traditional Chinese are told.")] = None,
    message_en: Annotated[str | None, typer.Option("--message-en", metavar="TEXT",
        help="What users reading English are told.")] = None,
    until: Annotated[str | None, typer.Option(metavar="TIME",
        help="The expected end: 'YYYY-MM-DD HH:MM', 'HH:MM' (the next after the start) or a "
        "span from the start (2h). With --every: no occurrence starts after it.")] = None,
    from_: Annotated[str | None, typer.Option("--from", metavar="TIME", help=
        "The start (now if not given): 'YYYY-MM-DD HH:MM', 'HH:MM' (today) or 30m from now. "
        "With --every: the first occurrence, whose wall-clock time each one keeps.")] = None,
    every: Annotated[str | None, typer.Option(metavar="RRULE",
        help="Recurring: an RFC 5545 rule (FREQ=MONTHLY;BYMONTHDAY=1), or daily, weekly, "
        "monthly.")] = None,
    duration: Annotated[str | None, typer.Option(metavar="MINUTES",
        help="With --every: each occurrence's length, in minutes (or 2h).")] = None,
    announce: Annotated[bool, typer.Option(
        "--announce", help="Tell the scope's users before each occurrence.")] = False,
    lead: Annotated[str | None, typer.Option(metavar="SPAN",
        help="With --announce: how long before the start (default: kefu's, an hour).")] = None,
) -> None:  # fmt: skip
    """Add a maintenance window; its id alone on the last line."""
    settings = read_settings()
    tz, now = settings.tz, SystemClock().now()
    chosen = _scope(scope, settings)
    given = {"zh-Hans": message_zh_hans, "zh-Hant": message_zh_hant, "en": message_en}
    messages = _messages(message, given)
    # From now, to the minute: a recurring window's times are then whole minutes.
    begins = _moment("--from", from_, tz, now, after=None) if from_ else _minute(now)
    if lead is not None and not announce:
        fail("--lead is for a window whose users are told: add --announce")
    ahead = _span("--lead", lead) if lead is not None else None
    if every is not None:
        window = _recurring(chosen, messages, begins, every, duration, until, tz, now)
    else:
        if duration is not None:
            fail("--duration is for a recurring window: give --every too, or only --until")
        if until is None:
            fail("--until is needed: when the maintenance is expected to end (2h, 04:00, ...)")
        ends = _moment("--until", until, tz, now, after=begins)
        if ends <= begins:
            fail(f"--until {until} is not after the start ({local_time_text(begins, tz)})")
        if ends <= now:
            fail(f"--until {until} is in the past")
        window = Window(chosen, messages, begins, ends, tz=tz)

    async def add(engine: AsyncEngine) -> int:
        store = WindowStore(make_sessionmaker(engine), SystemClock())
        return await store.add(window, announce=announce, lead=ahead)

    made = run_on_database(settings, add)
    told = "announced to its users" if announce else "not announced"
    typer.echo(f"Maintenance window {made}: {_when(window, tz, now)}; {told}.")
    typer.echo(str(made))


def _recurring(
    scope: Scope,
    messages: dict[str, str],
    begins: datetime,
    every: str,
    duration: str | None,
    until: str | None,
    tz: ZoneInfo,
    now: datetime,
) -> Window:
    if duration is None:
        fail("--every needs --duration MINUTES: how long each occurrence lasts")
    length = _span("--duration", duration)
    text = every.strip().removeprefix("RRULE:")
    rule = f"FREQ={text.upper()}" if text.lower() in _SHORT_RULES else text
    if until is not None:
        if re.search(r"(^|;)\s*(UNTIL|COUNT)\s*=", rule, re.IGNORECASE):
            fail("--until with --every: the rule already says when it stops (UNTIL or COUNT)")
        last = _moment("--until", until, tz, now, after=begins)
        if last <= begins:
            fail(f"--until {until} is not after the first occurrence")
        rule += ";UNTIL=" + last.astimezone(tz).strftime("%Y%m%dT%H%M%S")
    try:
        window = Window(scope, messages, begins, rule=rule, duration=length, tz=tz)
    except ValueError as exc:
        fail(f"--every {every}: {exc}")
    if window.current(now) is None and window.next(now) is None:
        fail(f"--every {every}: no occurrence is left from now on")
    return window


def _scope(text: str | None, settings: Settings) -> Scope:
    if text is None:
        fail("--scope is needed: service, category:ID or channel:ID")
    kind, _, target = text.strip().partition(":")
    if kind == "service" and not target:
        return Scope(ScopeKind.SERVICE)
    if kind not in ("category", "channel") or not _ID.match(target):
        fail(f"--scope {text}: use service, category:ID or channel:ID (letters, digits, _ . -)")
    if kind == "category":
        try:
            known = [c.id for c in load_content(settings.content_dir).categories]
        except ContentError as exc:
            for problem in exc.problems:
                typer.echo(f"problem: {problem}", err=True)
            raise typer.Exit(2) from None
        if target not in known:
            fail(f"--scope {text}: no category {target!r} (there are: {', '.join(known)})")
    return Scope(ScopeKind(kind), target)


def _messages(default: str | None, given: dict[str, str | None]) -> dict[str, str]:
    options = {"--message": default, **{f"--message-{k}": v for k, v in given.items()}}
    for option, text in options.items():
        if text is not None and not text.strip():
            fail(f"{option} is empty: say what users are told")
        if text is not None and len(text) > MESSAGE_CHARS:
            fail(f"{option} is {len(text)} characters: at most {MESSAGE_CHARS}")
    missing = [locale for locale in LOCALES if not (given.get(locale) or default)]
    if missing:
        fail("--message TEXT is needed (or --message-LOCALE for each of "
             f"{', '.join(LOCALES)}; missing: {', '.join(missing)})")  # fmt: skip
    return {locale: (given.get(locale) or default or "").strip() for locale in LOCALES}


def _span(option: str, text: str) -> timedelta:
    try:
        return parse_duration(text)
    except ValueError as exc:
        fail(f"{option} {text}: {exc}")


def _moment(
    option: str, text: str, tz: ZoneInfo, now: datetime, after: datetime | None
) -> datetime:
    """A time: a span (from ``after``, the start, or from now), "HH:MM" (today; for an end,
    the first such time after the start), or a date and time, in ``tz`` unless it says."""
    text = text.strip()
    if _SPAN.match(text):
        return (after or now) + _span(option, text.lstrip("+"))
    try:
        if _HOUR.match(text):
            hour, minute = (int(part) for part in text.split(":"))
            base = (after or now).astimezone(tz)
            at = base.replace(hour=hour, minute=minute, second=0, microsecond=0)
            return at + timedelta(days=1) if after is not None and at <= after else at
        at = datetime.fromisoformat(text)
    except ValueError:
        fail(f"{option} {text!r}: use 'YYYY-MM-DD HH:MM', 'HH:MM' or a span like 2h")
    return at if at.tzinfo is not None else at.replace(tzinfo=tz)


def _minute(at: datetime) -> datetime:
    return at.replace(second=0, microsecond=0)


def _when(window: Window, tz: ZoneInfo, now: datetime) -> str:
    """The window's times as an operator reads them."""
    if window.rule is None:
        ends = local_time_text(window.end, tz) if window.end else "until ended"
        return f"{scope_text(window)} from {local_time_text(window.start, tz)} to {ends}"
    shown = window.current(now) or window.next(now)
    span = f"{int((window.duration or timedelta()).total_seconds() // 60)} min"
    upcoming = f"; next {local_time_text(shown.start, tz)}" if shown else ""
    return f"{scope_text(window)} every {window.rule}, {span} each{upcoming}"


@maintenance_app.command("end")
def end(
    window_id: Annotated[str, typer.Argument(metavar="ID", help="the window's id")],
) -> None:
    """End a window now: a one-off for good, a recurring one's occurrence on now."""
    if not window_id.isdigit():
        fail(f"{window_id!r} is not a window's id (a number: kefu maintenance list shows them)")
    settings = read_settings()
    tz = settings.tz

    async def work(engine: AsyncEngine) -> tuple[EndOutcome, StoredWindow | None]:
        return await WindowStore(make_sessionmaker(engine), SystemClock()).end(int(window_id))

    outcome, found = run_on_database(settings, work)
    if outcome is EndOutcome.NOT_FOUND or found is None:
        fail(f"no maintenance window {window_id} (kefu maintenance list shows them)")
    window, now = found.window, SystemClock().now()
    if outcome is EndOutcome.ALREADY:
        fail(f"maintenance window {found.id} already ended at "
             f"{local_time_text(window.ended_at, tz)}")  # fmt: skip
    if outcome is EndOutcome.NOT_ON:
        upcoming = window.next(now)
        after = f": the next starts {local_time_text(upcoming.start, tz)}" if upcoming else ""
        fail(f"maintenance window {found.id} recurs and is not on now{after}")
    if window.rule is None and window.ended_at is not None and window.ended_at <= window.start:
        typer.echo(f"Maintenance window {found.id} is cancelled: it had not begun.")
        return
    typer.echo(f"Maintenance window {found.id} ended: who asked, and who reported a problem in "
               "its scope meanwhile, are told the service is back.")  # fmt: skip
    if window.rule is not None:
        upcoming = window.next(now)
        if upcoming is not None:
            typer.echo(f"It recurs: the next starts {local_time_text(upcoming.start, tz)}.")


@maintenance_app.command("list")
def list_windows(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON, for scripts.")] = False,
) -> None:
    """Every window: id, state now, scope and times."""
    settings = read_settings()
    tz = settings.tz

    async def work(engine: AsyncEngine) -> list[StoredWindow]:
        return await WindowStore(make_sessionmaker(engine), SystemClock()).list()

    found, now = run_on_database(settings, work), SystemClock().now()
    if as_json:
        typer.echo(json.dumps([_as_json(w, now) for w in found], ensure_ascii=False, indent=2))
        return
    if not found:
        typer.echo("No maintenance window.")
    for w in found:
        typer.echo(f"{w.id} {w.window.state(now).value} {_when(w.window, tz, now)}"
                   f"{' (announced)' if w.announce else ''}")  # fmt: skip


def _as_json(found: StoredWindow, now: datetime) -> dict[str, Any]:
    window = found.window
    on = window.current(now)
    upcoming = window.next(now)

    def iso(at: datetime | None) -> str | None:
        return at.astimezone(UTC).isoformat() if at is not None else None

    return {
        "id": found.id,
        "state": window.state(now).value,
        "scope": scope_text(window),
        "messages": window.messages,
        "start": iso(window.start),
        "end": iso(window.end),
        "rule": window.rule,
        "duration_minutes": int(window.duration.total_seconds() // 60) if window.duration else None,
        "timezone": window.tz.key,
        "ended_at": iso(window.ended_at),
        "announce": found.announce,
        "current": {"start": iso(on.start), "end": iso(on.end)} if on else None,
        "next": {"start": iso(upcoming.start), "end": iso(upcoming.end)} if upcoming else None,
        "created_at": iso(found.created_at),
    }
