"""`kefu sandbox`'s failures as an operator meets them: one line each, and "cannot serve"
only when the page's address cannot be listened on; any other error is itself."""

from __future__ import annotations

import socket
from pathlib import Path

from tests.test_cli import kefu, one_line


def test_a_taken_port_is_cannot_serve_exit_2(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = kefu(tmp_path, "sandbox", "--port", str(port))
    assert result.returncode == 2
    line = one_line(result)
    assert f"kefu: cannot serve the sandbox on 127.0.0.1:{port}:" in line
    assert "address already in use" in line


def test_another_os_error_is_reported_as_itself(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("a file where the sandbox's database folder goes")
    result = kefu(tmp_path, "sandbox", "--port", "0")
    assert result.returncode == 1
    line = one_line(result)
    assert "cannot serve" not in line
    assert line.startswith("kefu: stopped: FileExistsError:") and "'data'" in line


def test_a_port_out_of_range_is_refused_before_anything_starts(tmp_path: Path) -> None:
    result = kefu(tmp_path, "sandbox", "--port", "99999")
    assert result.returncode == 2
    assert "Invalid value for '--port'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "data").exists()
