"""The `kefu` command: run, migrate, check (and, with the runtime, try)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import NoReturn, TypeVar

import typer

from bot.config import ConfigError, Settings, load_settings
from bot.i18n import Translator
from bot.redaction import Redactor
from bot.services import ServiceUnavailable, ping_database, ping_redis
from bot.storage import migrate
from bot.storage.database import make_engine

app = typer.Typer(
    help="kefu: a Telegram support bot for digital-goods and top-up platforms.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
T = TypeVar("T")

EXIT_PROBLEMS = 1
EXIT_CONFIG = 2


def fail(message: str, code: int = EXIT_CONFIG, redactor: Redactor | None = None) -> NoReturn:
    typer.echo(f"kefu: {(redactor or Redactor())(message)}", err=True)
    raise typer.Exit(code)


def settings_or_exit(**overrides: object) -> Settings:
    try:
        return load_settings(**overrides)
    except ConfigError as exc:
        fail(str(exc))


def redactor_for(settings: Settings) -> Redactor:
    redactor = Redactor()
    if settings.bot_token is not None:
        redactor.add(settings.bot_token.get_secret_value())
    if settings.webhook_secret is not None:
        redactor.add(settings.webhook_secret.get_secret_value())
    return redactor


def run_async(factory: Callable[[], Awaitable[T]]) -> T:
    async def main() -> T:
        return await factory()

    return asyncio.run(main())


async def prepare_database(settings: Settings) -> str:
    """Migrate a SQLite database; refuse a PostgreSQL one whose schema is behind."""
    engine = make_engine(settings.database_url)
    try:
        await ping_database(engine)
        if settings.is_sqlite:
            status = await migrate.upgrade(engine)
        else:
            status = await migrate.schema_status(engine)
            if not status.up_to_date:
                raise ConfigError(
                    f"the database schema is at {status.current or 'nothing'}, kefu needs "
                    f"{status.head}: run `kefu migrate` first"
                )
        return status.head
    finally:
        await engine.dispose()


@app.command()
def run(
    webhook: bool = typer.Option(False, "--webhook", help="Serve Telegram's webhook."),
) -> None:
    """Run the bot (long polling, or --webhook)."""
    settings = settings_or_exit()
    redactor = redactor_for(settings)
    try:
        settings.token()
        revision = run_async(lambda: prepare_database(settings))
    except (ConfigError, ServiceUnavailable) as exc:
        fail(str(exc), redactor=redactor)
    mode = "webhook" if webhook else "long polling"
    typer.echo(
        f"kefu: database at revision {revision}; would start the {settings.runtime} runtime "
        f"with {mode} against {settings.telegram_api_url} (the runtime is not built yet)"
    )


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


@app.command()
def check() -> None:
    """Validate config, locales and services; name each problem."""
    settings = settings_or_exit()
    problems: list[str] = []
    try:
        settings.token()
    except ConfigError as exc:
        problems.append(str(exc))
    problems += [str(p) for p in Translator().check()]

    async def services() -> list[str]:
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
        return found

    problems += run_async(services)
    redactor = redactor_for(settings)
    for problem in problems:
        typer.echo(f"problem: {redactor(problem)}", err=True)
    if problems:
        raise typer.Exit(EXIT_PROBLEMS)
    typer.echo("kefu: configuration, locales and services are fine")


def main() -> None:
    """Console entry point."""
    app(prog_name="kefu")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
