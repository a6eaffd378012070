"""The knowledge base kefu answers from: the content folder's kb.yaml (the shipped one if
the folder has none), checked against the categories in use and indexed once per version
of the file, so every kefu of a process (a test run builds hundreds) shares the index."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Collection
from pathlib import Path

from bot.config import Settings
from dialogs.content import Content
from dialogs.kb.library import KbPolicy, KnowledgeBase
from dialogs.kb.loader import kb_path, load_kb
from dialogs.kb.search import KbIndex


def load_index(directory: Path | None, categories: Collection[str]) -> KbIndex:
    """The index of the folder's knowledge base; ContentError names its problems."""
    digest = hashlib.sha256(kb_path(directory).read_bytes()).hexdigest()
    return _indexed(directory, digest, frozenset(categories))


@functools.lru_cache(maxsize=2)  # the one in use, and the one a reload is replacing
def _indexed(directory: Path | None, digest: str, categories: frozenset[str]) -> KbIndex:
    """(The file's digest is in the key so that an edited file is read anew.)"""
    return KbIndex(load_kb(directory, categories))


def knowledge_base(settings: Settings, content: Content) -> KnowledgeBase:
    categories = [c.id for c in content.categories]

    def load() -> KbIndex:
        return load_index(settings.content_dir, categories)

    return KnowledgeBase(load(), KbPolicy(settings.kb_min_score, settings.kb_shown), load)
