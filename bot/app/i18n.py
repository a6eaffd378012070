"""kefu's own strings, from ``locales/<locale>/*.ftl``, through fluent.runtime.

Called with an explicit locale everywhere (no context magic), so the engine, both runtimes
and `kefu try` share it. Every string argument is HTML-escaped, since all kefu text is
sent with Telegram's HTML parse mode and arguments are often a user's own words.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import ast

from dialogs.languages import LOCALES

log = logging.getLogger(__name__)
FALLBACK = "en"

# Telegram's language_code is an IETF tag; only Chinese needs telling apart.
_SIMPLIFIED = {"zh", "zh-cn", "zh-hans", "zh-sg", "zh-hans-cn", "zh-hans-sg"}
_TRADITIONAL = {"zh-tw", "zh-hk", "zh-mo", "zh-hant", "zh-hant-tw", "zh-hant-hk", "zh-hant-mo"}


def locale_for(language_code: str | None, default: str = FALLBACK) -> str:
    """kefu's locale for a Telegram language_code; anything unknown gets ``default``."""
    code = (language_code or "").strip().lower().replace("_", "-")
    if code in _SIMPLIFIED:
        return "zh-Hans"
    if code in _TRADITIONAL:
        return "zh-Hant"
    if code == "en" or code.startswith("en-"):
        return "en"
    return default


class RenderedHtml(str):
    """Text that is already Telegram HTML (kefu's own rendered text): not escaped again."""

    __slots__ = ()


@dataclass(frozen=True)
class LocaleProblem:
    """A problem found while loading or checking the locale files."""

    locale: str
    message: str

    def __str__(self) -> str:
        return f"locales/{self.locale}: {self.message}"


def locales_dir() -> Path:
    return Path(str(files("locales")))


class Translator:
    """Formats message keys per locale; a key missing in a locale falls back to English."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or locales_dir()
        self.bundles: dict[str, FluentBundle] = {}
        self._keys: dict[str, set[str]] = {}
        self.problems: list[LocaleProblem] = []
        for locale in LOCALES:
            bundle = FluentBundle([locale], use_isolating=False)
            self._keys[locale] = set()
            for path in sorted((self.directory / locale).glob("*.ftl")):
                resource = FluentResource(path.read_text(encoding="utf-8"))
                for entry in resource.body:
                    if isinstance(entry, ast.Message):
                        # Each feature has its own file: a key defined in two of them would
                        # silently take the first file's text (fluent keeps the first).
                        if entry.id.name in self._keys[locale]:
                            self.problems.append(
                                LocaleProblem(locale, f"{path.name}: {entry.id.name} defined twice")
                            )
                        self._keys[locale].add(entry.id.name)
                    elif isinstance(entry, ast.Junk):
                        self.problems.append(
                            LocaleProblem(locale, f"{path.name}: cannot parse {entry.content!r}")
                        )
                bundle.add_resource(resource)
            self.bundles[locale] = bundle

    def keys(self, locale: str) -> set[str]:
        return set(self._keys[locale])

    def t(self, locale: str, key: str, /, **args: object) -> str:
        """The text of ``key`` in ``locale``, arguments escaped for Telegram HTML."""
        bundle = self.bundles.get(locale) or self.bundles[FALLBACK]
        if not bundle.has_message(key):
            log.warning("message %s missing in %s", key, locale)
            bundle = self.bundles[FALLBACK]
            if not bundle.has_message(key):
                return key
        safe = {k: _escaped(v) for k, v in args.items()}
        # fluent.runtime refuses a placeable over 2,500 characters (it shows "{???}"), and a
        # user's answer may be longer once escaped: such values go in after formatting.
        long = {
            k: (f"\ue000{n}\ue001", v)
            for n, (k, v) in enumerate(safe.items())
            if isinstance(v, str) and len(v) > _LONG_ARGUMENT
        }
        for k, (marker, _) in long.items():
            safe[k] = marker
        pattern = bundle.get_message(key).value
        text, errors = bundle.format_pattern(pattern, safe)
        for err in errors:
            log.warning("message %s in %s: %s", key, locale, err)
        for marker, value in long.values():
            text = text.replace(marker, value)
        return text

    def check(self) -> list[LocaleProblem]:
        """Parse errors, and keys that one locale has and another lacks."""
        problems = list(self.problems)
        every = set().union(*(self.keys(loc) for loc in LOCALES))
        for locale in LOCALES:
            for key in sorted(every - self.keys(locale)):
                problems.append(LocaleProblem(locale, f"missing key {key}"))
        return problems


_LONG_ARGUMENT = 2000


def _escaped(value: object) -> object:
    if isinstance(value, RenderedHtml) or not isinstance(value, str):
        return value
    return html.escape(value, quote=False)
