"""A message's entities back into Telegram HTML: the dialogs' reading
(dialogs/entities_html.py), which the relay shares, so an agent's formatted reply and an
admin's formatted broadcast are read one way."""

from dialogs.entities_html import to_html

__all__ = ["to_html"]
