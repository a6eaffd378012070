"""`kefu demo orders|link|channel`: the embedded demo shop's state, read and changed in the
configured database (KEFU_DATABASE_URL), so a running kefu sees the change at once.

Like `kefu stats`, they refuse a schema that is behind (run `kefu migrate` first); the
shop seeds itself on first use.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app.demo_backend import DemoOrderBackend
from bot.cli_desk import fail, read_settings, run_on_database
from bot.config_values import parse_duration
from bot.storage.database import make_sessionmaker
from bot.storage.demo_orders import UnknownAccount, UnknownChannel
from bot.support.clock import SystemClock
from dialogs.ports.orders import ChannelHealth, ChannelState, Order
from integrations.demo.rules import USUAL_ARRIVAL

demo_app = typer.Typer(
    help="The embedded demo shop: its orders, account links and payment channels.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _backend(engine: AsyncEngine) -> DemoOrderBackend:
    return DemoOrderBackend(make_sessionmaker(engine), SystemClock())


def _as_json(order: Order) -> dict[str, str | None]:
    # The amount as text: a JSON number would be a float and could lose its decimals.
    return {
        "number": order.number,
        "account": order.account,
        "status": order.status.value,
        "channel": order.channel,
        "amount": str(order.amount),
        "currency": order.currency,
        "product": order.product,
        "kind": order.kind,
        "created_at": order.created_at.isoformat(),
        "paid_at": order.paid_at.isoformat() if order.paid_at else None,
        "delivered_at": order.delivered_at.isoformat() if order.delivered_at else None,
    }


@demo_app.command()
def orders(
    as_json: bool = typer.Option(False, "--json", help="Print JSON, for scripts."),
) -> None:
    """Every order of the demo shop."""
    settings = read_settings()

    async def work(engine: AsyncEngine) -> list[Order]:
        return await _backend(engine).everything()

    found = run_on_database(settings, work)
    if as_json:
        typer.echo(json.dumps([_as_json(o) for o in found], ensure_ascii=False, indent=2))
        return
    # rich only to print (`kefu run` imports this module too: rich costs it about 1.5 MiB)
    from rich.console import Console
    from rich.table import Table

    table = Table("number", "account", "status", "channel", "amount", "product")
    for o in found:
        table.add_row(
            o.number, o.account, o.status.value, o.channel, f"{o.amount} {o.currency}", o.product
        )
    Console().print(table)


@demo_app.command()
def link(
    telegram_user_id: Annotated[int, typer.Argument(help="The Telegram user's id.")],
    account: Annotated[str, typer.Argument(help="A demo account, e.g. lin.wei.")],
) -> None:
    """Link a Telegram user to a demo account: its orders are theirs from now on."""
    settings = read_settings()

    async def work(engine: AsyncEngine) -> list[str] | None:
        backend = _backend(engine)
        try:
            await backend.link(telegram_user_id, account)
        except UnknownAccount:
            return await backend.accounts()
        return None

    unknown = run_on_database(settings, work)
    if unknown is not None:
        fail(f"no demo account {account!r} (there are: {', '.join(unknown)})")
    typer.echo(f"Telegram user {telegram_user_id} is linked to {account}.")


@demo_app.command()
def channel(
    name: Annotated[str, typer.Argument(metavar="CHANNEL", help="alipay, wechat, ...")],
    state: Annotated[str, typer.Argument(metavar="STATE", help="ok, degraded or down.")],
    eta: Annotated[
        str | None,
        typer.Option(help="When it should recover, from now: 30m, 2h (not with ok)."),
    ] = None,
) -> None:
    """Change a demo payment channel's health."""
    channels = ", ".join(USUAL_ARRIVAL)
    if name not in USUAL_ARRIVAL:
        fail(f"no demo channel {name!r} (there are: {channels})")
    try:
        chosen = ChannelState(state)
    except ValueError:
        fail(f"state {state!r}: use ok, degraded or down")
    try:
        delay = parse_duration(eta) if eta is not None else None
    except ValueError as exc:
        fail(f"--eta {eta}: {exc}")
    if delay is not None and chosen is ChannelState.OK:
        fail("--eta is for a channel that is degraded or down")
    settings = read_settings()

    async def work(engine: AsyncEngine) -> ChannelHealth:
        try:
            return await _backend(engine).set_channel(name, chosen, delay)
        except UnknownChannel:
            fail(f"no demo channel {name!r} (there are: {channels})")

    health = run_on_database(settings, work)
    recovery = (
        f", expected back at {health.expected_recovery:%Y-%m-%d %H:%M} UTC"
        if health.expected_recovery
        else ""
    )
    typer.echo(
        f"{health.channel} is {health.state.value}: arrives in {health.average_arrival_seconds}s"
        f" on average, {health.queue_length} queued,"
        f" {health.share_delayed:.0%} delayed{recovery}."
    )
