"""The languages kefu speaks: its own strings (locales/) and operators' content both give a
text for each of these."""

LOCALES = ("en", "zh-Hans", "zh-Hant")

# Each language by its own name, as the language chooser shows it.
LANGUAGE_NAMES = {"en": "English", "zh-Hans": "简体中文", "zh-Hant": "繁體中文"}
