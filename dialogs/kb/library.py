"""The knowledge base in use: search with the threshold, and a reload that swaps it whole.

A reload reads and indexes the file away from the event loop (jieba and BM25 take tens of
milliseconds); until it is done, and for good if the file has a problem, the previous
articles keep answering.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from dialogs.content.loader import ContentError
from dialogs.kb.model import Article
from dialogs.kb.search import Hit, KbIndex


@dataclass(frozen=True)
class KbPolicy:
    """How sure search must be to answer, and how many answers it offers."""

    min_score: float = 2.5
    shown: int = 3


class KnowledgeBase:
    """The articles users and agents are answered from (see dialogs.kb)."""

    def __init__(
        self,
        index: KbIndex,
        policy: KbPolicy | None = None,
        load: Callable[[], KbIndex] | None = None,
    ) -> None:
        """``load``: reads and indexes the file anew, for /kb_reload (ContentError when
        it has a problem); None when there is no file to reload from."""
        self.index = index
        self.policy = policy or KbPolicy()
        self._load = load

    def search(self, question: str, category: str | None = None) -> list[Hit]:
        """The articles that answer ``question`` well enough, best first (none when no
        article does: a weak match is never offered as an answer)."""
        hits = self.index.search(question, limit=self.policy.shown, category=category)
        return [h for h in hits if h.score >= self.policy.min_score]

    def article(self, article_id: str) -> Article | None:
        return self.index.article(article_id)

    async def reload(self) -> list[str]:
        """Read the file again; the problems found (nothing changed then), or none."""
        if self._load is None:
            return []
        try:
            self.index = await asyncio.to_thread(self._load)
        except ContentError as exc:
            return exc.problems
        return []
