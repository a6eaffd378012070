"""The aiogram 3 runtime: a translator between Telegram (through aiogram) and kefu's core."""
