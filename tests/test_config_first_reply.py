"""KEFU_FIRST_REPLY_MINUTES: the reply time promised after Submit, validated like the rest."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, load_settings


def test_default_is_fifteen_minutes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KEFU_FIRST_REPLY_MINUTES", raising=False)
    assert load_settings(_env_file=None).first_reply_minutes == 15


@pytest.mark.parametrize("value", ["1", "60", "1440"])
def test_read_from_the_environment(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("KEFU_FIRST_REPLY_MINUTES", value)
    assert load_settings(_env_file=None).first_reply_minutes == int(value)


@pytest.mark.parametrize("value", ["0", "-5", "1441", "soon", "1.5"])
def test_out_of_range_or_not_a_number_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("KEFU_FIRST_REPLY_MINUTES", value)
    with pytest.raises(ConfigError) as refused:
        load_settings(_env_file=None)
    message = str(refused.value)
    assert message.startswith("KEFU_FIRST_REPLY_MINUTES ")
    assert value not in message.removeprefix("KEFU_FIRST_REPLY_MINUTES ")  # never echoed
