"""The page's reply keyboard, in headless Chromium, with the sandbox in this process. kefu's
own dialogs send none (their buttons are inline); a bot may, and the page draws it as
Telegram's clients do: so here the bot's token sends one through the double's Bot API, the
user taps a key, its text reaches kefu as the user's message and kefu answers; a message
removing the keyboard takes it away."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiohttp

from bot.config import Settings
from bot.sandbox.web.server import running_sandbox
from tests.sandbox.browser import Steps, chromium, page_at


async def bot_says(double: Any, chat_id: int, text: str, markup: dict[str, Any]) -> None:
    """sendMessage with the bot's token, as any program holding it could."""
    url = f"{double.base_url}/bot{double.token}/sendMessage"
    body = {"chat_id": chat_id, "text": text, "reply_markup": markup}
    async with aiohttp.ClientSession() as session, session.post(url, json=body) as answer:
        assert (await answer.json())["ok"]


async def test_a_reply_keyboard_is_drawn_tapped_and_removed(tmp_path: Path) -> None:
    from playwright.async_api import expect

    chromium()  # skipped or failed before starting anything, without it
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    url = f"sqlite+aiosqlite:///{tmp_path / 'sandbox.db'}"
    async with running_sandbox(settings, "127.0.0.1", 0, database_url=url) as (address, stage, _):
        lin = stage.users[min(stage.users)]
        async with page_at(address) as (page, errors):
            steps = Steps(page)
            await steps.shows("user", "Hello, Lin!")
            keys = {"keyboard": [[{"text": "/order"}, {"text": "/notices"}]]}
            await bot_says(stage.double, lin.chat.id, "Shortcuts below", keys)
            await page.locator("#user .keyboard .rk", has_text="/order").click()
            # The key's text, sent as Lin's own message, and kefu's answer to it.
            await expect(page.locator("#user .chat .msg.mine", has_text="/order")).to_have_count(1)
            await steps.shows("user", "Your recent orders")
            await bot_says(stage.double, lin.chat.id, "Done", {"remove_keyboard": True})
            await expect(page.locator("#user .keyboard .rk")).to_have_count(0)
        assert not errors, errors
