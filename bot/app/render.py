"""Views into Telegram HTML and inline keyboards, in the user's locale."""

from __future__ import annotations

import html

from bot.app.i18n import RenderedHtml, Translator
from bot.telegram.ops import Button, Keyboard
from dialogs.views import ButtonView, Html, Label, Literal, Mention, Text, View


class Renderer:
    """Renders labels and views; kefu's own strings are trusted, everything else escaped."""

    def __init__(self, translator: Translator) -> None:
        self.translator = translator

    def label(self, label: Label, locale: str) -> RenderedHtml:
        if isinstance(label, Literal):
            return RenderedHtml(html.escape(label.text, quote=False))
        if isinstance(label, Html):
            return RenderedHtml(label.text)
        if isinstance(label, Mention):
            name = html.escape(label.name, quote=False)
            return RenderedHtml(f'<a href="tg://user?id={label.user_id}">{name}</a>')
        args = {k: self._arg(v, locale) for k, v in label.args.items()}
        return RenderedHtml(self.translator.t(locale, label.key, **args))

    def _arg(self, value: object, locale: str) -> object:
        if isinstance(value, Text | Literal | Html | Mention):
            return self.label(value, locale)
        return value

    def text(self, view: View, locale: str) -> str:
        return view.separator.join(self.label(part, locale) for part in view.parts)

    def plain_label(self, label: Label, locale: str) -> str:
        """Button labels are plain text on Telegram: no HTML, no escaping."""
        return html.unescape(self.label(label, locale))

    def keyboard(
        self, rows: tuple[tuple[ButtonView, ...], ...] | None, locale: str
    ) -> Keyboard | None:
        if not rows:
            return None
        return tuple(
            tuple(
                Button(self.plain_label(b.label, locale), data=None if b.url else b.data, url=b.url)
                for b in row
            )
            for row in rows
        )
