"""kefu as the crash drill's child process: started with the double's address, its
serving time summed over its lives, SIGKILLed, stopped."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from pathlib import Path

from bench.drill_config import DESK_CHAT, TUNING_FILE, WEBHOOK_SECRET, DrillConfig
from bot.telegram.double import BotApiDouble
from bot.telegram.double.world import Notifier


def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Uptime:
    """Seconds kefu has been serving, summed over its lives: the users' reply deadlines run
    on it, so that a kill and the restart after it do not use up a user's patience."""

    def __init__(self) -> None:
        self._total = 0.0
        self._since: float | None = None
        self.changed = Notifier()  # wakes the kill loop when kefu comes up

    def up(self) -> None:
        self._since = time.monotonic()
        self.changed.notify()

    def down(self) -> None:
        if self._since is not None:
            self._total += time.monotonic() - self._since
            self._since = None

    def now(self) -> float:
        running = time.monotonic() - self._since if self._since is not None else 0.0
        return self._total + running

    def this_life(self) -> float:
        """Seconds since kefu last came up (0 while it is down)."""
        return time.monotonic() - self._since if self._since is not None else 0.0


class KefuProcess:
    """``kefu run`` as a child process against the double; started, SIGKILLed, started
    again, on one database file. Each life's output goes to ``kefu-<n>.log`` in the folder."""

    def __init__(
        self,
        double: BotApiDouble,
        folder: Path,
        config: DrillConfig,
        index: int = 0,
        webhook_url: str | None = None,
    ) -> None:
        """``index``: which of several instances (its logs are named so); ``webhook_url``:
        the address Telegram is given (a balancer's), if not this instance's own."""
        self.double = double
        self.folder = folder
        self.config = config
        self.index = index
        self.database = folder / "kefu.db"
        self.lives = 0
        self._proc: asyncio.subprocess.Process | None = None
        self._port = free_port() if config.mode == "webhook" else 0  # one URL for all lives
        self.url = f"http://127.0.0.1:{self._port}/kefu/webhook"
        self.webhook_url = webhook_url or self.url

    def env(self) -> dict[str, str]:
        # The caller's KEFU_ settings (or a .env: the child runs in the temporary folder)
        # must not leak into the drill.
        env = {k: v for k, v in os.environ.items() if not k.startswith(("KEFU_", "PTB_"))}
        env.update(
            KEFU_RUNTIME=self.config.runtime,
            KEFU_BOT_TOKEN=self.double.token,
            KEFU_TELEGRAM_API_URL=self.double.base_url,
            KEFU_DATABASE_URL=self.config.database_url or f"sqlite+aiosqlite:///{self.database}",
            KEFU_POLL_TIMEOUT=str(self.config.poll_timeout),
        )
        if self.config.redis_url:
            env["KEFU_REDIS_URL"] = self.config.redis_url
        if self.config.desk:
            env["KEFU_AGENT_CHAT_ID"] = str(DESK_CHAT)
        if (self.folder / TUNING_FILE).exists():
            env["KEFU_TUNING"] = str(self.folder / TUNING_FILE)
        if self.config.kefu_source is not None:
            paths = [str(self.config.kefu_source.resolve()), env.get("PYTHONPATH", "")]
            env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
        if self.config.mode == "webhook":
            env.update(
                KEFU_WEBHOOK_URL=self.webhook_url,
                KEFU_WEBHOOK_SECRET=WEBHOOK_SECRET,
                KEFU_WEBHOOK_LISTEN=f"127.0.0.1:{self._port}",
            )
        return env

    @property
    def log_path(self) -> Path:
        name = (
            f"kefu-{self.index}-{self.lives}" if self.config.instances > 1 else f"kefu-{self.lives}"
        )
        return self.folder / f"{name}.log"

    async def start(self) -> float:
        """Spawn a new life and wait until it serves (polls, or has set its webhook);
        the seconds that took. RuntimeError, with the log's tail, if it does not."""
        self.lives += 1
        args = ["run", "--webhook"] if self.config.mode == "webhook" else ["run"]
        mark = len(self.double.log.entries)  # calls from here on are this life's
        started = time.monotonic()
        with self.log_path.open("wb") as log:
            self._proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", *args,
                cwd=self.folder, env=self.env(), stdin=asyncio.subprocess.DEVNULL,
                stdout=log, stderr=asyncio.subprocess.STDOUT,
            )  # fmt: skip
        ready = "setWebhook" if self.config.mode == "webhook" else "getUpdates"

        def serving() -> bool:
            # A getUpdates is logged when it begins (a long poll finishes much later); a
            # setWebhook once answered, as the double delivers from then on.
            calls = self.double.log.entries[mark:]
            if ready == "getUpdates":
                return any(c.method == ready for c in calls)
            return any(c.method == ready and c.done and c.ok for c in calls)

        deadline = started + self.config.start_timeout
        while not serving():
            if self._proc.returncode is not None:
                raise RuntimeError(f"kefu life {self.lives} exited with {self._proc.returncode}"
                                   f" before serving: {self.tail()}")  # fmt: skip
            if time.monotonic() > deadline:
                raise RuntimeError(f"kefu life {self.lives} did not serve within "
                                   f"{self.config.start_timeout} s: {self.tail()}")  # fmt: skip
            # Re-checked on every call and at least every 50 ms: a begun poll notifies nothing.
            await self.double.log.changed.wait_until(serving, 0.05)
        return time.monotonic() - started

    async def migrate(self) -> None:
        """``kefu migrate`` on the drill's database (PostgreSQL is not migrated by run)."""
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "migrate",
            cwd=self.folder, env=self.env(), stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        out, _ = await proc.communicate()
        if proc.returncode != 0:
            raise RuntimeError(f"kefu migrate failed: {out.decode(errors='replace')[-2000:]}")

    async def kill(self) -> None:
        """SIGKILL: no handler runs, nothing is flushed or confirmed."""
        proc = self._proc
        if proc is None or proc.returncode is not None:
            raise RuntimeError(f"kefu life {self.lives} was not running: {self.tail()}")
        proc.send_signal(signal.SIGKILL)
        await proc.wait()

    async def stop(self, timeout: float = 20.0) -> int | None:  # noqa: ASYNC109
        """SIGTERM (kefu's clean stop), SIGKILL if it takes longer than ``timeout``; the
        exit code of a clean stop, None if it had to be killed or was not running."""
        proc = self._proc
        if proc is None or proc.returncode is not None:
            return None
        proc.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(proc.wait(), timeout)
        except TimeoutError:
            proc.send_signal(signal.SIGKILL)
            await proc.wait()
            return None

    @property
    def alive(self) -> bool:
        return self._proc is not None and self._proc.returncode is None

    def tail(self, lines: int = 15) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:]) or "(empty log)"
