"""Telegram's limits, in the neutral layer's words, so dialogs can keep them."""

TEXT_LIMIT = 4096  # characters of a message's text, after entity parsing
CAPTION_LIMIT = 1024  # characters of a media caption
CALLBACK_DATA_LIMIT = 64  # bytes of a button's callback data
