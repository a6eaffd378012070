"""What the dialogs show: neutral views, rendered later per locale (actions.py says where).

A view names its text by a locale key (``Text``) or carries an operator's text already in
the user's language (``Literal``, or ``Html`` checked at load); the executor renders it to
Telegram HTML. Button data are compact ids that fit Telegram's 64 bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dialogs.limits import CALLBACK_DATA_LIMIT


@dataclass(frozen=True)
class Text:
    """A kefu string by locale key, with its arguments (escaped when rendered)."""

    key: str
    args: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, key: str, **args: Any) -> Text:
        return cls(key, args)


@dataclass(frozen=True)
class Literal:
    """Text that is already in the user's language (operator content, a user's words)."""

    text: str


@dataclass(frozen=True)
class Html:
    """Operator content in Telegram HTML, checked when it loaded (dialogs.kb's answers)."""

    text: str


@dataclass(frozen=True)
class Mention:
    """A person named so that Telegram notifies them (an agent on duty, in the desk)."""

    user_id: int
    name: str


Label = Text | Literal | Html | Mention


@dataclass(frozen=True)
class ButtonView:
    """A button: ``data`` comes back when it is pressed; with ``url`` it opens a link."""

    label: Label
    data: str = ""
    url: str | None = None

    def __post_init__(self) -> None:
        if len(self.data.encode()) > CALLBACK_DATA_LIMIT:
            raise ValueError(f"button data over {CALLBACK_DATA_LIMIT} bytes: {self.data!r}")


@dataclass(frozen=True)
class View:
    """A message: parts of text (paragraphs, unless another separator) and rows of buttons."""

    parts: tuple[Label, ...]
    buttons: tuple[tuple[ButtonView, ...], ...] = ()
    separator: str = "\n\n"
