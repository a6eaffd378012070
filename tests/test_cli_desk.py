"""`kefu stats` and `kefu export tickets` as an operator and a script meet them: figures from
the configured database, rows in CSV and JSON lines, one-line refusals."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.storage import migrate
from bot.storage.database import make_engine, make_sessionmaker
from bot.storage.ticket_export import EXPORT_FIELDS
from tests.storage.test_desk_stats import make_desk
from tests.test_cli import kefu, one_line


def desk_database(tmp_path: Path, now: datetime | None = None) -> str:
    """A migrated SQLite file holding the desk of tests/storage/test_desk_stats.py."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'kefu.db'}"

    async def make() -> None:
        engine = make_engine(url)
        try:
            await migrate.upgrade(engine)
            await make_desk(make_sessionmaker(engine), *([now] if now else []))
        finally:
            await engine.dispose()

    asyncio.run(make())
    return url


def test_stats_json_for_30_days(tmp_path: Path) -> None:
    # The tickets' times are taken back from the real now, which `kefu stats` reads.
    url = desk_database(tmp_path, datetime.now(UTC))
    result = kefu(tmp_path, "stats", "--days", "30", "--json", KEFU_DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["period"] == "30d" and data["sla_seconds"] == 900
    assert (data["created"], data["open_now"], data["unclaimed_now"]) == (9, 5, 2)
    assert data["sla_breaches"] == 3
    assert (data["first_response_median"], data["first_response_p90"]) == (600, 2700)
    assert (data["resolution_median"], data["resolved"]) == (18000, 5)
    assert (data["rating_average"], data["rated"], data["rating_good_share"]) == (3.25, 4, 0.5)
    assert data["top_tags"][0] == {"tag": "topup", "count": 4}
    assert [(a["name"], a["claimed"]) for a in data["agents"]] == [("Ann", 3), ("Bo", 2)]
    assert data["tallies"]["spam_held"] == 16 and data["tallies"]["check_asked"] == 2
    assert datetime.fromisoformat(data["since"]).tzinfo is not None


def test_stats_without_days_gives_every_period_and_a_table(tmp_path: Path) -> None:
    url = desk_database(tmp_path, datetime.now(UTC))
    result = kefu(tmp_path, "stats", "--json", KEFU_DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    assert [p["period"] for p in json.loads(result.stdout)] == ["today", "7d", "30d"]
    table = kefu(tmp_path, "stats", KEFU_DATABASE_URL=url, COLUMNS="160")
    assert table.returncode == 0, table.stderr
    assert "tickets created" in table.stdout and "Ann" in table.stdout


def test_export_csv_and_jsonl_hold_the_same_rows(tmp_path: Path) -> None:
    url = desk_database(tmp_path)
    # Days in Shanghai: from 2026-11-19 16:00 UTC to 2026-11-29 16:00 UTC (excluded).
    env = {"KEFU_DATABASE_URL": url, "KEFU_TIMEZONE": "Asia/Shanghai"}
    period = ("--since", "2026-11-20", "--until", "2026-11-29")
    result = kefu(tmp_path, "export", "tickets", *period, "--format", "csv", **env)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == EXPORT_FIELDS
    assert [r["public_id"] for r in rows] == ["K-00007", "K-00006", "K-00010", "K-00005"]
    six = rows[1]
    assert six["created_at"] == "2026-11-27T04:00:00+00:00"
    assert six["first_response_seconds"] == "240.0" and six["resolution_seconds"] == "86400.0"
    assert (six["status"], six["assignee_name"], six["rating"]) == ("closed", "Bo", "4")
    assert rows[3]["tags"] == "topup;night" and rows[2]["claimed_at"] == ""

    out = tmp_path / "tickets.jsonl"
    result = kefu(
        tmp_path, "export", "tickets", *period, "--format", "jsonl", "--output", str(out), **env
    )
    assert result.returncode == 0, result.stderr
    assert "4 tickets written" in result.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["public_id"] for r in lines] == [r["public_id"] for r in rows]
    assert lines[3]["tags"] == ["topup", "night"] and lines[2]["claimed_at"] is None
    assert lines[1]["first_response_seconds"] == 240.0 and lines[1]["rating"] == 4


def test_export_of_everything_since_a_time(tmp_path: Path) -> None:
    url = desk_database(tmp_path)
    since = "2026-11-30T03:00:00+00:00"  # ticket 9 was filed at 03:00, then 3 and 4
    result = kefu(tmp_path, "export", "tickets", "--since", since, "--format", "jsonl",
                  KEFU_DATABASE_URL=url)  # fmt: skip
    assert result.returncode == 0, result.stderr
    found = [json.loads(line)["public_id"] for line in result.stdout.splitlines()]
    assert found == ["K-00009", "K-00003", "K-00004"]
    first = json.loads(result.stdout.splitlines()[0])
    assert first["status"] == "closed" and first["order_number"] is None


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("export", "tickets", "--since", "November"), "--since 'November' is not a date"),
        (("export", "tickets", "--since", "2026-13-01"), "--since '2026-13-01' is not a date"),
        (("export", "tickets", "--since", "2026-11-01", "--format", "xls"), "use csv or jsonl"),
        (("stats", "--days", "3"), "--days 3: use 1, 7 or 30"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(
    tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    url = desk_database(tmp_path)
    result = kefu(tmp_path, *args, KEFU_DATABASE_URL=url)
    assert result.returncode == 2
    assert says in one_line(result)


def test_a_database_not_migrated_says_run_migrate(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'none.db'}"
    result = kefu(tmp_path, "stats", KEFU_DATABASE_URL=url)
    assert result.returncode == 2 and "kefu migrate" in one_line(result)
    assert not (tmp_path / "none.db").exists(), "reading made no empty database"

    async def empty() -> None:  # a file there, its schema never made
        engine = make_engine(url)
        async with engine.begin():
            pass
        await engine.dispose()

    asyncio.run(empty())
    result = kefu(tmp_path, "export", "tickets", "--since", "2026-11-01", KEFU_DATABASE_URL=url)
    assert result.returncode == 2 and "run `kefu migrate` first" in one_line(result)


def test_stats_on_postgres(tmp_path: Path, postgres_url: str) -> None:
    async def make() -> None:
        engine = make_engine(postgres_url)
        try:
            await migrate.upgrade(engine)
            await make_desk(make_sessionmaker(engine), datetime.now(UTC))
        finally:
            await engine.dispose()

    asyncio.run(make())
    result = kefu(tmp_path, "stats", "--days", "7", "--json", KEFU_DATABASE_URL=postgres_url)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["created"], data["sla_breaches"], data["first_response_median"]) == (8, 2, 480)
