"""The Bot API double in a child process (``bench.double_process``), seen from the
benchmark: its address for the bot, and the phases its users play, asked for by name."""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any, Self

START_TIMEOUT = 60.0  # the child imports the double and binds a port
LINE_LIMIT = 64 * 1024 * 1024  # a phase's answer carries one latency per text


class DoubleProcess:
    """``python -m bench.double_process`` as an async context manager; ``token`` and
    ``base_url`` are the double's, for the bot under measurement."""

    module = "bench.double_process"  # the child: a subclass may run another one

    def __init__(self) -> None:
        self._proc: asyncio.subprocess.Process | None = None
        self.token = ""
        self.base_url = ""

    async def __aenter__(self) -> Self:
        self._proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", self.module,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, limit=LINE_LIMIT,
        )  # fmt: skip
        address = await asyncio.wait_for(self._read(), START_TIMEOUT)
        self.token, self.base_url = address["token"], address["base_url"]
        return self

    async def __aexit__(self, *exc: object) -> None:
        proc = self._proc
        if proc is None or proc.returncode is not None:
            return
        try:
            self._write({"do": "stop"})
            await asyncio.wait_for(proc.wait(), 10)
        except (TimeoutError, ConnectionError):
            proc.kill()
            await proc.wait()

    async def command(self, do: str, **args: Any) -> dict[str, Any]:
        """Have the child do ``do`` with ``args``; its answer. RuntimeError if it failed."""
        self._write({"do": do, **args})
        answer = await self._read()
        if "error" in answer:
            raise RuntimeError(f"the double's process failed at {do}: {answer['error']}")
        return answer

    def _write(self, message: dict[str, Any]) -> None:
        assert self._proc is not None
        assert self._proc.stdin is not None
        self._proc.stdin.write((json.dumps(message) + "\n").encode())

    async def _read(self) -> dict[str, Any]:
        assert self._proc is not None
        assert self._proc.stdout is not None
        line = await self._proc.stdout.readline()
        if not line:
            code = await self._proc.wait()
            raise RuntimeError(f"the double's process ended (exit code {code})")
        return json.loads(line)
