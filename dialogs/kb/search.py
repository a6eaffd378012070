"""Finding the articles that answer a question: BM25 over the articles' questions, with
fuzzy matching for typos.

Every title, question variant and tag group of an article, in every locale, is one short
document for ``rank_bm25``'s Okapi BM25; an article scores as its best document, so a
question in Traditional Chinese meets the Simplified variants as readily as its own. A
term of the question that no document has is replaced, before ranking, by the closest
term that one has (``rapidfuzz``, at least ``TYPO_SIMILARITY``), so "withdrawl" searches
as "withdraw". The score is BM25's: the knowledge base's threshold (KbPolicy.min_score)
was set on the labelled questions of tests/data/kb_questions.yaml, where it keeps every
small-talk question unanswered but two while answering 96% of the real ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from rank_bm25 import BM25Okapi
from rapidfuzz import fuzz, process

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
        self._bm25 = BM25Okapi(self._docs) if self._docs else None
        self._known = {t for d in self._docs for t in d}
        self._postings = _postings(self._bm25) if self._bm25 is not None else {}
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
        for doc, score in sorted(self._scores(terms).items()):  # in document order, as ties were
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

    def _scores(self, terms: list[str]) -> dict[int, float]:
        """BM25's score of each document holding a term of ``terms`` (the others score 0),
        as ``BM25Okapi.get_scores`` adds them up, from the postings: a question costs its
        terms' documents, not every document for every term."""
        assert self._bm25 is not None
        idf = self._bm25.idf
        scores: dict[int, float] = {}
        for term in terms:
            weight = idf.get(term) or 0
            for doc, part in self._postings.get(term, ()):
                scores[doc] = scores.get(doc, 0.0) + weight * part
        return scores

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


def _postings(bm25: BM25Okapi) -> dict[str, list[tuple[int, float]]]:
    """For each term, the documents holding it with the query-independent part of its
    BM25 score there: tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / average length))."""
    k1, b, average = bm25.k1, bm25.b, bm25.avgdl
    postings: dict[str, list[tuple[int, float]]] = {}
    for doc, (freqs, length) in enumerate(zip(bm25.doc_freqs, bm25.doc_len, strict=True)):
        norm = k1 * (1 - b + b * length / average)
        for term, tf in freqs.items():
            postings.setdefault(term, []).append((doc, tf * (k1 + 1) / (tf + norm)))
    return postings
