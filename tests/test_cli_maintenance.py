"""`kefu maintenance start|end|list` as an operator meets them: a window added (its id alone on
the last line, times read in KEFU_TIMEZONE), listed for people and as JSON, ended (a
one-off once, a recurring window only while on), and every bad input refused in one line
with exit code 2.

In-process (typer's CliRunner), as tests/test_cli_kb.py: no Python start-up per call; one
test runs the real `kefu` command."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from bot.cli import app
from tests import test_cli


@pytest.fixture(autouse=True)
def operator_shell(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """kefu as started from an empty folder (no .env) with no KEFU_ variable set."""
    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.startswith("KEFU_")]:
        monkeypatch.delenv(name)


def kefu(tmp_path: Path, *args: str, **env: str) -> Result:
    """`kefu ARGS` run in ``tmp_path`` (the database's folder)."""
    os.chdir(tmp_path)
    return CliRunner().invoke(app, list(args), env=env, prog_name="kefu")


def one_line(result: Result) -> str:
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert result.exception is None or isinstance(result.exception, SystemExit), lines
    return lines[0]


ZONE = "Asia/Shanghai"


def _env(tmp_path: Path) -> dict[str, str]:
    env = {
        "KEFU_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'kefu.db'}",
        "KEFU_TIMEZONE": ZONE,
    }
    assert kefu(tmp_path, "migrate", **env).exit_code == 0
    return env


def test_a_window_is_started_listed_and_ended(tmp_path: Path) -> None:
    env = _env(tmp_path)
    started = kefu(
        tmp_path,
        "maintenance",
        "start",
        "--scope",
        "channel:bank_card",
        "--message",
        "Bank card payments paused",
        "--message-zh-Hans",
        "银行卡支付暂停",
        "--from",
        "2030-01-01 02:00",
        "--until",
        "04:00",
        "--announce",
        **env,
    )
    assert started.exit_code == 0, started.stderr
    *said, last = started.stdout.splitlines()
    assert last == "1", "the id alone on the last line, for scripts"
    assert "2030-01-01 02:00 UTC+8 to 2030-01-01 04:00 UTC+8" in said[0]
    [window] = json.loads(kefu(tmp_path, "maintenance", "list", "--json", **env).stdout)
    assert window["id"] == 1 and window["state"] == "scheduled"
    assert window["scope"] == "channel:bank_card" and window["announce"] is True
    # Read in KEFU_TIMEZONE: 02:00 in Shanghai is 18:00 UTC the day before.
    assert window["start"] == "2029-12-31T18:00:00+00:00"
    assert window["end"] == "2029-12-31T20:00:00+00:00"
    assert window["messages"] == {
        "en": "Bank card payments paused",
        "zh-Hans": "银行卡支付暂停",
        "zh-Hant": "Bank card payments paused",
    }
    listed = kefu(tmp_path, "maintenance", "list", **env)
    assert listed.stdout.startswith("1 scheduled channel:bank_card from 2030-01-01 02:00")
    ended = kefu(tmp_path, "maintenance", "end", "1", **env)
    assert ended.exit_code == 0 and "cancelled: it had not begun" in ended.stdout
    again = kefu(tmp_path, "maintenance", "end", "1", **env)
    assert again.exit_code == 2 and "already ended" in one_line(again)
    [window] = json.loads(kefu(tmp_path, "maintenance", "list", "--json", **env).stdout)
    assert window["state"] == "ended" and window["ended_at"] is not None


def test_a_window_on_now_ends_and_tells_who_is_owed(tmp_path: Path) -> None:
    env = _env(tmp_path)
    started = kefu(
        tmp_path,
        "maintenance",
        "start",
        "--scope",
        "service",
        "--message",
        "Upgrade",
        "--until",
        "2h",
        **env,
    )
    assert started.exit_code == 0, started.stderr
    [window] = json.loads(kefu(tmp_path, "maintenance", "list", "--json", **env).stdout)
    assert window["state"] == "active" and window["current"] is not None
    ended = kefu(tmp_path, "maintenance", "end", started.stdout.split()[-1], **env)
    assert ended.exit_code == 0 and "are told the service is back" in ended.stdout


def test_a_recurring_window_keeps_its_rule_and_ends_only_while_on(tmp_path: Path) -> None:
    env = _env(tmp_path)
    started = kefu(
        tmp_path,
        "maintenance",
        "start",
        "--scope",
        "category:withdrawal",
        "--message",
        "Withdrawals paused",
        "--from",
        "2030-01-01 02:00",
        "--every",
        "FREQ=MONTHLY;BYMONTHDAY=1",
        "--duration",
        "120",
        "--until",
        "2030-06-30",
        **env,
    )
    assert started.exit_code == 0, started.stderr
    assert started.stdout.splitlines()[-1] == "1"
    [window] = json.loads(kefu(tmp_path, "maintenance", "list", "--json", **env).stdout)
    assert window["rule"] == "FREQ=MONTHLY;BYMONTHDAY=1;UNTIL=20300630T000000"
    assert window["duration_minutes"] == 120 and window["timezone"] == ZONE
    assert window["next"] == {
        "start": "2029-12-31T18:00:00+00:00",
        "end": "2029-12-31T20:00:00+00:00",
    }
    between = kefu(tmp_path, "maintenance", "end", "1", **env)
    assert between.exit_code == 2
    assert "recurs and is not on now: the next starts 2030-01-01 02:00 UTC+8" in one_line(between)
    daily = kefu(
        tmp_path,
        "maintenance",
        "start",
        "--scope",
        "service",
        "--message",
        "x",
        "--every",
        "daily",
        "--duration",
        "2h",
        **env,
    )
    assert daily.exit_code == 0, daily.stderr
    assert (
        json.loads(kefu(tmp_path, "maintenance", "list", "--json", **env).stdout)[1]["rule"]
        == "FREQ=DAILY"
    )


MESSAGE = ("--message", "x")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--message", "x", "--until", "2h"), "--scope is needed"),
        (("--scope", "everything", *MESSAGE, "--until", "2h"), "use service, category:ID"),
        (("--scope", "channel:a b", *MESSAGE, "--until", "2h"), "use service, category:ID"),
        (("--scope", "category:nope", *MESSAGE, "--until", "2h"), "no category 'nope'"),
        (("--scope", "service", "--until", "2h"), "--message TEXT is needed"),
        (("--scope", "service", "--message-en", "x", "--until", "2h"), "missing: zh-Hans"),
        (("--scope", "service", "--message", " ", "--until", "2h"), "--message is empty"),
        (("--scope", "service", "--message", "x" * 1001, "--until", "2h"), "at most 1000"),
        (("--scope", "service", *MESSAGE), "--until is needed"),
        (("--scope", "service", *MESSAGE, "--until", "soon"), "--until 'soon': use"),
        (("--scope", "service", *MESSAGE, "--until", "2020-01-01 00:00"), "not after the start"),
        (
            (
                "--scope",
                "service",
                *MESSAGE,
                "--from",
                "2020-01-01 00:00",
                "--until",
                "2020-01-01 02:00",
            ),
            "is in the past",
        ),
        (
            ("--scope", "service", *MESSAGE, "--until", "2h", "--duration", "30"),
            "--duration is for a recurring window",
        ),
        (("--scope", "service", *MESSAGE, "--every", "daily"), "--every needs --duration"),
        (
            ("--scope", "service", *MESSAGE, "--every", "FREQ=SOMETIMES", "--duration", "30"),
            "not a recurrence rule",
        ),
        (
            (
                "--scope",
                "service",
                *MESSAGE,
                "--every",
                "FREQ=DAILY;COUNT=2",
                "--duration",
                "30",
                "--until",
                "2031-01-01",
            ),
            "already says when it stops",
        ),
        (
            (
                "--scope",
                "service",
                *MESSAGE,
                "--from",
                "2020-01-01 00:00",
                "--every",
                "FREQ=DAILY;COUNT=2",
                "--duration",
                "30",
            ),
            "no occurrence is left",
        ),
        (
            ("--scope", "service", *MESSAGE, "--every", "daily", "--duration", "soon"),
            "--duration soon: is not a duration",
        ),
        (("--scope", "service", *MESSAGE, "--until", "2h", "--lead", "1h"), "add --announce"),
    ],
)
def test_bad_input_is_refused_in_one_line(tmp_path: Path, args: tuple[str, ...], said: str) -> None:
    result = kefu(
        tmp_path,
        "maintenance",
        "start",
        *args,
        KEFU_TIMEZONE=ZONE,
        KEFU_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'kefu.db'}",
    )
    assert result.exit_code == 2
    assert said in one_line(result)
    assert not (tmp_path / "kefu.db").exists(), "refused before the database is touched"


