"""The `kefu` command as an operator meets it: exit codes, one-line errors, no secrets."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from bot.storage import migrate

TOKEN = "123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0"


def kefu(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KEFU_")}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "Traceback" not in lines[0]
    return lines[0]


def test_run_without_token_says_so_and_exits_2(tmp_path: Path) -> None:
    result = kefu(tmp_path, "run")
    assert result.returncode == 2
    assert "KEFU_BOT_TOKEN is not set" in one_line(result)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("KEFU_DATABASE_URL", "nonsense"),
        ("KEFU_DATABASE_URL", "mysql://root@localhost/kefu"),
        ("KEFU_TELEGRAM_API_URL", "not a url"),
        ("KEFU_AGENT_CHAT_ID", "agents"),
        ("KEFU_ADMIN_IDS", "1,two"),
        ("KEFU_DEFAULT_LOCALE", "fr"),
        ("KEFU_TIMEZONE", "Mars/Olympus"),
        ("KEFU_REDIS_URL", "http://localhost"),
        ("KEFU_RUNTIME", "telethon"),
        ("KEFU_WEBHOOK_SECRET", "has spaces"),
    ],
)
def test_malformed_value_names_the_variable(tmp_path: Path, variable: str, value: str) -> None:
    result = kefu(tmp_path, "run", KEFU_BOT_TOKEN=TOKEN, **{variable: value})
    assert result.returncode == 2
    line = one_line(result)
    assert variable in line
    assert TOKEN not in line


def test_malformed_token_is_never_echoed(tmp_path: Path) -> None:
    bad = "123456789:short"
    result = kefu(tmp_path, "run", KEFU_BOT_TOKEN=bad)
    assert result.returncode == 2
    line = one_line(result)
    assert "KEFU_BOT_TOKEN" in line and "short" not in line


def test_check_passes_with_only_a_token(tmp_path: Path, bot_api_for: Callable[[str], str]) -> None:
    api = bot_api_for(TOKEN)  # check asks the Bot API getMe
    result = kefu(tmp_path, "check", KEFU_BOT_TOKEN=TOKEN, KEFU_TELEGRAM_API_URL=api)
    assert result.returncode == 0, result.stderr
    assert "token works (@kefu_test_bot)" in result.stdout
    assert TOKEN not in result.stdout + result.stderr


def test_check_names_each_problem(tmp_path: Path) -> None:
    result = kefu(tmp_path, "check", KEFU_REDIS_URL="redis://127.0.0.1:1/0")
    assert result.returncode == 1
    problems = [line for line in result.stderr.splitlines() if line.startswith("problem:")]
    assert len(problems) == 2
    assert "KEFU_BOT_TOKEN" in problems[0] and "Redis" in problems[1]


def test_settings_come_from_a_dotenv_file(
    tmp_path: Path, bot_api_for: Callable[[str], str]
) -> None:
    api = f"KEFU_TELEGRAM_API_URL={bot_api_for(TOKEN)}\n"
    (tmp_path / ".env").write_text(f"KEFU_BOT_TOKEN={TOKEN}\nKEFU_TIMEZONE=Asia/Shanghai\n{api}")
    assert kefu(tmp_path, "check").returncode == 0
    (tmp_path / ".env").write_text(f"KEFU_BOT_TOKEN={TOKEN}\nKEFU_TIMEZONE=Nowhere/Else\n")
    result = kefu(tmp_path, "check")
    assert result.returncode == 2 and "KEFU_TIMEZONE" in one_line(result)


NEWEST = ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()


def test_kefus_head_is_alembics_newest_revision() -> None:
    # a start on a current schema compares with HEAD, without Alembic
    assert migrate.HEAD == NEWEST


def test_migrate_creates_the_sqlite_schema(tmp_path: Path) -> None:
    result = kefu(tmp_path, "migrate")
    assert result.returncode == 0, result.stderr
    assert f"revision {NEWEST} (newest)" in result.stdout
    assert (tmp_path / "data" / "kefu.db").is_file()


def test_migrate_and_run_on_postgres(tmp_path: Path, postgres_url: str) -> None:
    behind = kefu(tmp_path, "run", KEFU_BOT_TOKEN=TOKEN, KEFU_DATABASE_URL=postgres_url)
    assert behind.returncode == 2
    assert "run `kefu migrate`" in one_line(behind)
    migrated = kefu(tmp_path, "migrate", KEFU_DATABASE_URL=postgres_url)
    assert migrated.returncode == 0, migrated.stderr
    assert f"revision {NEWEST} (newest)" in migrated.stdout


def test_unreachable_database_is_one_line(tmp_path: Path) -> None:
    url = "postgresql://kefu:hunter2@127.0.0.1:1/kefu"
    result = kefu(tmp_path, "migrate", KEFU_DATABASE_URL=url)
    assert result.returncode == 1
    line = one_line(result)
    assert "cannot reach the database" in line and "hunter2" not in line
