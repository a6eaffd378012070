"""The desk's clock settings: KEFU_SLA_FIRST_RESPONSE and the waits for the user, as
durations ("15m", "24h", a bare number of minutes), and KEFU_REOPEN_HOURS."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.config import ConfigError, load_settings

VARIABLES = (
    "KEFU_SLA_FIRST_RESPONSE",
    "KEFU_REMIND_USER_AFTER",
    "KEFU_AUTO_RESOLVE_AFTER",
    "KEFU_REOPEN_HOURS",
)


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_defaults_follow_the_issue() -> None:
    settings = load_settings(_env_file=None)
    assert settings.sla_first_response == timedelta(minutes=15)
    assert settings.remind_user_after == timedelta(hours=24)
    assert settings.auto_resolve_after == timedelta(hours=72)
    assert settings.reopen_hours == 72


@pytest.mark.parametrize(
    ("value", "meant"),
    [
        ("15m", timedelta(minutes=15)),
        ("20", timedelta(minutes=20)),
        ("90s", timedelta(seconds=90)),
        ("1.5h", timedelta(minutes=90)),
        ("2d", timedelta(days=2)),
        (" 30 M ", timedelta(minutes=30)),
    ],
)
def test_durations_are_read_with_their_unit(
    monkeypatch: pytest.MonkeyPatch, value: str, meant: timedelta
) -> None:
    monkeypatch.setenv("KEFU_SLA_FIRST_RESPONSE", value)
    assert load_settings(_env_file=None).sla_first_response == meant


@pytest.mark.parametrize("value", ["soon", "0", "-5m", "15 minutes", "1w"])
def test_a_bad_duration_names_the_variable_without_echoing_it(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("KEFU_REMIND_USER_AFTER", value)
    with pytest.raises(ConfigError) as refused:
        load_settings(_env_file=None)
    message = str(refused.value)
    assert message.startswith("KEFU_REMIND_USER_AFTER is not a duration")
    assert value not in message.removeprefix("KEFU_REMIND_USER_AFTER ")


def test_reopen_hours_is_a_whole_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEFU_REOPEN_HOURS", "soon")
    with pytest.raises(ConfigError, match=r"^KEFU_REOPEN_HOURS "):
        load_settings(_env_file=None)


def test_the_user_is_reminded_before_being_resolved(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEFU_REMIND_USER_AFTER", "24h")
    monkeypatch.setenv("KEFU_AUTO_RESOLVE_AFTER", "12h")
    with pytest.raises(ConfigError, match=r"^KEFU_AUTO_RESOLVE_AFTER must be longer than"):
        load_settings(_env_file=None)