def test_end_and_list_refuse_what_is_not_there(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert kefu(tmp_path, "maintenance", "list", **env).stdout.strip() == "No maintenance window."
    assert json.loads(kefu(tmp_path, "maintenance", "list", "--json", **env).stdout) == []
    missing = kefu(tmp_path, "maintenance", "end", "7", **env)
    assert missing.exit_code == 2 and "no maintenance window 7" in one_line(missing)
    word = kefu(tmp_path, "maintenance", "end", "seven", **env)
    assert word.exit_code == 2 and "is not a window's id" in one_line(word)
    (tmp_path / "elsewhere").mkdir()
    unmigrated = kefu(tmp_path / "elsewhere", "maintenance", "list")
    assert unmigrated.exit_code == 2 and "kefu migrate" in one_line(unmigrated)


def test_the_real_command_prints_the_id_last(tmp_path: Path) -> None:
    env = {"KEFU_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'kefu.db'}"}
    assert test_cli.kefu(tmp_path, "migrate", **env).returncode == 0
    started = test_cli.kefu(tmp_path, "maintenance", "start", "--scope", "service",
                            "--message", "Upgrade", "--until", "30m", **env)  # fmt: skip
    assert started.returncode == 0, started.stderr
    assert started.stdout.splitlines()[-1] == "1"
    refused = test_cli.kefu(tmp_path, "maintenance", "end", "2", **env)
    assert refused.returncode == 2 and "no maintenance window 2" in test_cli.one_line(refused)
