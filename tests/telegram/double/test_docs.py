"""The written flood-limit model says the same in limits.py and in docs/bot_api_double.md."""

from __future__ import annotations

import ast
from pathlib import Path

import bot.telegram.double.limits as limits_module

DOC = Path(__file__).resolve().parents[3] / "docs" / "bot_api_double.md"


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_limits_model_is_written_the_same_in_both_places() -> None:
    source = Path(limits_module.__file__).read_text(encoding="utf-8")
    docstring = ast.get_docstring(ast.parse(source)) or ""
    model = docstring.split("\n\n", 1)[1]  # all but the title line
    assert _words(model) in _words(DOC.read_text(encoding="utf-8"))
