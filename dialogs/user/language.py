"""Choosing the language kefu speaks to a user."""

from __future__ import annotations

from dialogs.languages import LANGUAGE_NAMES
from dialogs.views import ButtonView, Literal, Text, View

LANGUAGE_PREFIX = "l:"  # + a locale: the chooser's buttons


def language_chooser() -> View:
    row = tuple(
        ButtonView(Literal(name), LANGUAGE_PREFIX + code) for code, name in LANGUAGE_NAMES.items()
    )
    return View(parts=(Text.of("language-choose"),), buttons=(row,))
