"""The tests that need PostgreSQL or Redis carry the ``postgres`` / ``redis`` mark (set in
conftest from the fixtures they use), so ``-m "not postgres and not redis"`` leaves them out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = ("tests/test_services.py", "tests/storage/test_storage.py")

# A plugin for the pytest below: writes what it kept and what -m left out, with their marks.
RECORDER = """
import json, os

def _write(kind, items):
    with open(os.environ["KEFU_MARKS_OUT"], "a") as out:
        for item in items:
            marks = sorted({m.name for m in item.iter_markers()} & {"postgres", "redis"})
            out.write(json.dumps([kind, item.nodeid, marks]) + "\\n")

def pytest_deselected(items):
    _write("left out", items)

def pytest_collection_finish(session):
    _write("kept", session.items)
"""


def test_service_tests_are_marked_and_left_out_without_the_services(tmp_path: Path) -> None:
    (tmp_path / "kefu_marks_recorder.py").write_text(RECORDER)
    out = tmp_path / "marks.jsonl"
    env = {**os.environ, "KEFU_MARKS_OUT": str(out), "PYTHONPATH": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
         "-p", "kefu_marks_recorder", "-m", "not postgres and not redis", *FILES],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    lines = out.read_text().splitlines()
    seen = {test.split("::")[1]: (kind, marks) for kind, test, marks in map(json.loads, lines)}
    assert len(seen) == len(lines) > 10

    left_out_for = {"postgres": ("left out", ["postgres"]), "redis": ("left out", ["redis"])}
    assert seen["test_real_postgres_answers"] == left_out_for["postgres"]  # postgres_url
    assert seen["test_real_redis_answers"] == left_out_for["redis"]  # the redis fixture
    # database_url's "postgres" case, asked for directly or through the engine fixture
    assert seen["test_fresh_database_is_behind_then_migrated[postgres]"] == left_out_for["postgres"]
    assert seen["test_ticket_keeps_every_report_field[postgres]"] == left_out_for["postgres"]
    assert seen["test_ticket_keeps_every_report_field[sqlite]"] == ("kept", [])
    assert seen["test_unreachable_redis_is_named"] == ("kept", [])
    for test, (kind, found) in seen.items():
        needs = "[postgres" in test or "real_" in test
        assert (kind == "left out") == needs == bool(found), test
