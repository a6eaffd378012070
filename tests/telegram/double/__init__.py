"""Tests of the Telegram Bot API double (bot/telegram/double)."""
