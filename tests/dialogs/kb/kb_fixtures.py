"""The shipped knowledge base, indexed once for the dialogs' tests."""

from __future__ import annotations

import functools

from dialogs.content import load_content
from dialogs.kb.library import KbPolicy, KnowledgeBase
from dialogs.kb.loader import load_kb
from dialogs.kb.search import KbIndex


@functools.cache
def shipped_index() -> KbIndex:
    content = load_content()
    return KbIndex(load_kb(None, [c.id for c in content.categories]))


def shipped_kb(policy: KbPolicy | None = None) -> KnowledgeBase:
    return KnowledgeBase(shipped_index(), policy)
