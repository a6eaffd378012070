"""kefu's Okapi BM25 (dialogs/kb/bm25.py) scores exactly as rank_bm25's BM25Okapi, which
it replaced (numpy's memory for a few lines of arithmetic), on the shipped knowledge base's
own documents and questions as users type them."""

from __future__ import annotations

import pytest
from rank_bm25 import BM25Okapi

from dialogs.kb.bm25 import Okapi
from tests.dialogs.kb.kb_fixtures import shipped_index

QUESTIONS = [
    "充值没到账",
    "儲值沒到帳怎麼辦",
    "withdrawl pending for 2 days",
    "how do I top up with USDT",
    "卡密用不了",
    "account banned?",
    "hello",
]


def test_scores_equal_bm25okapis_for_every_document() -> None:
    index = shipped_index()
    docs = index._docs
    ours, theirs = Okapi(docs), BM25Okapi(docs)
    assert ours.idf == pytest.approx(theirs.idf)
    for question in QUESTIONS:
        terms = index.words.terms(question)
        expected = theirs.get_scores(terms)
        scores = ours.scores(terms)
        assert [scores.get(doc, 0.0) for doc in range(len(docs))] == pytest.approx(list(expected))
        assert any(expected) == bool(scores), question


def test_a_term_in_most_documents_is_floored_not_negative() -> None:
    docs = [["fee", "card"], ["fee", "bank"], ["fee"], ["usdt"]]
    ours, theirs = Okapi(docs), BM25Okapi(docs)
    assert ours.idf["fee"] == pytest.approx(theirs.idf["fee"])
    assert ours.idf["fee"] > 0
    assert ours.scores(["fee", "card"]) == pytest.approx(
        {doc: score for doc, score in enumerate(theirs.get_scores(["fee", "card"])) if score}
    )
