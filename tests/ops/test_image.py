"""The Dockerfile, read with Docker's own parser (the `dockerfile` package wraps BuildKit's):
its defaults are valid kefu settings with the ops endpoint on and JSON logs, it exposes the
ports kefu listens on, and docker-compose.yml probes health with its very command."""

from __future__ import annotations

import os
from pathlib import Path

import dockerfile
import pytest
import yaml

from bot.config import ENV_PREFIX, Settings, load_settings
from tests.ops.compose_project import COMPOSE_FILE, DOCKERFILE


def _instructions(name: str) -> list[dockerfile.Command]:
    return [c for c in dockerfile.parse_file(str(DOCKERFILE)) if c.cmd.upper() == name.upper()]


def image_env() -> dict[str, str]:
    """The ENV lines' names and values."""
    env: dict[str, str] = {}
    for command in _instructions("ENV"):
        pairs = command.value
        env.update(zip(pairs[::2], pairs[1::2], strict=True))
    return env


def image_healthcheck() -> list[str]:
    """The HEALTHCHECK's command, as Docker runs it (exec form: CMD, then argv)."""
    (command,) = _instructions("HEALTHCHECK")
    return list(command.value)


def test_the_image_defaults_are_kefu_settings_with_the_ops_endpoint_and_json_logs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = image_env()
    settings_names = {ENV_PREFIX + name.upper() for name in Settings.model_fields}
    assert set(env) <= settings_names, f"not kefu settings: {sorted(set(env) - settings_names)}"
    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.startswith(ENV_PREFIX)]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings = load_settings()
    assert settings.http_listen == "0.0.0.0:9100"
    assert settings.log_format == "json"


def test_the_image_exposes_the_webhook_and_the_ops_ports() -> None:
    env = image_env()
    listened = {
        env[name].rpartition(":")[2] for name in ("KEFU_WEBHOOK_LISTEN", "KEFU_HTTP_LISTEN")
    }
    exposed = {port for command in _instructions("EXPOSE") for port in command.value}
    assert exposed == listened


def test_compose_probes_health_with_the_images_command() -> None:
    compose = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    assert compose["x-kefu"]["healthcheck"]["test"] == image_healthcheck()
