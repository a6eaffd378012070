"""Ctrl-C stops `kefu sandbox` at once with its page still open: the server closes the
page's WebSocket rather than waiting for the page to go (aiohttp would wait up to its
shutdown timeout for the stream's handler). No browser needed: an aiohttp client is the
page. The sandbox keeps its own database, not `kefu try`'s: the two may run at once."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import aiohttp

from tests.sandbox.browser import kefu_sandbox, tail

PROMPT = 10  # s: generous for a loaded machine; before the fix a Ctrl-C took ~30 s and more


async def test_ctrl_c_with_a_page_open_stops_the_sandbox_promptly(tmp_path: Path) -> None:
    async with (
        kefu_sandbox(tmp_path) as (proc, address),
        aiohttp.ClientSession() as session,
        session.ws_connect(f"{address}ws") as ws,
    ):
        assert (await ws.receive_str(timeout=30)).startswith("{")  # the page is live
        proc.send_signal(signal.SIGINT)
        try:
            async with asyncio.timeout(PROMPT):
                code = await proc.wait()
        except TimeoutError:
            raise AssertionError(
                f"kefu sandbox still running {PROMPT} s after Ctrl-C; its stderr ends:\n"
                f"{tail(tmp_path / 'kefu-sandbox.stderr')}"
            ) from None
        assert code == 0, tail(tmp_path / "kefu-sandbox.stderr")
        # The server said goodbye on the socket, as it stopped.
        closing = await ws.receive(timeout=5)
        assert closing.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED), closing
    assert (tmp_path / "data" / "kefu-sandbox.db").is_file()
    assert not (tmp_path / "data" / "kefu-try.db").exists()
