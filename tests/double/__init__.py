"""Tests of the Telegram Bot API double (bot/telegram_double)."""
