"""The python-telegram-bot 22 runtime: a translator between Telegram (through PTB) and kefu."""
