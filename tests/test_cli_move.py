"""`kefu desk move` and `kefu desk moves` as an operator meets them: a move recorded (a
group's negative id read as a number, not an option), and one-line refusals."""

from __future__ import annotations

from pathlib import Path

from tests.test_cli import kefu, one_line


def test_a_move_is_recorded_and_listed(tmp_path: Path) -> None:
    env = {"KEFU_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'kefu.db'}"}
    assert kefu(tmp_path, "migrate", **env).returncode == 0
    moved = kefu(tmp_path, "desk", "move", "-1002", "--from", "-1001", **env)
    assert moved.returncode == 0, moved.stderr
    assert "new tickets go there now" in moved.stdout and "-1001 -> -1002" in moved.stdout
    by_default = kefu(tmp_path, "desk", "move", "-1004", KEFU_AGENT_CHAT_ID="-1003", **env)
    assert by_default.returncode == 0, by_default.stderr
    listed = kefu(tmp_path, "desk", "moves", **env)
    assert listed.stdout.splitlines() == ["-1003 -> -1004", "-1001 -> -1002"]


def test_nonsense_is_refused_in_one_line(tmp_path: Path) -> None:
    env = {"KEFU_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'kefu.db'}"}
    assert kefu(tmp_path, "migrate", **env).returncode == 0
    itself = kefu(tmp_path, "desk", "move", "-1002", "--from", "-1002", **env)
    assert itself.returncode == 2 and "cannot move to itself" in one_line(itself)
    user = kefu(tmp_path, "desk", "move", "5", "--from", "-1001", **env)
    assert user.returncode == 2 and "is negative" in one_line(user)
    nowhere = kefu(tmp_path, "desk", "move", "-1003", **env)
    assert nowhere.returncode == 2 and "KEFU_AGENT_CHAT_ID is not set" in one_line(nowhere)
    assert kefu(tmp_path, "desk", "moves", **env).stdout.strip() == "No group has moved."
    (tmp_path / "elsewhere").mkdir()
    unmigrated = kefu(tmp_path / "elsewhere", "desk", "moves")
    assert unmigrated.returncode == 2 and "kefu migrate" in one_line(unmigrated)
