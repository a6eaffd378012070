"""What a kefu process imports it must need: the messaging library configured and not the
other one, Redis only when it is configured, no numpy, Alembic only to migrate, no
pkg_resources, rich only to print a table, no stopword lists or stemmers of languages kefu
does not search. Each import costs resident memory for the life of the process (aiogram with
its types built at import about 155 MiB, Alembic 9, pkg_resources 6.5, Redis's client 6,
numpy 12, snowballstemmer's pure-Python stemmers 3.3, stopwordsiso 2.4, rich 1.5)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("aiogram", "telegram", "redis", "numpy", "rank_bm25", "alembic", "pkg_resources",
         "rich", "snowballstemmer", "stopwordsiso")  # fmt: skip


def imported_after(code: str) -> set[str]:
    """Which of HEAVY a fresh interpreter has imported after running ``code``."""
    heavy = f"sorted(m for m in {HEAVY!r} if m in sys.modules)"
    probe = f"{code}\nimport json, sys\nprint(json.dumps({heavy}))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


# httpx (python-telegram-bot's HTTP client) imports rich for its own command line whenever
# click is installed, which typer needs: on that runtime rich comes with the library.
@pytest.mark.parametrize(
    ("runtime", "library"), [("aiogram", {"aiogram"}), ("ptb", {"telegram", "rich"})]
)
def test_a_kefu_without_redis_imports_its_library_and_nothing_else_heavy(
    runtime: str, library: set[str], tmp_path: Path
) -> None:
    database = f"sqlite+aiosqlite:///{tmp_path}/kefu.db"
    migrated = f"""
import asyncio
from bot.storage import migrate
from bot.storage.database import make_engine
asyncio.run(migrate.upgrade(make_engine({database!r})))
"""
    # a schema already current, as on every start but the first: Alembic stays unimported
    assert "alembic" in imported_after(migrated)
    code = f"""
import asyncio
import bot.cli  # `kefu run` imports every command's module
from bot.config import Settings
from bot.composition import assembled
from dialogs.kb.search import KbIndex

settings = Settings(_env_file=None, bot_token="123456:" + "A" * 35, runtime={runtime!r},
                    database_url={database!r}, redis_url=None)

async def main():
    async with assembled(settings):  # the app built on the runtime chosen
        pass

asyncio.run(main())
"""
    assert imported_after(code) == library
