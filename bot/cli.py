"""The `kefu` command: run, try, migrate, check, and `content init`."""

from __future__ import annotations

import asyncio
import logging
import shlex
import shutil
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer

from bot.app.i18n import Translator
from bot.app.order_parts import orders_config_problems
from bot.app.tuning_file import load_tuning
from bot.cli_broadcast import broadcast_app
from bot.cli_demo import demo_app
from bot.cli_desk import register as register_desk_commands
from bot.cli_kb import kb_app
from bot.cli_maintenance import maintenance_app
from bot.cli_move import desk_app
from bot.composition import redactor_for, serve
from bot.config import ConfigError, Settings, load_settings
from bot.observe.logs import configure_logging
from bot.services import ServiceUnavailable, ping_database, ping_redis
from bot.storage import migrate
from bot.storage.database import make_engine
from bot.storage.migrate import SchemaBehind
from bot.support.redaction import Redactor
from bot.telegram.probe import ProbeResult, get_me
from bot.telegram.runtimes.common import FatalRuntimeError
from dialogs.content import CONTENT_FILES, ContentError, load_content, shipped_dir
from dialogs.kb.loader import load_kb

# Plain help (click's layout): typer's rich layout shows a type like <bool> for every flag,
# --help included, as if it took a value.
app = typer.Typer(
    help="kefu: a Telegram support bot for digital-goods and top-up platforms.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
content_app = typer.Typer(
    help="Operator content: the categories and their report forms, as YAML.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(content_app, name="content")
register_desk_commands(app)  # kefu stats, kefu export tickets
app.add_typer(desk_app, name="desk")  # kefu desk move
app.add_typer(demo_app, name="demo")  # kefu demo orders|link|channel
app.add_typer(kb_app, name="kb")  # kefu kb search
app.add_typer(maintenance_app, name="maintenance")  # kefu maintenance start|end|list
app.add_typer(broadcast_app, name="broadcast")  # kefu broadcast send|list|status|pause...
T = TypeVar("T")

EXIT_PROBLEMS = 1
EXIT_CONFIG = 2


def fail(message: str, code: int = EXIT_CONFIG, redactor: Redactor | None = None) -> NoReturn:
    typer.echo(f"kefu: {(redactor or Redactor())(message)}", err=True)
    raise typer.Exit(code)


def fail_content(exc: ContentError) -> NoReturn:
    """One line per content problem (file:line: where: why), exit 2."""
    for problem in exc.problems:
        typer.echo(f"problem: {problem}", err=True)
    raise typer.Exit(EXIT_CONFIG)


def settings_or_exit(**overrides: object) -> Settings:
    try:
        return load_settings(**overrides)
    except ConfigError as exc:
        fail(str(exc))


def run_async(factory: Callable[[], Awaitable[T]]) -> T:
    async def main() -> T:
        return await factory()

    return asyncio.run(main())


@app.command()
def run(
    webhook: bool = typer.Option(False, "--webhook", help="Serve Telegram's webhook."),
) -> None:
    """Run the bot (long polling, or --webhook) until SIGINT or SIGTERM."""
    settings = settings_or_exit()
    redactor = redactor_for(settings)
    configure_logging(logging.INFO, settings.log_format, redactor)

    async def go() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await serve(settings, stop, webhook=webhook)

    try:
        run_async(go)
    except (ConfigError, ServiceUnavailable, SchemaBehind) as exc:
        fail(str(exc), redactor=redactor)
    except ContentError as exc:
        fail_content(exc)
    except FatalRuntimeError as exc:
        fail(str(exc), code=EXIT_PROBLEMS, redactor=redactor)
    except Exception as exc:  # the last word: one redacted line, the details in the log
        logging.getLogger("kefu").exception("kefu stopped")
        fail(f"stopped: {type(exc).__name__}: {exc}", code=EXIT_PROBLEMS, redactor=redactor)


@app.command(name="try", short_help="Chat with kefu in this terminal: no token, no internet.")
def try_command(
    name: str = typer.Option("", help="Your name in the chat."),
    language: str = typer.Option("en", help="Your Telegram language code: en, zh-hans, zh-tw..."),
    agent_name: str = typer.Option(
        "Agent", "--agent-name", help="The agent's name in the desk (:agent to play them)."
    ),
) -> None:
    """Chat with kefu in this terminal, as a user and (:agent) as an agent in its desk: no
    token, no internet (a local Telegram double)."""
    from bot.sandbox.terminal import default_name, try_kefu

    settings = settings_or_exit()
    configure_logging(logging.WARNING, settings.log_format, redactor_for(settings))
    try:
        run_async(
            lambda: try_kefu(
                settings, name or default_name(), language, agent_name=agent_name or "Agent"
            )
        )
    except (ConfigError, ServiceUnavailable, SchemaBehind) as exc:
        fail(str(exc))
    except ContentError as exc:
        fail_content(exc)


@app.command(name="sandbox")
def sandbox_command(
    host: str = typer.Option("127.0.0.1", help="Where the page listens (loopback by default)."),
    port: int = typer.Option(8765, min=0, max=65535, help="The page's port; 0 picks a free one."),
) -> None:
    """The whole of kefu in a browser: a user's chat, the agents' desk and an admin panel,
    against a local Telegram double (no token, no internet). Prints the page's address."""
    from bot.sandbox.web.server import CannotServe, serve_sandbox

    settings = settings_or_exit()
    redactor = redactor_for(settings)
    configure_logging(logging.WARNING, settings.log_format, redactor)

    def ready(address: str) -> None:
        typer.echo(f"kefu sandbox: open {address} (Ctrl-C to stop)")

    try:
        run_async(lambda: serve_sandbox(settings, host, port, ready))
    except KeyboardInterrupt:
        pass
    except CannotServe as exc:  # the port is taken, or the host is not this machine's
        fail(str(exc), redactor=redactor)
    except (ConfigError, ServiceUnavailable, SchemaBehind) as exc:
        fail(str(exc), redactor=redactor)
    except ContentError as exc:
        fail_content(exc)
    except OSError as exc:  # anything else (./data not writable...): itself, one line
        fail(f"stopped: {type(exc).__name__}: {exc}", code=EXIT_PROBLEMS, redactor=redactor)


@app.command(name="migrate")
def migrate_command() -> None:
    """Create or upgrade the database schema."""
    settings = settings_or_exit()

    async def go() -> migrate.SchemaStatus:
        engine = make_engine(settings.database_url)
        try:
            await ping_database(engine)
            return await migrate.upgrade(engine)
        finally:
            await engine.dispose()

    try:
        status = run_async(go)
    except ServiceUnavailable as exc:
        fail(str(exc), code=EXIT_PROBLEMS)
    typer.echo(f"kefu: database schema at revision {status.current} (newest)")


@app.command(short_help="Validate config, content, services and the bot token.")
def check() -> None:
    """Validate config, locales, content, services and the bot token (getMe at the Bot API);
    name each problem."""
    settings = settings_or_exit()
    problems: list[str] = []
    try:
        settings.token()
    except ConfigError as exc:
        problems.append(str(exc))
    problems += [str(p) for p in Translator().check()]
    try:
        content = load_content(settings.content_dir)
        load_kb(settings.content_dir, [c.id for c in content.categories])
    except ContentError as exc:
        problems += exc.problems
    problems += orders_config_problems(settings)
    try:
        load_tuning(settings.tuning)
    except ConfigError as exc:
        problems.append(str(exc))

    async def services() -> tuple[list[str], ProbeResult | None]:
        found: list[str] = []
        engine = make_engine(settings.database_url)
        try:
            await ping_database(engine)
        except ServiceUnavailable as exc:
            found.append(str(exc))
        finally:
            await engine.dispose()
        if settings.redis_url:
            try:
                await ping_redis(settings.redis_url)
            except ServiceUnavailable as exc:
                found.append(str(exc))
        telegram = None
        if settings.bot_token is not None:  # getMe: is the token still good, the API there?
            telegram = await get_me(str(settings.telegram_api_url), settings.token())
            if not telegram.ok:
                found.append(telegram.describe())
        return found, telegram

    found, telegram = run_async(services)
    problems += found
    redactor = redactor_for(settings)
    for problem in problems:
        typer.echo(f"problem: {redactor(problem)}", err=True)
    if telegram is not None and telegram.ok:
        typer.echo(f"kefu: {redactor(telegram.describe())}")
    if problems:
        raise typer.Exit(EXIT_PROBLEMS)
    typer.echo("kefu: configuration, locales, content and services are fine")


@content_app.command(name="init")
def content_init(
    directory: Annotated[Path, typer.Argument(help="The folder to copy into (made if missing).")],
    force: bool = typer.Option(False, "--force", help="Overwrite the files already there."),
) -> None:
    """Copy the shipped categories and forms into DIRECTORY, to edit."""
    targets = [directory / name for name in CONTENT_FILES]
    existing = [str(t) for t in targets if t.exists()]
    # All or nothing: half a copy next to an older file would mix two versions of the forms.
    if existing and not force:
        fail(
            f"{', '.join(existing)} already exist{'s' if len(existing) == 1 else ''}; "
            "nothing copied (--force overwrites)",
            code=EXIT_PROBLEMS,
        )
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name in CONTENT_FILES:
            shutil.copyfile(shipped_dir() / name, directory / name)
    except OSError as exc:
        fail(f"cannot copy into {directory}: {exc.strerror or exc}", code=EXIT_PROBLEMS)
    folder = shlex.quote(str(directory.resolve()))
    typer.echo(f"kefu: copied {', '.join(CONTENT_FILES)} into {folder}")
    typer.echo(f"Edit them, then check them with: KEFU_CONTENT_DIR={folder} kefu check")
    typer.echo(f"and run kefu with KEFU_CONTENT_DIR={folder} (in its environment or .env).")


def main() -> None:
    """Console entry point."""
    app(prog_name="kefu")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
