"""`kefu desk move` and `kefu desk moves`: an agents' group replaced by another (Telegram
archives very old topics in groups past about a million messages, or the group is simply
replaced). New tickets go to the new group at once; an open ticket's topic is made there,
card and all, when the ticket next has a message (bot.app.desk_groups)."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.cli_desk import fail, read_settings, run_on_database
from bot.storage import desk_settings
from bot.storage.database import make_sessionmaker
from bot.support.clock import SystemClock

desk_app = typer.Typer(
    help="The agents' groups: move one to another.", no_args_is_help=True, rich_markup_mode=None
)


# A group's id is negative: "-1001234567890" must read as a number, not an option.
@desk_app.command("move", context_settings={"ignore_unknown_options": True})
def move(
    new: Annotated[int, typer.Argument(help="the new group's chat id, like -1001234567890")],
    old: Annotated[
        int | None,
        typer.Option("--from", help="the group moved away from (default: KEFU_AGENT_CHAT_ID)"),
    ] = None,
) -> None:
    """Send the tickets of a group to another one from now on."""
    settings = read_settings()
    old = old if old is not None else settings.agent_chat_id
    if old is None:
        fail("which group moves? KEFU_AGENT_CHAT_ID is not set: give --from OLD_CHAT_ID")
    if new >= 0 or old >= 0:
        fail("a group's chat id is negative, like -1001234567890 (a user's is not a group)")
    if new == old:
        fail(f"the group {old} cannot move to itself")

    async def record(engine: AsyncEngine) -> dict[int, int]:
        async with make_sessionmaker(engine).begin() as session:
            return await desk_settings.add_move(session, old, new, SystemClock().now())

    moves = run_on_database(settings, record)
    typer.echo(
        f"The agents' group {old} moves to {new}: new tickets go there now, and each open "
        "ticket's topic is made there when the ticket next has a message. Make the bot an "
        "admin of the new group (topics on) if it is not already."
    )
    _show(moves)


@desk_app.command("moves")
def moves() -> None:
    """The groups moved so far."""
    settings = read_settings()

    async def read(engine: AsyncEngine) -> dict[int, int]:
        async with make_sessionmaker(engine)() as session:
            return await desk_settings.moves(session)

    _show(run_on_database(settings, read))


def _show(found: dict[int, int]) -> None:
    if not found:
        typer.echo("No group has moved.")
    for old, new in sorted(found.items()):
        typer.echo(f"{old} -> {new}")
