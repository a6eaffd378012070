"""Okapi BM25 over short documents, scored from postings: what ``rank_bm25.BM25Okapi``
computes (its idf, with the same floor for terms in more than half of the documents), built
without it.

rank_bm25 imports numpy (12 MiB more in a kefu process, measured beside its other
libraries) for what is here a few lines of arithmetic; a test keeps the scores equal to
BM25Okapi's on the knowledge base's own documents.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

K1, B, EPSILON = 1.5, 0.75, 0.25  # BM25Okapi's defaults


class Okapi:
    """The corpus's idf per term, and per term the documents holding it with the part of
    the score that does not depend on the question."""

    def __init__(self, docs: Sequence[Sequence[str]]) -> None:
        """``docs``: each document's terms (at least one document)."""
        counts = [Counter(doc) for doc in docs]
        lengths = [len(doc) for doc in docs]
        average = sum(lengths) / len(docs)
        holding = Counter(term for doc in counts for term in doc)  # documents with the term
        size = len(docs)
        self.idf = {t: math.log(size - n + 0.5) - math.log(n + 0.5) for t, n in holding.items()}
        # A term in more than half of the documents would score below zero: BM25Okapi
        # floors it at a fraction of the average idf instead.
        floor = EPSILON * sum(self.idf.values()) / len(self.idf)
        for term, idf in self.idf.items():
            if idf < 0:
                self.idf[term] = floor
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for doc, (freqs, length) in enumerate(zip(counts, lengths, strict=True)):
            norm = K1 * (1 - B + B * length / average)
            for term, tf in freqs.items():
                self.postings.setdefault(term, []).append((doc, tf * (K1 + 1) / (tf + norm)))

    def scores(self, terms: Sequence[str]) -> dict[int, float]:
        """The score of each document holding a term of ``terms`` (the others score 0)."""
        scores: dict[int, float] = {}
        for term in terms:
            weight = self.idf.get(term) or 0
            for doc, part in self.postings.get(term, ()):
                scores[doc] = scores.get(doc, 0.0) + weight * part
        return scores
