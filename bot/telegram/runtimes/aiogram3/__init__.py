"""The aiogram 3 runtime: a translator between Telegram (through aiogram) and kefu's core.

aiogram is imported here first, with its types' validators deferred to their first use
(:mod:`.deferred_types`: 100 MiB less of every kefu on aiogram).
"""

from bot.telegram.runtimes.aiogram3.deferred_types import import_aiogram

import_aiogram()
