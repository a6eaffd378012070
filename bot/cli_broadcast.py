"""`kefu broadcast send|pause|resume|cancel` (and, from bot/cli_broadcast_view.py, `list` and
`status`): broadcasts made and steered from a terminal or a script.

The CLI only writes to the database: a running kefu's broadcast sender takes a broadcast
once it is due (scheduled and its time come, or running) and sees a pause or a cancel at
its next page of recipients. Every input is checked before anything is written, so a
refused command leaves no half-made broadcast behind.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Annotated, NoReturn
from zoneinfo import ZoneInfo

import typer
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.cli_broadcast_view import local, show_list, show_status
from bot.cli_desk import fail, read_settings, run_on_database
from bot.config import Settings
from bot.storage.audiences import Audiences
from bot.storage.broadcasts import BroadcastStore, NewBroadcast
from bot.storage.database import make_sessionmaker
from bot.support.clock import SystemClock
from dialogs.content import ContentError, load_content
from dialogs.kb.telegram_html import html_problems
from dialogs.languages import LOCALES
from dialogs.notices.broadcast import (
    MOVES,
    TEXT_LIMIT,
    Audience,
    AudienceError,
    AudienceKind,
    BroadcastState,
    Content,
    Message,
)

EXIT_REFUSED = 1
SPECS = ("all, locale:LOCALE, open-tickets, category:ID[:DAYS], channel:ID[:DAYS], "
         "asked:channel:ID, asked:window:ID")  # fmt: skip
_CONTENT_KINDS = (AudienceKind.CATEGORY, AudienceKind.CHANNEL)  # audiences named by content
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")

broadcast_app = typer.Typer(
    help="Broadcasts: a message to many users, sent by the running kefu at Telegram's pace.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
broadcast_app.command("list")(show_list)
broadcast_app.command("status")(show_status)


@broadcast_app.command("send")
def send(
    text: Annotated[
        str, typer.Option("--text", metavar="HTML", help="The message, in Telegram HTML.")
    ],
    audience: Annotated[
        str, typer.Option("--audience", metavar="SPEC", help=f"Who gets it: {SPECS}.")
    ] = "all",
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="TIME",
            help="When, in KEFU_TIMEZONE: HH:MM (its next time), an ISO 8601 time, or words "
            'like "tomorrow 9:00", "in 2 hours". Now if not given.',
        ),
    ] = None,
    variants: Annotated[
        list[str] | None,
        typer.Option(
            "--variant",
            metavar="LOCALE=TEXT",
            help=f"The message for users of one language ({', '.join(LOCALES)}); "
            "others get --text. Repeatable.",
        ),
    ] = None,
    paid: bool = typer.Option(
        False,
        "--paid",
        help="allow_paid_broadcast: up to 1000 messages/s instead of about 30, for a fee in "
        "Telegram Stars per message, taken from the bot's balance.",
    ),
    essential: bool = typer.Option(
        False, "--essential", help="Reach users who turned notices off (/notices) too."
    ),
) -> None:
    """Make a broadcast: the audience is read now, and kefu run sends it from --at. Prints
    a summary, then the broadcast's id alone on the last line."""
    settings = read_settings()
    clock = SystemClock()
    now = clock.now()
    content = Content(_message("--text", text), _variants(variants or []), essential)
    try:
        who = Audience.parse(audience)
    except AudienceError as exc:
        fail(_audience_problem(exc))
    channel_field = _checked_against_content(settings, who)
    when = now if at is None else read_at(at, now, settings.tz)

    async def make(engine: AsyncEngine) -> tuple[int, int]:
        sessions = make_sessionmaker(engine)
        recipients = await Audiences(sessions, channel_field).resolve(who, now, essential)
        new = NewBroadcast(content=content, audience=who.spec, at=when, paid=paid)
        return await BroadcastStore(sessions, clock).create(new, recipients), len(recipients)

    broadcast_id, count = run_on_database(settings, make)
    start = "now" if at is None else local(when, settings.tz)
    extras = "".join(f", {flag}" for flag, on in (("paid", paid), ("essential", essential)) if on)
    nobody = " (nobody is in the audience now)" if not count else ""
    typer.echo(f"broadcast {broadcast_id}: {count} recipients{nobody}, audience {who.spec}, "
               f"from {start}{extras}; `kefu run` sends it")  # fmt: skip
    typer.echo(str(broadcast_id))


def _message(option: str, text: str) -> Message:
    """``text`` as a message, or one line and exit 2 saying what Telegram would refuse."""
    message = Message(text)
    match message.problem():
        case "broadcast-empty":
            fail(f"{option} is empty")
        case "broadcast-too-long":
            fail(f"{option} is {len(text)} characters long; Telegram takes at most {TEXT_LIMIT}")
    problems = html_problems(text, TEXT_LIMIT)
    if problems:
        fail(f"{option} is not Telegram HTML: {'; '.join(problems)}")
    return message


def _variants(given: list[str]) -> dict[str, Message]:
    found: dict[str, Message] = {}
    by_lower = {loc.lower(): loc for loc in LOCALES}
    for item in given:
        name, sep, text = item.partition("=")
        locale = by_lower.get(name.strip().lower())
        if not sep:
            fail(f"--variant {item!r}: write LOCALE=TEXT, e.g. --variant 'zh-Hans=维护通知'")
        if locale is None:
            fail(f"--variant {name!r}: the locale must be one of {', '.join(LOCALES)}")
        if locale in found:
            fail(f"--variant {locale} is given twice")
        found[locale] = _message(f"--variant {locale}", text)
    return found


