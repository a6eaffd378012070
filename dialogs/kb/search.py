"""Finding the articles that answer a question: BM25 over the articles' questions, with
fuzzy matching for typos.

Every title, question variant and tag group of an article, in every locale, is one short
document for Okapi BM25 (``dialogs/kb/bm25.py``); an article scores as its best document, so a
question in Traditional Chinese meets the Simplified variants as readily as its own. A
term of the question that no document has is replaced, before ranking, by the closest
term that one has (``rapidfuzz``, at least ``TYPO_SIMILARITY``), so "withdrawl" searches
as "withdraw". The score is BM25's: the knowledge base's threshold (KbPolicy.min_score)
was set on the labelled questions of tests/data/kb_questions.yaml, where it keeps every
small-talk question unanswered but two while answering 96% of the real ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from dialogs.kb.bm25 import Okapi
from dialogs.kb.model import Article, KbFile
from dialogs.kb.words import Words

TYPO_SIMILARITY = 80
# Shorter words are too alike to correct ("thank" is not "than"), and a typo rarely changes
# the first letter ("iphone" is not "phone").
_MIN_TYPO_LENGTH = 6


@dataclass(frozen=True)
class Hit:
    """An article found, and how well it matched (higher is better; compare with the
    knowledge base's threshold)."""

    article: Article
    score: float


class KbIndex:
    """The articles of one knowledge base, ready to be searched (immutable: a reload builds
    a new one)."""

    def __init__(self, kb: KbFile) -> None:
        self.kb = kb
        domain = [tag for a in kb.articles for tag in a.tags]
        self.words = Words(domain, kb.synonyms)
        self._docs: list[list[str]] = []
        self._owner: list[int] = []
        for i, article in enumerate(kb.articles):
            for text in article.search_texts():
                terms = self.words.terms(text)
                if terms:
                    self._docs.append(terms)
                    self._owner.append(i)
        self._bm25 = Okapi(self._docs) if self._docs else None
        self._known = {t for d in self._docs for t in d}
        # What a typo may be corrected to: Latin words, one letter shorter at the least.
        shortest = _MIN_TYPO_LENGTH - 1
        self._long = [t for t in sorted(self._known) if len(t) >= shortest and t.isascii()]

    @property
    def articles(self) -> tuple[Article, ...]:
        return self.kb.articles

    def article(self, article_id: str) -> Article | None:
        return next((a for a in self.kb.articles if a.id == article_id), None)

    def search(self, question: str, *, limit: int = 3, category: str | None = None) -> list[Hit]:
        """The best ``limit`` articles for ``question`` (of ``category`` only, if given),
        best first; articles sharing nothing with it are not listed."""
        terms = self._corrected(self.words.terms(question))
        if not terms or self._bm25 is None:
            return []
        best: dict[int, float] = {}  # article -> its best document's score
        # In document order, as ties were broken before.
        for doc, score in sorted(self._bm25.scores(terms).items()):
            owner = self._owner[doc]
            if score > best.get(owner, 0.0):
                best[owner] = score
        articles = self.kb.articles
        hits = [
            Hit(articles[owner], round(score, 3))
            for owner, score in best.items()
            if category is None or articles[owner].category == category
        ]
        hits.sort(key=lambda h: h.score, reverse=True)
        return hits[:limit]

    def _corrected(self, terms: list[str]) -> list[str]:
        known = self._known
        fixed = []
        for term in terms:
            if term in known or len(term) < _MIN_TYPO_LENGTH or not term.isascii():
                fixed.append(term)
                continue
            alike = [t for t in self._long if t[0] == term[0]]
            match = process.extractOne(term, alike, scorer=fuzz.ratio, score_cutoff=TYPO_SIMILARITY)
            fixed.append(match[0] if match else term)
        return fixed
