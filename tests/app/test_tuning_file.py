"""KEFU_TUNING: a deployment's numbers over the defaults; a typo or a value out of range
stops kefu with the key's path."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app.tuning import Tuning
from bot.app.tuning_file import load_tuning
from bot.config import ConfigError


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tuning.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_numbers_named_change_and_the_rest_keep_their_defaults(tmp_path: Path) -> None:
    tuning = load_tuning(
        _file(tmp_path, "outbox: {group_per_minute: 600}\nfleet: {lease: 4, renew_every: 1}\n")
    )
    assert tuning.outbox.group_per_minute == 600
    assert tuning.outbox.private_burst == Tuning().outbox.private_burst
    assert (tuning.fleet.lease, tuning.fleet.renew_every) == (4, 1)
    assert tuning.drain_timeout == Tuning().drain_timeout
    assert load_tuning(None) == Tuning()


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("outbox: {privat_burst: 3}\n", "not a tuning number: outbox.privat_burst"),
        ("fleet: {lease: 2, renew_every: 5}\n", "renew_every must be positive and below lease"),
        ("drain_timeout: soon\n", "drain_timeout"),
        ("- 1\n", "not a mapping"),
    ],
)
def test_a_bad_file_is_refused_with_what_is_wrong(tmp_path: Path, text: str, said: str) -> None:
    with pytest.raises(ConfigError, match=said):
        load_tuning(_file(tmp_path, text))
