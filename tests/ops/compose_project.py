"""docker-compose.yml as an operator uses it: copied with `.env.example` as its `.env` into a
project folder, read by whichever Docker Compose this machine has.

Docker Compose v2 (`docker compose`) and docker-compose 1.29 are both tried when present.
CI installs docker-compose (.ci/run); without any, the tests that need one skip with the
reason, or fail where KEFU_REQUIRE_SERVICES=1.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.services import REQUIRE

REPO = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO / "docker-compose.yml"
ENV_EXAMPLE = REPO / ".env.example"
DOCKERFILE = REPO / "Dockerfile"


def example_env() -> dict[str, str]:
    """The variables `.env.example` sets (comments and blank lines left out)."""
    values = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        name, sep, value = line.strip().partition("=")
        if sep and not name.startswith("#"):
            values[name] = value
    return values


@functools.cache  # asked once a session: docker-compose 1.29 takes a second to answer
def compose_implementations() -> tuple[tuple[str, ...], ...]:
    """The command of each Docker Compose on this machine: the v2 plugin, the standalone."""
    found = []
    if shutil.which("docker") and _answers(["docker", "compose", "version"]):
        found.append(("docker", "compose"))
    if shutil.which("docker-compose") and _answers(["docker-compose", "version"]):
        found.append(("docker-compose",))
    return tuple(found)


def _answers(command: list[str]) -> bool:
    try:
        return subprocess.run(command, capture_output=True, timeout=30, check=False).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def require_compose() -> tuple[tuple[str, ...], ...]:
    """At least one Docker Compose, or the test skips (fails under KEFU_REQUIRE_SERVICES=1)."""
    found = compose_implementations()
    if not found:
        reason = (
            "neither `docker compose` nor `docker-compose` is installed "
            "(apt-get install docker-compose, as .ci/run does)"
        )
        if REQUIRE:
            pytest.fail(f"Docker Compose is required (KEFU_REQUIRE_SERVICES=1) but {reason}")
        pytest.skip(reason=f"{reason}; set KEFU_REQUIRE_SERVICES=1 to fail")
    return found


@dataclass(frozen=True)
class ComposeProject:
    """A folder holding docker-compose.yml and an `.env`, as `cp .env.example .env` leaves."""

    folder: Path

    @classmethod
    def from_example(cls, folder: Path, env_text: str | None = None) -> ComposeProject:
        shutil.copy(COMPOSE_FILE, folder / "docker-compose.yml")
        text = ENV_EXAMPLE.read_text(encoding="utf-8") if env_text is None else env_text
        (folder / ".env").write_text(text, encoding="utf-8")
        return cls(folder)

    def run(
        self, compose: tuple[str, ...], *args: str, **env: str
    ) -> subprocess.CompletedProcess[str]:
        """`compose ARGS` in the folder, with the `.env` alone deciding (plus ``env``)."""
        return subprocess.run(
            [*compose, *args],
            cwd=self.folder,
            env={**_shell_env_without_settings(), **env},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def resolved(self, compose: tuple[str, ...], *args: str) -> dict[str, Any]:
        """The file as Compose resolves it (`config`): interpolated, env_file merged in."""
        done = self.run(compose, *args, "config")
        assert done.returncode == 0, done.stderr
        return yaml.safe_load(done.stdout)


def _shell_env_without_settings() -> dict[str, str]:
    # The shell's variables win over .env in Compose's interpolation: keep this test's own
    # (COMPOSE_PROFILES, POSTGRES_PASSWORD, a KEFU_ setting) out of it.
    example = example_env()
    return {
        name: value
        for name, value in os.environ.items()
        if name not in example and not name.startswith(("COMPOSE_", "KEFU_"))
    }
