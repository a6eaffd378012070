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

from tests.services import unavailable

ADDRESS = re.compile(r"http://127\.0\.0\.1:\d+/")


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
async def sandbox_process(cwd: Path) -> AsyncIterator[str]:
    """`kefu sandbox --port 0` started in ``cwd``: the address it prints; stopped by
    Ctrl-C (SIGINT) at the end, as a person stops it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KEFU_", "PTB_"))}
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
        stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stdout is not None
    try:
        async with asyncio.timeout(30):
            line = (await proc.stdout.readline()).decode()
        found = ADDRESS.search(line)
        assert found, f"kefu sandbox printed {line!r}, not its address"
        yield found.group()
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(proc.wait(), 20)
            except TimeoutError:
                proc.kill()
                await proc.wait()
