"""How well search answers real questions: the labelled set of tests/data/kb_questions.yaml
(at least 60 questions a locale, written from the articles' topics, not their wording).

Prints top-1 and top-3 accuracy per locale, and how many out-of-scope questions got an
answer; fails when top-3 is under 85% in any locale, or small talk gets answered often.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dialogs.kb.library import KbPolicy
from dialogs.languages import LOCALES
from tests.dialogs.kb.kb_fixtures import shipped_index, shipped_kb

DATA = yaml.safe_load((Path(__file__).parents[2] / "data" / "kb_questions.yaml").read_text())
TOP3_FLOOR = 0.85
SMALL_TALK_ANSWERED_AT_MOST = 2  # of 15 a locale


@pytest.mark.parametrize("locale", LOCALES)
def test_the_right_article_is_in_the_top_three(locale: str) -> None:
    labelled = DATA[locale]
    assert len(labelled) >= 60
    known = {a.id for a in shipped_index().articles}
    top1 = top3 = 0
    missed = []
    for item in labelled:
        assert set(item["expect"]) <= known, item
        found = [h.article.id for h in shipped_index().search(item["q"], limit=3)]
        top1 += bool(found) and found[0] in item["expect"]
        hit = any(i in item["expect"] for i in found)
        top3 += hit
        if not hit:
            missed.append((item["q"], found))
    n = len(labelled)
    print(f"\nkb search {locale}: top-1 {top1 / n:.1%}, top-3 {top3 / n:.1%} of {n} questions")
    for question, found in missed:
        print(f"  missed: {question!r} -> {found}")
    assert top3 / n >= TOP3_FLOOR


@pytest.mark.parametrize("locale", LOCALES)
def test_small_talk_is_not_answered(locale: str) -> None:
    kb = shipped_kb(KbPolicy())
    answered = [q for q in DATA["none"][locale] if kb.search(q)]
    print(f"\nkb search {locale}: {len(answered)} of {len(DATA['none'][locale])} out-of-scope "
          f"questions offered an answer: {answered}")  # fmt: skip
    assert len(DATA["none"][locale]) >= 15
    assert len(answered) <= SMALL_TALK_ANSWERED_AT_MOST
