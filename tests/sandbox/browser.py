"""What the sandbox's browser tests share: `kefu sandbox` as a process, and headless
Chromium (Debian's, driven by the playwright package, never one it downloads).

Without Chromium or playwright a test is skipped on a laptop, with the reason, and fails
in CI (KEFU_REQUIRE_SERVICES=1), as the service tests do.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from tests.services import unavailable

ADDRESS = re.compile(r"http://127\.0\.0\.1:\d+/")
WAIT = 15_000  # ms: kefu answers in well under a second; a loaded CI machine is slower
# s: `kefu sandbox` starts in a few seconds; a loaded machine (2 cores, other jobs) is slower
STARTUP = 60


def chromium() -> str:
    """Chromium's executable: $KEFU_CHROMIUM, else Debian's chromium on the PATH."""
    found = os.environ.get("KEFU_CHROMIUM") or shutil.which("chromium")
    if not found or not Path(found).exists():
        where = f"no Chromium at {found}" if found else "no chromium on PATH"
        unavailable("Chromium", f"{where} (apt-get install chromium)")
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        unavailable("playwright", "the playwright package is not installed (pip install -e .[dev])")
    return str(found)


@contextlib.asynccontextmanager
async def sandbox_process(cwd: Path, runtime: str = "aiogram") -> AsyncIterator[str]:
    """`kefu sandbox --port 0` started in ``cwd`` on ``runtime`` (KEFU_RUNTIME): the address
    it prints; stopped by Ctrl-C (SIGINT) at the end, as a person stops it."""
    async with kefu_sandbox(cwd, runtime) as (_, address):
        yield address


@contextlib.asynccontextmanager
async def kefu_sandbox(
    cwd: Path, runtime: str = "aiogram"
) -> AsyncIterator[tuple[asyncio.subprocess.Process, str]]:
    """The `kefu sandbox` process and its address (see :func:`sandbox_process`). Its stderr
    goes to ``cwd``/kefu-sandbox.stderr, not a pipe: a pipe nobody reads fills, and a
    chatty kefu would then block on its next log line; the file's tail explains a failure."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KEFU_", "PTB_"))}
    env["KEFU_RUNTIME"] = runtime
    errors = cwd / "kefu-sandbox.stderr"
    with errors.open("wb") as stderr:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "sandbox",
            "--port",
            "0",
            cwd=cwd,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=stderr,
        )
    assert proc.stdout is not None
    try:
        line, waited = "", f"nothing in {STARTUP} s"
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(STARTUP):
                line = (await proc.stdout.readline()).decode()
                waited = f"{line!r}" if line else "nothing: it stopped"
        found = ADDRESS.search(line)
        assert found, (
            f"kefu sandbox printed {waited}, not its address; its stderr ends:\n{tail(errors)}"
        )
        yield proc, found.group()
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(proc.wait(), 20)
            except TimeoutError:
                proc.kill()
                await proc.wait()


def tail(path: Path, lines: int = 30) -> str:
    """The last ``lines`` lines of a process's output file."""
    if not path.exists():
        return "(nothing)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) or "(nothing)"


class Steps:
    """What a person does on the page and what they see, pane by pane (``user``, ``desk``
    or ``admin``); each look waits for the page's next snapshot, up to a deadline."""

    def __init__(self, page: Any) -> None:
        self.page = page

    async def shows(self, pane: str, text: str, timeout: float = WAIT) -> None:  # noqa: ASYNC109
        from playwright.async_api import expect

        found = self.page.locator(f"#{pane} .chat .msg", has_text=text).last
        await expect(found).to_be_visible(timeout=timeout)

    def messages(self, pane: str, text: str) -> Any:
        """The pane's messages holding ``text`` (a locator, to count)."""
        return self.page.locator(f"#{pane} .chat .msg", has_text=text)

    async def count(self, pane: str) -> int:
        """How many messages the pane's chat shows now (a ``since`` for :meth:`press`)."""
        return await self.page.locator(f"#{pane} .chat > .row").count()

    async def press(self, pane: str, label: str, since: int | None = None) -> None:
        """The newest inline button with ``label`` in the pane's chat; with ``since`` (a
        :meth:`count` taken before the action that brings it), only on a message after
        those: it waits for that message, where an older one has the same label and the
        newest with it would otherwise be the old one until the new one is drawn."""
        rows = f"#{pane} .chat > .row"
        if since is not None:
            rows += f":nth-child(n+{since + 1})"
        await self.page.locator(f"{rows} .ib", has_text=label).last.click()

    async def type_(self, pane: str, text: str) -> None:
        box = self.page.locator(f"#{pane} .composer input[name=text]")
        await box.fill(text)
        await box.press("Enter")

    async def command(self, pane: str, command: str) -> None:
        """``/command`` picked from the pane's command menu (the "/" button), as kefu set it."""
        await self.page.locator(f"#{pane} .menu-button").click()
        await self.page.locator(f"#{pane} .menu .cmd", has_text=f"/{command}").first.click()


@contextlib.asynccontextmanager
async def sandbox_page(cwd: Path, runtime: str = "aiogram") -> AsyncIterator[tuple[Any, list[str]]]:
    """`kefu sandbox` in ``cwd`` on ``runtime`` and its page, live, in headless Chromium: the
    page and the script errors it raised (the caller checks none did)."""
    chromium()  # before starting kefu: skipped or failed at once without it
    async with sandbox_process(cwd, runtime) as address, page_at(address) as opened:
        yield opened


@contextlib.asynccontextmanager
async def page_at(address: str) -> AsyncIterator[tuple[Any, list[str]]]:
    """The sandbox page at ``address``, live, in headless Chromium: the page and the
    script errors it raised (the caller checks none did)."""
    executable = chromium()
    from playwright.async_api import async_playwright, expect

    expect.set_options(timeout=WAIT)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            page = await browser.new_page(viewport={"width": 1440, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            await page.goto(address)
            await expect(page.locator("#status")).to_have_text("live")
            yield page, errors
        finally:
            await browser.close()
