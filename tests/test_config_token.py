"""KEFU_BOT_TOKEN is held to the shape @BotFather gives: id, colon, 35 characters."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, Settings, load_settings
from bot.telegram.double.server import DEFAULT_TOKEN

REAL_SHAPE = "123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0"  # 35 after the colon


def settings_with(token: str) -> Settings:
    return load_settings(bot_token=token, _env_file=None)


@pytest.mark.parametrize("token", [REAL_SHAPE, DEFAULT_TOKEN, "7:" + "-_aZ09" * 5 + "abcde"])
def test_tokens_of_the_real_shape_pass(token: str) -> None:
    assert settings_with(token).token() == token


@pytest.mark.parametrize(
    "token",
    [
        "1:X",
        "123456789:" + "A" * 34,  # one short
        "123456789:" + "A" * 36,  # one over
        "123456789" + "A" * 35,  # no colon
        ":" + "A" * 35,  # no id
        "bot:" + "A" * 35,  # the id is a number
        "123456789:" + "A" * 34 + "!",  # not a token character
        "123456789:" + "A" * 34 + "é",
        "١٢٣:" + "A" * 35,  # Arabic-Indic digits are digits to \d, not to Telegram
        REAL_SHAPE + "\n",
        " " + REAL_SHAPE,
    ],
)
def test_other_shapes_are_refused_saying_the_real_shape(token: str) -> None:
    with pytest.raises(ConfigError) as refused:
        settings_with(token)
    message = str(refused.value)
    assert message.startswith("KEFU_BOT_TOKEN is not a bot token")
    assert "numeric id, a colon, and 35 characters of letters, digits, _ or -" in message
    assert "digits:letters" not in message
    assert token.strip() not in message and token.split(":")[-1].strip() not in message


@pytest.mark.parametrize("secret", ["s3cret\n", "has space", "", "x" * 257, "é"])
def test_a_webhook_secret_outside_telegrams_alphabet_is_refused(secret: str) -> None:
    with pytest.raises(ConfigError, match="KEFU_WEBHOOK_SECRET"):
        load_settings(webhook_secret=secret, _env_file=None)


def test_a_webhook_secret_of_telegrams_alphabet_passes() -> None:
    assert load_settings(webhook_secret="s3cret-token_1", _env_file=None).webhook_secret
