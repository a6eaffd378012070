"""The languages kefu speaks: its own strings (locales/) and operators' content both give a
text for each of these."""

LOCALES = ("en", "zh-Hans", "zh-Hant")
