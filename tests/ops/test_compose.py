"""docker-compose.yml: Docker Compose's `config` accepts it, the Compose Specification's JSON
schema accepts it, exactly one kefu runs per profile, the start order holds, and what each
kefu container gets is a valid kefu configuration."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.config import ENV_PREFIX, Settings, load_settings
from tests.ops.compose_project import (
    COMPOSE_FILE,
    ENV_EXAMPLE,
    ComposeProject,
    example_env,
    require_compose,
)

KEFU_SERVICES = ("migrate", "kefu", "kefu-polling")


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The services as the first Docker Compose found resolves them, with the example env."""
    project = ComposeProject.from_example(tmp_path_factory.mktemp("compose"))
    return project.resolved(require_compose()[0])["services"]


def test_compose_config_accepts_the_file_with_the_example_env(tmp_path: Path) -> None:
    project = ComposeProject.from_example(tmp_path)
    scaled = {"WEBHOOK_PORTS": "8080-8082", "OPS_PORTS": "9100-9102"}  # the comment's example
    for compose in require_compose():
        for args, env in (([], {}), (["--profile", "polling"], {}), ([], scaled)):
            done = project.run(compose, *args, "config", "-q", **env)
            assert done.returncode == 0, f"{' '.join(compose)} {args} {env}: {done.stderr}"


def test_compose_config_refuses_an_env_without_the_database_password(tmp_path: Path) -> None:
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    env_text = "\n".join(line for line in lines if not line.startswith("POSTGRES_PASSWORD="))
    project = ComposeProject.from_example(tmp_path, env_text=env_text)
    for compose in require_compose():
        done = project.run(compose, "config", "-q")
        assert done.returncode != 0
        assert "set POSTGRES_PASSWORD in .env" in done.stderr


# check-jsonschema ships the Compose Specification's schema (vendor.compose-spec), the one
# Compose v2 validates against.
CHECK_SCHEMA = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec"]


def _check_schema(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CHECK_SCHEMA, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_compose_specification_schema_accepts_the_file() -> None:
    done = _check_schema(COMPOSE_FILE)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_check_refuses_a_wrong_condition(tmp_path: Path) -> None:
    """The check above has teeth: a misspelled depends_on condition fails it."""
    broken = tmp_path / "docker-compose.yml"
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    broken.write_text(text.replace("service_completed_successfully", "service_completed"))
    done = _check_schema(broken)
    assert done.returncode == 1
    assert "service_completed" in done.stdout


def test_exactly_one_kefu_runs_per_profile(services: dict[str, Any]) -> None:
    always = {name for name, service in services.items() if not service.get("profiles")}
    assert always == {"postgres", "redis", "migrate"}
    assert services["kefu"]["profiles"] == ["webhook"]
    assert services["kefu-polling"]["profiles"] == ["polling"]
    assert example_env()["COMPOSE_PROFILES"] == "webhook"  # `docker compose up`: the webhook


def test_kefu_starts_after_a_successful_migration_on_healthy_services(
    services: dict[str, Any],
) -> None:
    migrate = services["migrate"]
    assert migrate["command"] == ["kefu", "migrate"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name, command in (
        ("kefu", ["kefu", "run", "--webhook"]),
        ("kefu-polling", ["kefu", "run"]),
    ):
        assert services[name]["command"] == command
        conditions = {dep: how["condition"] for dep, how in services[name]["depends_on"].items()}
        assert conditions == {
            "migrate": "service_completed_successfully",
            "postgres": "service_healthy",
            "redis": "service_healthy",
        }
    for name in ("postgres", "redis", "kefu", "kefu-polling"):
        assert services[name]["healthcheck"]["test"][0] == "CMD", name


@pytest.mark.parametrize("service", KEFU_SERVICES)
def test_each_kefu_container_gets_a_valid_kefu_configuration(
    service: str, services: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The environment Compose gives the container (the .env merged with the file's own
    lines), read by kefu's own settings: every KEFU_ name is a setting kefu has (a typo
    would be ignored silently), and every value is one kefu accepts."""
    environment = services[service]["environment"]
    settings_names = {ENV_PREFIX + name.upper() for name in Settings.model_fields}
    unknown = sorted(n for n in environment if n.startswith(ENV_PREFIX) and n not in settings_names)
    assert not unknown, f"not kefu settings: {unknown}"

    monkeypatch.chdir(tmp_path)  # no stray .env of the checkout's
    for name in [n for n in os.environ if n.startswith(ENV_PREFIX)]:
        monkeypatch.delenv(name)
    for name, value in environment.items():
        monkeypatch.setenv(name, str(value))
    settings = load_settings()
    assert settings.database_url.startswith("postgresql+asyncpg://kefu:")
    assert settings.database_url.endswith("@postgres:5432/kefu")
    assert settings.redis_url == "redis://redis:6379/0"
    assert settings.listen_address == ("0.0.0.0", 8080)  # noqa: S104 (inside the container)
    assert settings.http_listen == "0.0.0.0:9100"  # the ops endpoint, published as OPS_PORTS
    assert settings.log_format == "json"
    if service == "kefu":
        url, _secret = settings.webhook()
        assert url == example_env()["KEFU_WEBHOOK_URL"]
