"""Steps the order scenarios share: the demo shop of a running kefu, and a top-up report
filed about an order."""

from __future__ import annotations

from bot.app.demo_backend import DemoOrderBackend
from bot.telegram.double import PrivateUser
from tests.scenario.desk_harness import TICKET_ID
from tests.scenario.harness import Running


def shop(kefu: Running) -> DemoOrderBackend:
    backend = kefu.app.shop.backend
    assert isinstance(backend, DemoOrderBackend)
    return backend


async def open_top_up(user: PrivateUser) -> None:
    """A top-up report opened: its first question (the order number) is on screen."""
    await user.send_command("start")
    await user.next_message(timeout=10)
    await user.press("Top-up not received")
    await user.next_message(timeout=10)


async def finish_top_up(user: PrivateUser, channel: str = "Alipay") -> str:
    """The rest of a top-up report after its order number, filed: its ticket's id."""
    await user.press(channel)
    await user.next_message(timeout=10)
    await user.send_text("50")
    await user.next_message(timeout=10)
    await user.send_text("10 minutes ago")
    await user.next_message(timeout=10)
    await user.press("I don't have one")
    await user.next_message(timeout=10)
    await user.press("Submit")
    filed = await user.next_message(timeout=10)
    (public_id,) = TICKET_ID.findall(filed.text)
    return public_id


async def file_top_up(user: PrivateUser, number: str, channel: str = "Alipay") -> str:
    """A top-up report about order ``number`` paid through ``channel``, filed: its
    ticket's public id."""
    await open_top_up(user)
    await user.send_text(number)
    await user.next_message(timeout=10)
    return await finish_top_up(user, channel)
