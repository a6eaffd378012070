"""Webhook delivery to a small aiohttp server in the test: secret header, order, retries."""

from __future__ import annotations

import json
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

from bot.telegram.double import BotApiDouble
from bot.telegram.double.world import Notifier
from tests.telegram.double.conftest import RawCall


@dataclass
class Receiver:
    """A webhook endpoint: records what arrives, answers with scripted statuses."""

    url: str = ""
    received: list[tuple[str | None, dict[str, Any]]] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)  # answers to give first, then 200
    reply: dict[str, Any] | None = None
    changed: Notifier = field(default_factory=Notifier)

    async def handle(self, request: web.Request) -> web.Response:
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        self.received.append((secret, await request.json()))
        self.changed.notify()
        status = self.statuses.pop(0) if self.statuses else 200
        if status == 200 and self.reply is not None:
            body, self.reply = self.reply, None
            return web.json_response(body)
        return web.Response(status=status, text="nope" if status != 200 else "")

    async def wait(self, count: int) -> None:
        done = await self.changed.wait_until(lambda: len(self.received) >= count, 5)
        assert done, f"webhook got {len(self.received)} of {count} updates"


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    target = Receiver()
    app = web.Application()
    app.router.add_post("/hook", target.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    target.url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    yield target
    await runner.cleanup()


async def test_updates_are_posted_in_order_with_the_secret(
    api: RawCall, double: BotApiDouble, receiver: Receiver
) -> None:
    status, body = await api("setWebhook", url=receiver.url, secret_token="s3cr3t_-X")
    assert (status, body["result"], body["description"]) == (200, True, "Webhook was set")
    user = double.driver.private_user(1, "A")
    for text in ("one", "two", "three"):
        await user.send_text(text)
    await receiver.wait(3)
    assert [secret for secret, _ in receiver.received] == ["s3cr3t_-X"] * 3
    assert [u["message"]["text"] for _, u in receiver.received] == ["one", "two", "three"]
    status, body = await api("getUpdates")
    assert status == 409
    assert body["description"] == (
        "Conflict: can't use getUpdates method while webhook is active; "
        "use deleteWebhook to delete the webhook first"
    )


async def test_a_failing_webhook_is_retried_and_reported(
    api: RawCall, double: BotApiDouble, receiver: Receiver
) -> None:
    receiver.statuses = [500, 502]
    await api("setWebhook", url=receiver.url)
    await double.driver.private_user(1, "A").send_text("persist")
    await receiver.wait(3)
    settled = await double.webhook.changed.wait_until(lambda: len(double.webhook.attempts) == 3, 5)
    assert settled
    ids = [u["update_id"] for _, u in receiver.received]
    assert len(set(ids)) == 1  # the same update three times, nothing skipped
    assert [a.status for a in double.webhook.attempts] == [500, 502, 200]
    _, body = await api("getWebhookInfo")
    info = body["result"]
    assert info["url"] == receiver.url
    assert info["pending_update_count"] == 0
    assert info["last_error_message"] == "Wrong response from the webhook: 502 Bad Gateway"
    assert info["last_error_date"] == int(double.clock.now().timestamp())


def _closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_connection_errors_are_reported(api: RawCall, double: BotApiDouble) -> None:
    await api("setWebhook", url=f"http://127.0.0.1:{_closed_port()}/hook")
    await double.driver.private_user(1, "A").send_text("x")
    seen = await double.webhook.changed.wait_until(lambda: double.webhook.attempts, 5)
    assert seen
    _, body = await api("getWebhookInfo")
    assert body["result"]["last_error_message"] == "Connection refused"
    assert body["result"]["pending_update_count"] == 1
    status, body = await api("deleteWebhook", drop_pending_updates=True)
    assert (status, body["description"]) == (200, "Webhook was deleted")
    assert (await api("getUpdates"))[1]["result"] == []


async def test_a_method_in_the_webhook_reply_is_executed(
    api: RawCall, double: BotApiDouble, receiver: Receiver
) -> None:
    user = double.driver.private_user(1, "A")
    receiver.reply = {"method": "sendMessage", "chat_id": 1, "text": "answered inline"}
    await api("setWebhook", url=receiver.url)
    await user.send_text("hi")
    reply = await user.next_message()
    assert reply.text == "answered inline"
    assert double.log.calls("sendMessage")[0].via == "webhook-reply"


async def test_set_webhook_validates_and_drops(api: RawCall, double: BotApiDouble) -> None:
    await double.driver.private_user(1, "A").send_text("old")
    _, body = await api("setWebhook", url="http://127.0.0.1:9/x", secret_token="no spaces")
    assert body["description"] == "Bad Request: secret token contains unallowed characters"
    await api("setWebhook", url="http://127.0.0.1:9/x", drop_pending_updates=True)
    assert double.updates.pending_count == 0
    await api("deleteWebhook")
    _, body = await api("getWebhookInfo")
    assert json.dumps(body["result"]) == json.dumps(
        {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
    )