def _audience_problem(exc: AudienceError) -> str:
    match exc.key:
        case "broadcast-bad-locale":
            return f"--audience {exc.spec!r}: the locale must be one of {', '.join(LOCALES)}"
        case "broadcast-bad-days":
            return f"--audience {exc.spec!r}: DAYS must be a whole number from 1 to 365"
    return f"--audience {exc.spec!r} is not an audience: use {SPECS}"


def _checked_against_content(settings: Settings, who: Audience) -> str:
    """The report field holding the payment channel; a category or channel the operator's
    content does not know is refused (most likely a typo, which would reach nobody)."""
    kind = who.kind
    try:
        # Only a category or channel audience needs the content (the other kinds are read
        # from the users alone), so a content problem does not stop a broadcast to `all`.
        content = load_content(settings.content_dir) if kind in _CONTENT_KINDS else None
    except ContentError as exc:
        for problem in exc.problems:
            typer.echo(f"problem: {problem}", err=True)
        raise typer.Exit(2) from None
    if content is None:
        return "payment_channel"  # not read: the audience is not a channel's
    field = content.desk.tags.channel_field
    if kind is AudienceKind.CATEGORY:
        known = [c.id for c in content.categories]
    else:
        choices = content.fields[field].choices if field in content.fields else None
        known = [c.id for c in choices or []]
    if known and who.value not in known:
        fail(f"--audience {who.spec!r}: {who.value!r} is not a {kind.value} of the content "
             f"({', '.join(known)})")  # fmt: skip
    return field


def read_at(text: str, now: datetime, tz: ZoneInfo) -> datetime:
    """--at as aware UTC: ``HH:MM`` (its next time), ISO 8601 (in ``tz`` unless it has an
    offset), or words dateparser reads ("tomorrow 9:00", "in 2 hours"). A time not after
    ``now``, or no time at all, is one line and exit 2."""
    local_now = now.astimezone(tz)
    clock = _CLOCK.match(text.strip())
    if clock:
        wall = time(int(clock[1]), int(clock[2]))
        found = datetime.combine(local_now.date(), wall, tzinfo=tz).astimezone(UTC)
        if found <= now:
            found = datetime.combine(local_now.date() + timedelta(days=1), wall, tzinfo=tz)
    else:
        try:
            found = datetime.fromisoformat(text.strip())
        except ValueError:
            found = _read_words(text, local_now, tz)
        if found.tzinfo is None:
            found = found.replace(tzinfo=tz)
    try:
        found = found.astimezone(UTC)
    except OverflowError:  # "0001-01-01" east of UTC falls before year 1
        _no_time(text)
    if found <= now:
        fail(f"--at {text!r} is {local(found, tz)}, in the past (now: {local(now, tz)})")
    return found


def _read_words(text: str, local_now: datetime, tz: ZoneInfo) -> datetime:
    import warnings

    # Imported here: dateparser takes a good part of a second to load, which only --at in
    # words needs.
    from dateparser.date import DateDataParser

    settings = {
        "TIMEZONE": tz.key,
        "RELATIVE_BASE": local_now.replace(tzinfo=None),
        "PREFER_DATES_FROM": "future",
        # No Unix timestamps: "1700000000" is no way to say when.
        "PARSERS": ["relative-time", "custom-formats", "absolute-time"],
    }
    try:
        # dateparser warns about its own internals on some Python versions.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    except Exception:  # anything it raises on odd text means the text is no time
        found = None
    if found is None or found.date_obj is None:
        _no_time(text)
    # Naive: the wall-clock time in tz (dateparser would stamp it with now's offset, an
    # hour off across a DST change).
    return found.date_obj.replace(tzinfo=None)


def _no_time(text: str) -> NoReturn:
    fail(f'--at {text!r} is not a time: give HH:MM, an ISO 8601 time (2026-12-01T09:00) or '
         'words like "tomorrow 9:00" or "in 2 hours"')  # fmt: skip


def _move(action: str, past: str) -> Callable[[int], None]:
    def command(
        broadcast_id: Annotated[int, typer.Argument(help="the broadcast's id")],
    ) -> None:
        settings = read_settings()

        async def move(engine: AsyncEngine) -> tuple[bool, BroadcastState | None]:
            return await BroadcastStore(make_sessionmaker(engine), SystemClock()).move(
                broadcast_id, action
            )

        moved, state = run_on_database(settings, move)
        if state is None:
            fail(f"no broadcast {broadcast_id}", EXIT_REFUSED)
        if moved:
            typer.echo(f"broadcast {broadcast_id}: {state.value}")
            return
        if MOVES[action].get(state) is not None:  # allowed, but it changed meanwhile
            fail(f"broadcast {broadcast_id} changed meanwhile: try again", EXIT_REFUSED)
        fail(f"broadcast {broadcast_id} is {state.value}: it cannot be {past}", EXIT_REFUSED)

    return command


HELP = {
    "pause": "Pause a scheduled or running broadcast (resume carries on where it stopped).",
    "resume": "Send a paused broadcast on from where it stopped (one paused before its --at "
    "waits for that time again).",
    "cancel": "Cancel a broadcast: the recipients not reached yet never get it.",
}
for _action, _past in (("pause", "paused"), ("resume", "resumed"), ("cancel", "cancelled")):
    broadcast_app.command(_action, help=HELP[_action])(_move(_action, _past))
