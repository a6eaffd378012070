"""Reading ``kb.yaml`` from the content folder, checked against the categories in use.

A content folder copied before the knowledge base existed has no kb.yaml: the shipped one
stands in, less the articles of categories the operator does not have (their "Report this
problem" would open nothing).
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from dialogs.content.loader import CATEGORIES_FILE, KB_FILE, ContentError, shipped_dir
from dialogs.content.yaml_file import load_file, problem_at
from dialogs.kb.model import KbFile


def kb_path(directory: Path | None) -> Path:
    """The kb.yaml kefu reads for the content folder ``directory`` (None: the shipped)."""
    own = (directory or shipped_dir()) / KB_FILE
    return own if own.is_file() else shipped_dir() / KB_FILE


def load_kb(directory: Path | None, categories: Collection[str]) -> KbFile:
    """The knowledge base of the content folder; ContentError names every problem."""
    path = kb_path(directory)
    standing_in = directory is not None and path != directory / KB_FILE
    problems: list[str] = []
    loaded = load_file(path, KbFile, problems)
    if standing_in and loaded.model is not None:
        kept = tuple(a for a in loaded.model.articles if a.category in categories)
        return loaded.model.model_copy(update={"articles": kept})
    # On the raw data, so an unknown category shows even while another problem fails the
    # model (the operator fixes both in one go).
    articles = loaded.data.get("articles") if isinstance(loaded.data, dict) else None
    for i, article in enumerate(articles if isinstance(articles, list) else []):
        category = article.get("category") if isinstance(article, dict) else None
        if isinstance(category, str) and category not in categories:
            reason = f"{category!r} is not a category of {CATEGORIES_FILE}"
            problems.append(problem_at(path, loaded.node, ("articles", i, "category"), reason))
    if problems or loaded.model is None:
        raise ContentError(sorted(problems, key=_line))
    return loaded.model


def _line(problem: str) -> int:
    """A problem's line (``path:line: ...``), so they are listed in the file's order."""
    parts = problem.split(":")
    return next((int(p) for p in parts[1:3] if p.isdigit()), 0)
